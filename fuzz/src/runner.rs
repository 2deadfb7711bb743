//! Replays the kept inputs of a target, then fuzzes it within a budget of cases or seconds.
//!
//! - `ITP_FUZZ_SECONDS=N`: fuzz each target for N seconds (CI's bounded run; long runs by hand).
//! - `ITP_FUZZ_CASES=N`: at least N cases a target (default 256: a quick everyday run).
//! - `ITP_FUZZ_SEED=N`: the run's seed (default 0, so everyday runs are repeatable); a failure
//!   prints the seed that found it.
//!
//! A failing input is shrunk, written to `ci-artifacts/fuzz/<target>/` and printed; copy it into
//! `fuzz/regressions/<target>/` with the fix, and every later run replays it.

use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::Once;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestError, TestRng, TestRunner};

use crate::Target;
use crate::mutate::{mutated, unstructured};

thread_local! {
    /// While set, panics on this thread are expected (proptest records them): keep the log quiet.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

fn quiet_panics_while_fuzzing() {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                default(info);
            }
        }));
    });
}

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The files of `fuzz/<kind>/<target>/`, sorted, with their names.
pub fn files(kind: &str, target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = root().join(kind).join(target);
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(&dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .filter(|e| e.path().is_file())
                .filter_map(|e| {
                    let name = e.file_name().to_string_lossy().into_owned();
                    std::fs::read(e.path()).ok().map(|bytes| (name, bytes))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// Runs the corpus and the regressions through the target; returns what failed.
pub fn replay(target: &Target) -> Vec<String> {
    let mut failures = Vec::new();
    for kind in ["corpus", "regressions"] {
        for (name, bytes) in files(kind, target.name) {
            let check = target.check;
            if let Err(panic) = std::panic::catch_unwind(|| check(&bytes)) {
                failures.push(format!(
                    "{kind}/{}/{name}: {}",
                    target.name,
                    panic_message(&panic)
                ));
            }
        }
    }
    failures
}

fn panic_message(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| panic.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "panic".into())
}

pub struct Budget {
    pub cases: u64,
    pub time: Option<Duration>,
    pub seed: u64,
}

impl Budget {
    pub fn from_env() -> Budget {
        let number = |name: &str| {
            std::env::var(name)
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
        };
        Budget {
            cases: number("ITP_FUZZ_CASES").unwrap_or(256),
            time: number("ITP_FUZZ_SECONDS").map(Duration::from_secs),
            seed: number("ITP_FUZZ_SEED").unwrap_or(0),
        }
    }
}

pub struct Outcome {
    pub cases: u64,
    pub elapsed: Duration,
}

/// Fuzzes `target` until both the case count and the time budget are spent. On a failure,
/// returns the shrunk input's report (and writes the input under ci-artifacts/).
pub fn fuzz(target: &Target, budget: &Budget) -> Result<Outcome, String> {
    quiet_panics_while_fuzzing();
    let seeds: Vec<Vec<u8>> = files("corpus", target.name)
        .into_iter()
        .map(|(_, b)| b)
        .collect();
    let strategy = prop_oneof![
        4 => mutated(seeds, target.dictionary),
        3 => (target.generator)(),
        1 => unstructured(target.dictionary),
    ];
    let started = Instant::now();
    let mut cases = 0u64;
    let mut round = 0u64;
    let batch = 128u32;
    while cases < budget.cases || budget.time.is_some_and(|t| started.elapsed() < t) {
        let round_seed = budget
            .seed
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .wrapping_add(round);
        let mut key = [0u8; 32];
        key[..8].copy_from_slice(&round_seed.to_le_bytes());
        key[8..16].copy_from_slice(&(target.name.len() as u64).to_le_bytes());
        for (i, b) in target.name.bytes().enumerate().take(16) {
            key[16 + i] = b;
        }
        let config = Config {
            cases: batch,
            failure_persistence: None,
            max_shrink_iters: 4096,
            ..Config::default()
        };
        let mut runner =
            TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &key));
        let check = target.check;
        QUIET.with(|q| q.set(true));
        let result = runner.run(&strategy, |input| {
            check(&input);
            Ok(())
        });
        QUIET.with(|q| q.set(false));
        cases += u64::from(batch);
        round += 1;
        if let Err(error) = result {
            return Err(report(target, budget.seed, round - 1, error));
        }
    }
    Ok(Outcome {
        cases,
        elapsed: started.elapsed(),
    })
}

fn report(target: &Target, seed: u64, round: u64, error: TestError<Vec<u8>>) -> String {
    let (reason, input) = match error {
        TestError::Fail(reason, input) => (reason.to_string(), input),
        TestError::Abort(reason) => return format!("{}: fuzzing aborted: {reason}", target.name),
    };
    let dir = artifacts().join(target.name);
    let _ = std::fs::create_dir_all(&dir);
    let file = dir.join(format!("crash-seed{seed}-round{round}.bin"));
    let _ = std::fs::write(&file, &input);
    format!(
        "fuzz target '{}' failed (ITP_FUZZ_SEED={seed}, round {round}): {reason}\n  input ({} bytes): {}\n  \
         written to {}\n  keep it as a regression: copy it into fuzz/regressions/{}/ with the fix",
        target.name,
        input.len(),
        escape(&input),
        file.display(),
        target.name
    )
}

fn artifacts() -> PathBuf {
    match std::env::var("ITP_ARTIFACTS_DIR") {
        Ok(dir) if !dir.is_empty() => Path::new(&dir).join("fuzz"),
        _ => root().join("..").join("ci-artifacts").join("fuzz"),
    }
}

fn escape(input: &[u8]) -> String {
    let shown: String = String::from_utf8_lossy(&input[..input.len().min(400)])
        .escape_debug()
        .collect();
    if input.len() > 400 {
        format!("\"{shown}\"…")
    } else {
        format!("\"{shown}\"")
    }
}
