//! Cohort budgets: lines by category with a planned amount, the cost items committed and paid
//! against them, dated exchange rates for costs in other currencies, and the control finance
//! sets on each line.
//!
//! The figures of a line (planned, committed, actual, remaining, forecast) are defined once in
//! [`figures`]; whether a new commitment is fine, warned or needs finance's approval in
//! [`control`]; how a foreign amount becomes SEK in [`rates`]; the Riksbank's rate files are read
//! by [`riksbank`].

pub mod category;
pub mod control;
pub mod cost;
pub mod figures;
pub mod line;
pub mod rates;
pub mod riksbank;

pub use category::{Category, Control, CostSourceKind, CostState, RateSource};
pub use control::{AlertLevel, CommitmentCheck, check_commitment, level_reached};
pub use cost::{CostInput, ManualCost, Payment, PaymentInput};
pub use figures::{Figures, LineAmounts, totals};
pub use line::{LineInput, LinePlan, UnitCost};
pub use rates::{Conversion, NoRate, Rate, RateInput, convert, parse_rate, rate_on, to_ore};
pub use riksbank::{RateRow, RiksbankError, parse_riksbank_csv};
