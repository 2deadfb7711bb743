//! The year overview: every cohort of the catalogue that runs during a year, its phases on one
//! picture, and the same phases as a table.

use axum::extract::{Query, State};
use chrono::{Datelike, NaiveDate};
use itp_domain::Code;
use itp_domain::phase::{DateSpan, Phase};
use itp_persistence::cohort::{self, StoredCohort};
use itp_persistence::phase::{self, StoredPhase};
use itp_persistence::programme::{self, ProgrammeSummary};
use maud::{Markup, html};
use serde::Deserialize;

use crate::app::AppState;
use crate::cohort::timeline::{self, OverviewRow};
use crate::cohort::views::status_badge;
use crate::error::{AppError, Result};
use crate::views::{PageContext, page as layout};

#[derive(Deserialize, Default)]
pub struct YearQuery {
    year: Option<String>,
}

pub async fn page(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<YearQuery>,
) -> Result<Markup> {
    let today = state.clock.now().date_naive();
    let year = match q.year.as_deref().map(str::trim) {
        None | Some("") => today.year(),
        Some(y) => match y.parse::<i32>() {
            Ok(y) if (2000..=2100).contains(&y) => y,
            _ => {
                return Err(AppError::BadRequest(
                    "The year must be from 2000 to 2100.".into(),
                ));
            }
        },
    };
    let (Some(first), Some(last)) = (
        NaiveDate::from_ymd_opt(year, 1, 1),
        NaiveDate::from_ymd_opt(year, 12, 31),
    ) else {
        return Err(AppError::BadRequest("No such year.".into()));
    };
    let conn = &state.db.conn;
    // Three queries whatever the number of cohorts: programmes, cohorts, phases.
    let programmes = programme::list_summaries(conn, false).await?;
    let cohorts: Vec<StoredCohort> = cohort::overlapping(conn, first, last)
        .await?
        .into_iter()
        .filter(|c| programmes.iter().any(|p| p.id == c.programme_id))
        .collect();
    let ids: Vec<i32> = cohorts.iter().map(|c| c.id).collect();
    let phases = phase::of_cohorts(conn, &ids).await?;
    Ok(view(&ctx, year, today, &programmes, &cohorts, &phases))
}

fn view(
    ctx: &PageContext,
    year: i32,
    today: NaiveDate,
    programmes: &[ProgrammeSummary],
    cohorts: &[StoredCohort],
    phases: &[StoredPhase],
) -> Markup {
    let span = DateSpan {
        start: NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today),
        end: NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today),
    };
    let mut ordered: Vec<(&ProgrammeSummary, &StoredCohort)> = cohorts
        .iter()
        .filter_map(|c| {
            programmes
                .iter()
                .find(|p| p.id == c.programme_id)
                .map(|p| (p, c))
        })
        .collect();
    ordered.sort_by(|(pa, ca), (pb, cb)| {
        (pa.name.as_str(), ca.settings.dates).cmp(&(pb.name.as_str(), cb.settings.dates))
    });
    let rows: Vec<OverviewRow> = ordered
        .iter()
        .map(|(p, c)| OverviewRow {
            label: format!("{} · {}", p.code, c.settings.name),
            href: format!("/cohorts/{}", c.id),
            phases: phases
                .iter()
                .filter(|sp| sp.cohort_id == c.id)
                .map(|sp| &sp.phase)
                .collect(),
        })
        .collect();
    let title = format!("Year overview {year}");
    layout(
        ctx,
        &title,
        html! {
            p { a href="/programmes" { "← All programmes" } }
            h1 { (title) }
            nav.pagination aria-label="Years" {
                a rel="prev" href={ "/programmes/overview?year=" (year - 1) } { "← " (year - 1) }
                span { (year) }
                a rel="next" href={ "/programmes/overview?year=" (year + 1) } { (year + 1) " →" }
            }
            @if rows.is_empty() {
                p { "No cohort runs in " (year) "." }
            } @else {
                p.lead { (rows.len()) " cohorts run in " (year) "." }
                (timeline::year_overview(year, &rows, today))
                (timeline::legend())
                h2 { "Phases in " (year) }
                div.table-wrap {
                    table {
                        thead { tr { th { "Programme" } th { "Cohort" } th { "Status" } th { "Phase" } th { "Dates" } th { "Place" } } }
                        tbody {
                            @for (p, c) in &ordered {
                                @let in_year: Vec<&Phase> = phases.iter().filter(|sp| sp.cohort_id == c.id && sp.phase.dates.overlaps(&span)).map(|sp| &sp.phase).collect();
                                @if in_year.is_empty() {
                                    tr {
                                        td { (p.code) } td { a href={ "/cohorts/" (c.id) } { (c.settings.name) } }
                                        td { (status_badge(c.status)) } td colspan="3" { "No phase this year" }
                                    }
                                }
                                @for ph in in_year {
                                    tr {
                                        td { (p.code) } td { a href={ "/cohorts/" (c.id) } { (c.settings.name) } }
                                        td { (status_badge(c.status)) }
                                        td { (ph.title) " " span.muted { "(" (ph.kind.label()) ")" } }
                                        td { (itp_domain::format::date_span(ph.dates.start, ph.dates.end, itp_domain::format::Lang::En)) } td { (ph.place()) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}
