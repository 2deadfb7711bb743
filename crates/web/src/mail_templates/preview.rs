//! The values a preview is rendered with: read from one real record of the programme (an
//! application, a cohort, a study visit, or the person editing), and for what the record does
//! not hold (a one-time link, a deadline still to be set) a plain example, named as such.

use chrono::Duration;
use itp_domain::mail::{Preview, TemplateKind, Values};
use itp_persistence::mail_templates::{self as stored, PreviewRecord};
use itp_persistence::{cohort, hosts, programme, selection_decisions};

use crate::app::AppState;
use crate::i18n::Lang;
use crate::i18n::format::dates as format_dates;
use crate::ops::OpResult;
use crate::security::session::CurrentUser;
use crate::selection::service::when;

/// How many records the editor offers to preview from.
const OFFERED: u64 = 50;

/// The records of the programme a preview of `kind` can be rendered from.
pub async fn records(
    state: &AppState,
    kind: &TemplateKind,
    programme_id: Option<i32>,
) -> OpResult<Vec<PreviewRecord>> {
    let conn = &state.db.conn;
    Ok(match kind.preview {
        Preview::Application => stored::preview_applications(conn, programme_id, OFFERED).await?,
        Preview::Cohort => stored::preview_cohorts(conn, programme_id, OFFERED).await?,
        Preview::StudyVisit => stored::preview_visits(conn, programme_id, OFFERED).await?,
        Preview::Person => Vec::new(),
    })
}

/// A value for a placeholder the record does not fill.
fn example(state: &AppState, name: &str) -> String {
    let now = state.clock.now();
    let base = &state.config.base_url;
    match name {
        "link" => format!("{base}/example-link-in-a-preview"),
        "deadline" | "expires" => when(now + Duration::days(14)),
        "sent" => now.format("%Y-%m-%d").to_string(),
        "left" => "7 days".into(),
        "position" => "1".into(),
        "open" => "3".into(),
        "applications" => "24".into(),
        "drafts" => "5".into(),
        "role" => "Programme manager".into(),
        "phase" => "Phase 2 in Sweden".into(),
        "dates" => "2–13 March 2027".into(),
        "place" => "Stockholm".into(),
        "line" => "Flights".into(),
        "level" => "reached 90 % of its plan".into(),
        "planned" => "180 000,00 kr".into(),
        "committed" => "163 450,00 kr".into(),
        other => format!("[{other}]"),
    }
}

/// The values for a preview of `kind` from `record` (the first offered one when `None`), and
/// which record they came from.
pub async fn values(
    state: &AppState,
    kind: &TemplateKind,
    programme_id: Option<i32>,
    record: Option<i32>,
    me: &CurrentUser,
) -> OpResult<(Values<'static>, Option<PreviewRecord>)> {
    let offered = records(state, kind, programme_id).await?;
    let chosen = record
        .and_then(|id| offered.iter().find(|r| r.id == id))
        .or(offered.first())
        .cloned();
    let conn = &state.db.conn;
    let mut from_record: Vec<(&'static str, String)> = Vec::new();
    match (kind.preview, &chosen) {
        (Preview::Application, Some(r)) => {
            if let Some(c) = selection_decisions::contact(conn, r.id).await? {
                from_record.push(("name", c.name));
                from_record.push(("reference", c.reference));
                from_record.push(("organisation", c.organisation));
                if let Some(p) = programme::find(conn, c.programme_id).await? {
                    from_record.push(("programme", p.programme.name));
                }
            }
            from_record.push(("cohort", r.cohort.clone()));
        }
        (Preview::Cohort, Some(r)) => {
            if let Some(c) = cohort::find(conn, r.id).await? {
                from_record.push(("cohort", c.settings.name.clone()));
                if let Some(p) = programme::find(conn, c.programme_id).await? {
                    from_record.push(("programme", p.programme.name));
                }
            }
            from_record.push(("name", me.display_name.clone()));
        }
        (Preview::StudyVisit, Some(r)) => {
            if let Some(v) = hosts::visits::find(conn, r.id).await? {
                if let Some(h) = hosts::find(conn, v.host_id).await? {
                    from_record.push(("host", h.name().to_owned()));
                    from_record.push(("name", h.contact_name.clone()));
                }
                if let Some(t) = hosts::visits::visiting_team(conn, v.application_id).await? {
                    from_record.push(("team", t.reference));
                }
                from_record.push(("dates", format_dates(v.dates, Lang::Sv)));
                from_record.push(("cohort", v.cohort_name.clone()));
            }
        }
        _ => {
            from_record.push(("name", me.display_name.clone()));
        }
    }
    let mut values = Values::new();
    for p in kind.placeholders {
        let value = from_record
            .iter()
            .rev()
            .find(|(n, _)| *n == p.name)
            .map(|(_, v)| v.clone())
            .unwrap_or_else(|| example(state, p.name));
        values = values.set(p.name, value);
    }
    Ok((values, chosen))
}
