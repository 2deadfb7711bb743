//! The migration that moved drafts into `application_drafts` keeps every draft, and its `down`
//! brings them back, on every backend at hand.

use itp_domain::application::ApplicationDraft;
use itp_migrations::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Statement};

use crate::test_support::{a_cohort, empty_backends};

#[tokio::test]
async fn drafts_survive_the_move_to_their_own_table_and_back() {
    for b in empty_backends().await {
        let conn = &b.db.conn;
        let drafts = Migrator::migrations()
            .iter()
            .position(|m| m.name() == "m20261130_000001_application_drafts")
            .unwrap();
        // Everything up to the schema where `applications.draft` still existed.
        Migrator::up(conn, Some(u32::try_from(drafts).unwrap()))
            .await
            .unwrap();
        let cohort_id = a_cohort(conn).await;
        let mut draft = ApplicationDraft::default();
        draft.organisation.name = "Hoima Municipal Council — ホイマ".into();
        let json = draft.to_json().replace('\'', "''");
        conn.execute_unprepared(&format!(
            "INSERT INTO applications (cohort_id, status, source, draft, organisation_name, \
             country, member_count, women_count, eligibility, flag_count, created_at, updated_at) \
             VALUES ({cohort_id}, 'draft', 'form', '{json}', '', '', 0, 0, 'unchecked', 0, \
             '2026-11-28 09:00:00+00:00', '2026-11-28 09:00:00+00:00')"
        ))
        .await
        .unwrap();
        let id: i32 = conn
            .query_one_raw(Statement::from_string(
                conn.get_database_backend(),
                "SELECT max(id) AS id FROM applications",
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "id")
            .unwrap();

        Migrator::up(conn, Some(1)).await.unwrap();
        let moved = super::draft_of(conn, id).await.unwrap();
        assert_eq!(moved, draft, "{}", b.name);
        assert!(
            conn.execute_unprepared("SELECT draft FROM applications")
                .await
                .is_err(),
            "{}: the wide column is gone",
            b.name
        );

        Migrator::down(conn, Some(1)).await.unwrap();
        let back: String = conn
            .query_one_raw(Statement::from_string(
                conn.get_database_backend(),
                format!("SELECT draft FROM applications WHERE id = {id}"),
            ))
            .await
            .unwrap()
            .unwrap()
            .try_get("", "draft")
            .unwrap();
        assert_eq!(
            ApplicationDraft::from_json(&back).unwrap(),
            draft,
            "{}",
            b.name
        );
    }
}

/// A database that recorded a migration under its old name (before the timestamps were made
/// unique) migrates without running it again.
#[tokio::test]
async fn a_migration_recorded_under_its_old_name_is_not_run_again() {
    for b in empty_backends().await {
        b.db.migrate().await.unwrap();
        for (old, new) in itp_migrations::RENAMED {
            b.db.conn
                .execute_unprepared(&format!(
                    "UPDATE seaql_migrations SET version = '{old}' WHERE version = '{new}'"
                ))
                .await
                .unwrap();
        }
        assert_eq!(b.db.migrate().await.unwrap(), 0, "{}", b.name);
    }
}
