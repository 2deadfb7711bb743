//! Is the database whole? The storage engine's own checks (SQLite `integrity_check` and
//! `foreign_key_check`) plus invariants of our data that a half-applied change would break.
//!
//! Each invariant is a query that returns the offending rows as text; an empty result means it
//! holds. A feature whose changes span several rows adds its invariant to [`INVARIANTS`] (for
//! example "every application has its applicant and its audit row").

use itp_persistence::{Backend, Database};

use crate::census::query_strings;

pub struct Invariant {
    pub name: &'static str,
    /// Returns one text column per offending row; must run on SQLite and PostgreSQL.
    pub sql: &'static str,
}

/// What holds in every healthy ITP database.
pub const INVARIANTS: &[Invariant] = &[
    Invariant {
        name: "every role grant belongs to an existing account",
        sql: "SELECT CAST(g.id AS TEXT) FROM role_grants g \
              WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = g.user_id)",
    },
    Invariant {
        name: "every one-time link belongs to an existing account",
        sql: "SELECT CAST(l.id AS TEXT) FROM one_time_links l \
              WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = l.user_id)",
    },
    Invariant {
        name: "every invitation in the audit log names an account that exists",
        sql: "SELECT a.entity_id FROM audit_log a WHERE a.action = 'user.invite' \
              AND NOT EXISTS (SELECT 1 FROM users u WHERE CAST(u.id AS TEXT) = a.entity_id)",
    },
    Invariant {
        name: "every account with an invitation link has its invitation in the audit log",
        sql: "SELECT u.email FROM users u \
              WHERE EXISTS (SELECT 1 FROM one_time_links l WHERE l.user_id = u.id AND l.purpose = 'invite') \
              AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'user.invite' \
                              AND a.entity_id = CAST(u.id AS TEXT))",
    },
    Invariant {
        name: "every invited account keeps its role unless a removal was audited",
        sql: "SELECT u.email FROM users u \
              WHERE EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'user.invite' \
                            AND a.entity_id = CAST(u.id AS TEXT)) \
              AND NOT EXISTS (SELECT 1 FROM role_grants g WHERE g.user_id = u.id) \
              AND NOT EXISTS (SELECT 1 FROM audit_log a WHERE a.action = 'user.revoke_role' \
                              AND a.entity_id = CAST(u.id AS TEXT))",
    },
    Invariant {
        name: "a submitted application has its submission time",
        sql: "SELECT CAST(id AS TEXT) FROM applications \
              WHERE status = 'submitted' AND submitted_at IS NULL",
    },
    Invariant {
        name: "every team member and document belongs to an application",
        sql: "SELECT 'member ' || CAST(m.id AS TEXT) FROM application_members m \
              WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = m.application_id) \
              UNION ALL \
              SELECT 'document ' || CAST(d.id AS TEXT) FROM application_documents d \
              WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = d.application_id)",
    },
    Invariant {
        name: "every document row has its stored document, and every stored document its row",
        sql: "SELECT 'row ' || CAST(d.id AS TEXT) FROM application_documents d \
              WHERE NOT EXISTS (SELECT 1 FROM document_blobs b WHERE b.storage_key = d.storage_key) \
              UNION ALL \
              SELECT 'stored ' || b.storage_key FROM document_blobs b \
              WHERE NOT EXISTS (SELECT 1 FROM application_documents d WHERE d.storage_key = b.storage_key)",
    },
];

/// Every problem found, as sentences; empty when the database is consistent.
pub async fn problems(db: &Database) -> Vec<String> {
    let mut problems = Vec::new();
    if db.backend == Backend::Sqlite {
        let integrity = query_strings(db, "PRAGMA integrity_check").await;
        if integrity != ["ok"] {
            problems.push(format!("SQLite integrity_check: {integrity:?}"));
        }
        let foreign = query_strings(
            db,
            "SELECT \"table\" || ' row ' || COALESCE(CAST(rowid AS TEXT), '?') || ' → ' || parent \
             FROM pragma_foreign_key_check",
        )
        .await;
        if !foreign.is_empty() {
            problems.push(format!("SQLite foreign_key_check: {foreign:?}"));
        }
    }
    for invariant in INVARIANTS {
        let offending = query_strings(db, invariant.sql).await;
        if !offending.is_empty() {
            problems.push(format!(
                "{}: broken by {} row(s): {:?}",
                invariant.name,
                offending.len(),
                offending.iter().take(5).collect::<Vec<_>>()
            ));
        }
    }
    problems
}
