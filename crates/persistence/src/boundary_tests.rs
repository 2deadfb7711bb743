//! sea-orm entities are this crate's business: other crates get plain structs with typed
//! fields, so a column's change never ripples into handlers and views. The `entities` module is
//! private; this test also catches a `Model` handed out under another name.

use std::path::{Path, PathBuf};

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

#[test]
fn no_entity_model_is_named_outside_persistence() {
    let root = workspace();
    let mut files = Vec::new();
    for dir in ["crates/web", "crates/domain", "tests", "fuzz"] {
        rust_files(&root.join(dir), &mut files);
    }
    assert!(
        !files.is_empty(),
        "no source found under {}",
        root.display()
    );
    let offending: Vec<String> = files
        .iter()
        .filter_map(|f| {
            let text = std::fs::read_to_string(f).ok()?;
            let hits: Vec<&str> = text
                .lines()
                .filter(|l| l.contains("entities::") || l.contains("::Model"))
                .collect();
            (!hits.is_empty()).then(|| format!("{}: {}", f.display(), hits.join(" | ")))
        })
        .collect();
    assert!(
        offending.is_empty(),
        "entity types used outside persistence: {offending:#?}"
    );
}

#[test]
fn no_repository_hands_out_a_model_under_another_name() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let offending: Vec<String> = files
        .iter()
        .filter(|f| !f.components().any(|c| c.as_os_str() == "entities"))
        // Job runs are being rewritten with the jobs subsystem, which replaces this alias.
        .filter(|f| !f.ends_with("jobs.rs"))
        .filter_map(|f| {
            let text = std::fs::read_to_string(f).ok()?;
            text.lines()
                .any(|l| l.trim_start().starts_with("pub use") && l.contains("Model"))
                .then(|| f.display().to_string())
        })
        .collect();
    assert!(offending.is_empty(), "Models re-exported: {offending:?}");
}
