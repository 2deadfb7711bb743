//! `itp storage migrate`, `itp check`, `itp backup` and `itp restore`, run for real on SQLite
//! data directories of their own: documents of an earlier version move from `uploads/` into the
//! database (an altered file is left where it is and reported), `itp check` names what is
//! wrong and exits non-zero, and backup and restore refuse to overwrite anything.

use std::path::Path;
use std::process::Output;
use std::sync::Arc;

use itp_persistence::{ConnectionTrait, Database};
use itp_tests::census::query_strings;
use itp_tests::process::Itp;
use itp_web::{AppState, Config, SystemClock};

fn itp(dir: &Path) -> Itp {
    Itp {
        binary: env!("CARGO_BIN_EXE_itp").into(),
        database_url: itp_persistence::connect::sqlite_url(&dir.join("itp.sqlite")),
        data_dir: dir.to_path_buf(),
    }
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

/// A data directory with the demo data whose documents are files under `uploads/`, as an
/// earlier version left them: the bytes written out under their keys, the database's copy gone.
/// Returns the database and the storage keys.
async fn as_an_earlier_version_left_it(dir: &Path) -> (Database, Vec<String>) {
    let db = Database::open_sqlite_file(&dir.join("itp.sqlite"))
        .await
        .unwrap();
    db.migrate().await.unwrap();
    let config = Config::resolve(
        None,
        dir.to_path_buf(),
        "127.0.0.1:0".parse().unwrap(),
        None,
    );
    let state = AppState::new(db.clone(), config, Arc::new(SystemClock)).unwrap();
    itp_web::demo::seed_with_password(&state, "storage commands password")
        .await
        .unwrap();
    let store = itp_web::storage::DocumentStore::new(db.clone());
    let uploads = dir.join("uploads");
    std::fs::create_dir_all(&uploads).unwrap();
    let mut keys = Vec::new();
    for r in itp_persistence::document_store::references(&db.conn)
        .await
        .unwrap()
    {
        let bytes = store
            .read(itp_web::storage::Expected {
                key: &r.storage_key,
                sha256: &r.sha256,
                size_bytes: r.size_bytes,
            })
            .await
            .unwrap();
        std::fs::write(uploads.join(&r.storage_key), bytes).unwrap();
        keys.push(r.storage_key);
    }
    db.conn
        .execute_unprepared("DELETE FROM document_chunks")
        .await
        .unwrap();
    db.conn
        .execute_unprepared("DELETE FROM document_blobs")
        .await
        .unwrap();
    assert!(keys.len() >= 4, "the demo data has documents: {keys:?}");
    (db, keys)
}

#[tokio::test]
async fn storage_migrate_moves_every_document_into_the_database_and_checks_it() {
    let dir = tempfile::tempdir().unwrap();
    let (db, keys) = as_an_earlier_version_left_it(dir.path()).await;
    let itp = itp(dir.path());

    let before = itp.run(&["check"]);
    assert!(!before.status.success(), "{}", text(&before));
    assert!(
        text(&before).contains("not in the store"),
        "check names rows without their document: {}",
        text(&before)
    );

    // A file nobody's row names stays, and is mentioned.
    std::fs::write(dir.path().join("uploads").join("stray"), b"x").unwrap();
    let out = itp.run(&["storage", "migrate"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains(&format!("moved {} document(s)", keys.len())),
        "{}",
        text(&out)
    );
    assert!(text(&out).contains("1 file(s)"), "{}", text(&out));
    for key in &keys {
        assert!(
            !dir.path().join("uploads").join(key).exists(),
            "{key} was moved, so its file is gone"
        );
    }
    let stored = query_strings(&db, "SELECT storage_key FROM document_blobs").await;
    assert_eq!(stored.len(), keys.len());
    let after = itp.run(&["check"]);
    assert!(after.status.success(), "{}", text(&after));

    // Again: nothing left to move, still whole.
    let again = itp.run(&["storage", "migrate"]);
    assert!(again.status.success(), "{}", text(&again));
    assert!(
        text(&again).contains("moved 0 document(s)"),
        "{}",
        text(&again)
    );
}

#[tokio::test]
async fn storage_migrate_leaves_an_altered_file_where_it_is_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, keys) = as_an_earlier_version_left_it(dir.path()).await;
    let altered = dir.path().join("uploads").join(&keys[0]);
    let mut bytes = std::fs::read(&altered).unwrap();
    bytes[0] ^= 1;
    std::fs::write(&altered, &bytes).unwrap();
    std::fs::remove_file(dir.path().join("uploads").join(&keys[1])).unwrap();

    let out = itp(dir.path()).run(&["storage", "migrate"]);
    assert!(!out.status.success(), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("is not what was uploaded"), "{said}");
    assert!(said.contains("no file"), "{said}");
    assert!(altered.exists(), "the altered file is left where it was");
    assert!(
        said.contains(&format!("moved {} document(s)", keys.len() - 2)),
        "{said}"
    );
}

#[tokio::test]
async fn backup_and_restore_round_trip_and_refuse_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let (_db, _keys) = as_an_earlier_version_left_it(dir.path()).await;
    let source = itp(dir.path());
    let out = source.run(&["storage", "migrate"]);
    assert!(out.status.success(), "{}", text(&out));

    let backup = dir.path().join("nightly.itp");
    let out = source.run(&["backup", "--to", &backup.to_string_lossy()]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("all present"), "{}", text(&out));
    let again = source.run(&["backup", "--to", &backup.to_string_lossy()]);
    assert!(!again.status.success(), "a backup never overwrites a file");

    let empty = tempfile::tempdir().unwrap();
    let target = itp(empty.path());
    let out = target.run(&["restore", "--from", &backup.to_string_lossy()]);
    assert!(out.status.success(), "{}", text(&out));
    let out = target.run(&["check"]);
    assert!(out.status.success(), "{}", text(&out));
    let twice = target.run(&["restore", "--from", &backup.to_string_lossy()]);
    assert!(!twice.status.success());
    assert!(text(&twice).contains("already exists"), "{}", text(&twice));

    let not_a_backup = dir.path().join("notes.txt");
    std::fs::write(&not_a_backup, "not a database at all").unwrap();
    let elsewhere = tempfile::tempdir().unwrap();
    let out = itp(elsewhere.path()).run(&["restore", "--from", &not_a_backup.to_string_lossy()]);
    assert!(!out.status.success());
    assert!(text(&out).contains("not an ITP backup"), "{}", text(&out));
    assert!(!elsewhere.path().join("itp.sqlite").exists());
}

#[tokio::test]
async fn seed_adds_cost_items_in_batches_converted_and_exported() {
    let dir = tempfile::tempdir().unwrap();
    let out = itp(dir.path()).run(&["seed", "--applications", "0", "--cost-items", "1201"]);
    assert!(out.status.success(), "{}", text(&out));
    assert!(
        text(&out).contains("1201 cost items added to /cohorts/"),
        "{}",
        text(&out)
    );
    let db = Database::open_sqlite_file(&dir.path().join("itp.sqlite"))
        .await
        .unwrap();
    let seeded = query_strings(
        &db,
        "SELECT CAST(COUNT(*) AS TEXT) FROM cost_items WHERE description LIKE 'Synthetic cost %'",
    )
    .await;
    assert_eq!(seeded, vec!["1201".to_owned()]);
    // Every item converts as stored: SEK at 1, dollars at the seed's rate to the öre.
    let off = query_strings(
        &db,
        "SELECT CAST(COUNT(*) AS TEXT) FROM cost_items WHERE currency = 'SEK' AND amount_ore <> amount_minor",
    )
    .await;
    assert_eq!(off, vec!["0".to_owned()]);
    let out = itp(dir.path()).run(&["export", "costs", "--format", "csv"]);
    assert!(out.status.success(), "{}", text(&out));
    let lines = String::from_utf8_lossy(&out.stdout).lines().count();
    assert!(
        lines > 1201,
        "{lines} lines: the header, the seeded items and the demo's"
    );
}

#[tokio::test]
async fn seed_adds_completed_cohorts_with_every_line_planned_and_costs_to_the_ore() {
    let dir = tempfile::tempdir().unwrap();
    let out = itp(dir.path()).run(&["seed", "--applications", "0", "--cohorts", "3"]);
    assert!(out.status.success(), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains("3 cohorts added (Synthetic cohort 1 to 3"),
        "{said}"
    );
    let db = Database::open_sqlite_file(&dir.path().join("itp.sqlite"))
        .await
        .unwrap();
    let of_each = |select: &str| {
        format!(
            "SELECT {select} FROM cohorts c WHERE c.name LIKE 'Synthetic cohort %' ORDER BY c.id"
        )
    };
    let cohorts = query_strings(&db, &of_each("c.name || ', ' || c.status")).await;
    assert_eq!(
        cohorts,
        [
            "Synthetic cohort 1, completed",
            "Synthetic cohort 2, completed",
            "Synthetic cohort 3, completed"
        ]
    );
    // Every line planned: 15,000 to 37,500 kr by line, a thousand more for each next cohort.
    let lines = query_strings(
        &db,
        &of_each(
            "(SELECT CAST(COUNT(*) AS TEXT) || ' lines, ' || CAST(SUM(planned_ore) AS TEXT) \
             FROM budget_lines b WHERE b.cohort_id = c.id)",
        ),
    )
    .await;
    assert_eq!(
        lines,
        [
            "10 lines, 26250000",
            "10 lines, 27250000",
            "10 lines, 28250000"
        ]
    );
    let costs = query_strings(
        &db,
        &of_each(
            "(SELECT CAST(COUNT(*) AS TEXT) || ' costs, ' || CAST(SUM(currency = 'USD') AS TEXT) \
             || ' in USD, ' || CAST(SUM(state = 'paid') AS TEXT) || ' paid' \
             FROM cost_items i WHERE i.cohort_id = c.id)",
        ),
    )
    .await;
    assert_eq!(
        costs,
        [
            "30 costs, 6 in USD, 20 paid",
            "31 costs, 7 in USD, 20 paid",
            "32 costs, 6 in USD, 22 paid"
        ]
    );
    // Dollars at the seed's 10.71 to the öre, halves away from zero; kronor as they are.
    let off = query_strings(
        &db,
        "SELECT CAST(COUNT(*) AS TEXT) FROM cost_items WHERE description LIKE 'Synthetic cohort cost %' \
         AND amount_ore <> CASE currency WHEN 'USD' THEN (amount_minor * 1071 + 50) / 100 ELSE amount_minor END",
    )
    .await;
    assert_eq!(off, ["0"]);
    // What the command says it added is what is stored, to the öre.
    let sums = query_strings(
        &db,
        "SELECT CAST(SUM(amount_ore) AS TEXT) FROM cost_items WHERE description LIKE 'Synthetic cohort cost %' \
         UNION ALL SELECT CAST(SUM(amount_ore) AS TEXT) FROM cost_items \
         WHERE description LIKE 'Synthetic cohort cost %' AND state = 'paid'",
    )
    .await;
    let kronor = |ore: &str| {
        itp_domain::Money::from_minor_units(ore.parse().unwrap(), itp_domain::Currency::SEK).plain()
    };
    assert!(
        said.contains(&format!(
            "30 budget lines planned at 817500.00 SEK; 93 cost items committed for {} SEK, {} SEK of it paid",
            kronor(&sums[0]),
            kronor(&sums[1])
        )),
        "{said}"
    );
}
