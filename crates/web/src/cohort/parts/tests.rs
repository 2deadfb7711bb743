//! Registering a part is all a feature does: its facts reach the lifecycle's preconditions, its
//! numbers and tile reach the dashboard, and its copy runs inside the clone.

use std::sync::Mutex;

use chrono::{DateTime, TimeZone, Utc};
use itp_domain::audit::ChangeSet;
use itp_domain::cohort::clone::{self, CloneInput};
use itp_domain::cohort::lifecycle::{self, Facts, FeatureFacts, PhaseFacts, Transition};
use itp_domain::cohort::{CallWindow, CohortSettings, CohortStatus};
use itp_domain::phase::{DateSpan, PhaseInput};
use itp_domain::programme::ProgrammeInput;
use itp_persistence::cohort::{
    self, BoxFuture, Cloning, CountsQuery, CountsRow, NewCohort, PeopleCounts, StoredCohort,
};
use itp_persistence::{Database, DatabaseTransaction, Result, TransactionTrait, phase, programme};
use maud::{Markup, html};

use super::phases::Phases;
use super::{CohortPart, Parts, REGISTERED};

/// A feature the cohort has never heard of: a review rubric that must be signed off before the
/// cohort closes, shown on the dashboard and copied to a clone.
#[derive(Default)]
struct Rubric {
    copied: Mutex<Vec<(i32, i32, i64)>>,
}

#[derive(Debug)]
struct RubricFacts {
    signed_off: bool,
}

impl FeatureFacts for RubricFacts {
    fn refusals(&self, transition: Transition, _facts: &Facts<'_>) -> Vec<String> {
        match transition {
            Transition::Close if !self.signed_off => vec!["Sign off the review rubric.".into()],
            _ => vec![],
        }
    }
}

impl CohortPart for Rubric {
    fn facts<'a>(
        &'a self,
        _tx: &'a DatabaseTransaction,
        _cohort: &'a StoredCohort,
    ) -> BoxFuture<'a, Result<Option<Box<dyn FeatureFacts>>>> {
        Box::pin(async {
            Ok(Some(
                Box::new(RubricFacts { signed_off: false }) as Box<dyn FeatureFacts>
            ))
        })
    }

    // The rubric's own table does not exist yet; any one-row query shows the way through.
    fn counts(&self, cohort_id: i32) -> Option<CountsQuery> {
        Some(PeopleCounts::query(cohort_id))
    }

    fn tiles(&self, _cohort_id: i32, row: &CountsRow) -> Result<Option<Markup>> {
        let reviewers = row.count("reviewers")?;
        Ok(Some(
            html! { div.tile { dt { "Rubric" } dd { (reviewers) " reviewers" } } },
        ))
    }

    fn copy<'a>(
        &'a self,
        tx: &'a DatabaseTransaction,
        clone: &'a Cloning<'a>,
    ) -> BoxFuture<'a, Result<ChangeSet>> {
        Box::pin(async move {
            let new = cohort::find(tx, clone.new_id).await?;
            assert!(new.is_some(), "the copy runs after the new cohort exists");
            self.copied
                .lock()
                .unwrap()
                .push((clone.source.id, clone.new_id, clone.shift_days));
            Ok(ChangeSet::new().set("rubric", "copied"))
        })
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 9, 0, 0).unwrap()
}

fn day(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

/// A fresh database with a completed cohort (one phase, over) of a new programme.
async fn a_completed_cohort(dir: &tempfile::TempDir) -> (Database, StoredCohort) {
    let db = Database::open_sqlite_file(&dir.path().join("t.sqlite"))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    let conn = &db.conn;
    let programme = ProgrammeInput {
        code: "MF".into(),
        name: "Municipal Financing".into(),
        eligible_countries: "UG".into(),
        team_min: "2".into(),
        team_max: "3".into(),
        required_roles: vec!["official".into()],
        ..Default::default()
    }
    .validate()
    .unwrap();
    let programme_id = programme::create(conn, &programme, now()).await.unwrap();
    let dates = DateSpan::new(day("2026-02-02"), day("2026-10-30"));
    let settings = CohortSettings {
        name: "Municipal Financing 2026".into(),
        seats: 25,
        dates,
        call: CallWindow {
            opens_at: None,
            closes_at: None,
            time_zone: chrono_tz::Africa::Nairobi,
        },
        eligible_countries: None,
        per_diem_policy: String::new(),
    };
    let id = cohort::create(
        conn,
        NewCohort {
            programme_id,
            settings: &settings,
            status: CohortStatus::Completed,
            calendar_token: "token-for-a-parts-test",
            cloned_from_id: None,
        },
        now(),
    )
    .await
    .unwrap();
    let workshop = PhaseInput {
        kind: "regional_workshop".into(),
        title: "Inception".into(),
        starts_on: "2026-02-15".into(),
        ends_on: "2026-02-18".into(),
        country: "UG".into(),
        compulsory: true,
        ..Default::default()
    }
    .validate(dates)
    .unwrap();
    phase::create(conn, id, &workshop, now()).await.unwrap();
    let stored = cohort::find(conn, id).await.unwrap().unwrap();
    (db, stored)
}

fn facts_for(features: itp_domain::cohort::lifecycle::FactSheet) -> Facts<'static> {
    Facts {
        now: now(),
        programme_archived: false,
        dates: None,
        call: CallWindow {
            opens_at: None,
            closes_at: None,
            time_zone: chrono_tz::Africa::Nairobi,
        },
        eligible_countries: 1,
        reason: "",
        features,
    }
}

#[tokio::test]
async fn a_registered_part_reaches_the_preconditions_the_dashboard_and_the_clone() {
    let dir = tempfile::tempdir().unwrap();
    let (db, source) = a_completed_cohort(&dir).await;
    let rubric = Rubric::default();
    let with_rubric = [&Phases as &dyn CohortPart, &rubric];
    let parts = Parts(&with_rubric);

    // Its fact refuses the move, beside the phases' facts.
    let tx = db.conn.begin().await.unwrap();
    let sheet = parts.facts(&tx, &source).await.unwrap();
    tx.rollback().await.unwrap();
    assert_eq!(sheet.len(), 2);
    assert_eq!(sheet.get::<PhaseFacts>().unwrap().phases.len(), 1);
    let refused = lifecycle::check(
        CohortStatus::Completed,
        Transition::Close,
        &facts_for(sheet),
    );
    assert_eq!(
        refused.unwrap_err().0,
        vec!["Sign off the review rubric.".to_owned()]
    );
    let tx = db.conn.begin().await.unwrap();
    let without = Parts(&[&Phases as &dyn CohortPart])
        .facts(&tx, &source)
        .await;
    tx.rollback().await.unwrap();
    assert_eq!(
        lifecycle::check(
            CohortStatus::Completed,
            Transition::Close,
            &facts_for(without.unwrap())
        ),
        Ok(CohortStatus::Closed),
        "unregistered, the rubric says nothing"
    );

    // Its count reaches the dashboard, after the parts before it.
    let tiles = parts.tiles(&db.conn, source.id).await.unwrap().0;
    let html: Vec<String> = tiles.into_iter().map(|t| t.into_string()).collect();
    assert_eq!(html.len(), 2);
    assert!(html[0].contains("Phases"), "{html:?}");
    assert!(html[1].contains("Rubric") && html[1].contains("0 reviewers"));

    // Its copy runs inside the clone, with the shift, next to the phases' copy.
    let phases: Vec<_> = phase::of_cohort(&db.conn, source.id)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.phase)
        .collect();
    let input = CloneInput {
        name: "Municipal Financing 2027".into(),
        starts_on: "2027-02-01".into(),
    };
    let plan = clone::plan(&source.settings, &phases, &input).unwrap();
    let tx = itp_persistence::begin_write(&db.conn).await.unwrap();
    let (new_id, _) = cohort::clone(&tx, &source, &plan, "token-of-the-clone", now(), &parts)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(
        *rubric.copied.lock().unwrap(),
        vec![(source.id, new_id, 364)]
    );
    let copied = phase::of_cohort(&db.conn, new_id).await.unwrap();
    assert_eq!(copied.len(), 1);
    assert_eq!(copied[0].phase.dates.start, day("2027-02-14"));
}

#[tokio::test]
async fn the_registered_parts_show_every_tile_of_the_cohort_page_in_order() {
    let dir = tempfile::tempdir().unwrap();
    let (db, source) = a_completed_cohort(&dir).await;
    let html: String = REGISTERED
        .tiles(&db.conn, source.id)
        .await
        .unwrap()
        .0
        .into_iter()
        .map(|t| t.into_string())
        .collect();
    let labels = [
        "Phases",
        "Responsible managers",
        "Reviewers",
        "Applications",
        "Applicants",
    ];
    let at: Vec<usize> = labels
        .iter()
        .map(|l| {
            html.find(&format!("<dt>{l}</dt>"))
                .unwrap_or_else(|| panic!("{l} in {html}"))
        })
        .collect();
    assert!(at.windows(2).all(|w| w[0] < w[1]), "{html}");
    assert!(html.contains("1 compulsory"));
    assert!(
        !html.contains(&format!("/cohorts/{}/applications", source.id)),
        "the tile links nothing a reviewer could not open"
    );
}
