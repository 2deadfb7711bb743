//! Fuzz targets for every parser of outside input, and a bounded driver that runs them on
//! stable Rust.
//!
//! Why not cargo-fuzz (libFuzzer) or cargo-afl: cargo-fuzz needs a nightly toolchain, which
//! cannot be installed on our machines, and cargo-afl needs AFL++ built from source plus system
//! settings for every run. Coverage guidance matters most for deep binary formats; our parsers
//! read JSON, form bodies and short texts, where inputs shaped like the real ones (mutated seed
//! files and structure-aware generators, with a dictionary of hostile tokens) reach the code
//! that matters. proptest drives them, shrinks any failure to a small input, and runs as an
//! ordinary test: a few hundred cases in every `cargo test`, a time-bounded run in CI, and as
//! long as anyone wants by hand (see `fuzz/README.md`).
//!
//! A target is a function that takes raw bytes, feeds them to a parser, and panics only when a
//! property fails (a panic inside the parser counts too): refusing bad input is fine.
#![forbid(unsafe_code)]

pub mod mutate;
pub mod runner;
pub mod targets;

use proptest::strategy::BoxedStrategy;

pub struct Target {
    /// Also the folder name under `fuzz/corpus/` and `fuzz/regressions/`.
    pub name: &'static str,
    /// Panics when a property fails; returns for any input the parser accepts or refuses.
    pub check: fn(&[u8]),
    /// Tokens worth splicing into inputs: the format's keywords and separators.
    pub dictionary: &'static [&'static str],
    /// Inputs shaped like the real thing, beside the mutated seeds and raw bytes.
    pub generator: fn() -> BoxedStrategy<Vec<u8>>,
}

/// Every target. A new parser of outside input adds one line here and a module in `targets/`.
pub fn targets() -> Vec<Target> {
    vec![
        targets::application_import::target(),
        targets::skatteverket::target(),
        targets::trip::target(),
        targets::forms::target(),
        targets::money::target(),
        targets::email::target(),
        targets::selection_case::target(),
        targets::match_case::target(),
        targets::export_filters::target(),
        targets::retention::target(),
        targets::mail_template::target(),
        targets::riksbank::target(),
    ]
}

pub fn target(name: &str) -> Target {
    targets()
        .into_iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no fuzz target named {name}"))
}
