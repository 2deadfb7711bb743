//! Fresh databases on every backend at hand, for this crate's tests: SQLite always, and
//! PostgreSQL too when `ITP_TEST_DATABASE_URL` names a server (each call makes a new database
//! there; CI drops the `itp_test_*` databases it created).

use std::sync::atomic::{AtomicU32, Ordering};

use chrono::{TimeZone, Utc};
use itp_domain::programme::ProgrammeInput;
use sea_orm::ConnectionTrait;

use crate::Database;

pub(crate) struct Backend {
    pub name: &'static str,
    pub db: Database,
    _dir: tempfile::TempDir,
}

static COUNTER: AtomicU32 = AtomicU32::new(0);

/// Fresh, migrated databases.
pub(crate) async fn backends() -> Vec<Backend> {
    let all = empty_backends().await;
    for b in &all {
        b.db.migrate().await.unwrap();
    }
    all
}

/// Fresh databases without any migration applied (for migration tests).
pub(crate) async fn empty_backends() -> Vec<Backend> {
    let dir = tempfile::tempdir().unwrap();
    let sqlite = Database::open_sqlite_file(&dir.path().join("t.sqlite"))
        .await
        .unwrap();
    let mut all = vec![Backend {
        name: "sqlite",
        db: sqlite,
        _dir: dir,
    }];
    if let Ok(server) = std::env::var("ITP_TEST_DATABASE_URL")
        && !server.is_empty()
    {
        let admin = Database::connect(&server).await.unwrap();
        let name = format!(
            "itp_test_unit_{}_{}_{}",
            std::process::id(),
            COUNTER.fetch_add(1, Ordering::SeqCst),
            Utc::now().timestamp_subsec_nanos()
        );
        admin
            .conn
            .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
            .await
            .unwrap();
        let base = server.rsplit_once('/').map_or(server.as_str(), |(b, _)| b);
        let db = Database::connect(&format!("{base}/{name}")).await.unwrap();
        all.push(Backend {
            name: "postgres",
            db,
            _dir: tempfile::tempdir().unwrap(),
        });
    }
    all
}

/// A programme and a running cohort of it; returns the cohort's id.
pub(crate) async fn a_cohort<C: ConnectionTrait>(conn: &C) -> i32 {
    let now = Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap();
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
    let programme_id = crate::programme::create(conn, &programme, now)
        .await
        .unwrap();
    let settings = itp_domain::cohort::CohortSettings {
        name: "Municipal Financing 2026".into(),
        seats: 25,
        dates: None,
        call: itp_domain::cohort::CallWindow {
            opens_at: None,
            closes_at: None,
            time_zone: chrono_tz::Africa::Nairobi,
        },
        eligible_countries: None,
        per_diem_policy: String::new(),
    };
    crate::cohort::create(
        conn,
        crate::cohort::NewCohort {
            programme_id,
            settings: &settings,
            status: itp_domain::cohort::CohortStatus::Running,
            calendar_token: "token-for-a-test-cohort",
            cloned_from_id: None,
        },
        now,
    )
    .await
    .unwrap()
}
