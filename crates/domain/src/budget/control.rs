//! Budget control: what a line does as commitments approach and pass its plan.
//!
//! Finance sets each line to ignore, warn or stop. Warn and stop both warn from 90 % of the
//! plan; stop also refuses a commitment that would take the line beyond 100 % unless finance
//! approves it with a reason. A line planned at zero is beyond its plan with its first krona.

use rust_decimal::Decimal;

use super::Control;

/// How far a line's commitments have come, for warnings and finance's alerts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AlertLevel {
    /// At least 90 % of the plan is committed.
    Warning,
    /// More than the plan is committed.
    Over,
}

impl AlertLevel {
    pub const ALL: [AlertLevel; 2] = [AlertLevel::Warning, AlertLevel::Over];

    /// The stable part of a reminder's kind: `budget_warning`, `budget_over`.
    pub fn code(self) -> &'static str {
        match self {
            AlertLevel::Warning => "budget_warning",
            AlertLevel::Over => "budget_over",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AlertLevel::Warning => "90 % of the plan committed",
            AlertLevel::Over => "more than the plan committed",
        }
    }
}

/// The share of the plan from which a line warns.
pub const WARNING_SHARE: Decimal = Decimal::from_parts(9, 0, 0, false, 1);

/// The highest level a line with `committed` against `planned` has reached, under its control.
pub fn level_reached(control: Control, planned: Decimal, committed: Decimal) -> Option<AlertLevel> {
    if control == Control::Ignore || committed <= Decimal::ZERO {
        return None;
    }
    if committed > planned {
        Some(AlertLevel::Over)
    } else if committed >= planned * WARNING_SHARE {
        Some(AlertLevel::Warning)
    } else {
        None
    }
}

/// What a new commitment of `adding` does to a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommitmentCheck {
    /// Nothing to say.
    Fine,
    /// Allowed, with a warning the person sees.
    Warn(AlertLevel),
    /// A stopped line would go beyond its plan by `over_by`: finance must approve with a reason.
    NeedsApproval { over_by: Decimal },
}

pub fn check_commitment(
    control: Control,
    planned: Decimal,
    committed_before: Decimal,
    adding: Decimal,
) -> CommitmentCheck {
    let after = committed_before + adding;
    let level = level_reached(control, planned, after);
    match (control, level) {
        // Lowering a commitment never needs approval.
        (Control::Stop, Some(AlertLevel::Over)) if adding > Decimal::ZERO => {
            CommitmentCheck::NeedsApproval {
                over_by: after - planned,
            }
        }
        (_, Some(level)) => CommitmentCheck::Warn(level),
        (_, None) => CommitmentCheck::Fine,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    #[test]
    fn warn_lines_warn_from_ninety_percent() {
        assert_eq!(level_reached(Control::Warn, dec!(1000), dec!(899.99)), None);
        assert_eq!(
            level_reached(Control::Warn, dec!(1000), dec!(900)),
            Some(AlertLevel::Warning)
        );
        assert_eq!(
            level_reached(Control::Warn, dec!(1000), dec!(1000)),
            Some(AlertLevel::Warning)
        );
        assert_eq!(
            level_reached(Control::Warn, dec!(1000), dec!(1000.01)),
            Some(AlertLevel::Over)
        );
        assert_eq!(level_reached(Control::Ignore, dec!(1000), dec!(5000)), None);
    }

    #[test]
    fn a_stopped_line_needs_approval_only_beyond_its_plan() {
        assert_eq!(
            check_commitment(Control::Stop, dec!(1000), dec!(800), dec!(200)),
            CommitmentCheck::Warn(AlertLevel::Warning)
        );
        assert_eq!(
            check_commitment(Control::Stop, dec!(1000), dec!(800), dec!(250)),
            CommitmentCheck::NeedsApproval { over_by: dec!(50) }
        );
        assert_eq!(
            check_commitment(Control::Warn, dec!(1000), dec!(800), dec!(250)),
            CommitmentCheck::Warn(AlertLevel::Over)
        );
        assert_eq!(
            check_commitment(Control::Ignore, dec!(1000), dec!(800), dec!(250)),
            CommitmentCheck::Fine
        );
    }

    #[test]
    fn a_line_planned_at_zero_is_over_with_its_first_krona() {
        assert_eq!(
            check_commitment(Control::Stop, Decimal::ZERO, Decimal::ZERO, dec!(1)),
            CommitmentCheck::NeedsApproval { over_by: dec!(1) }
        );
    }

    proptest! {
        #[test]
        fn approval_is_needed_exactly_when_a_stopped_line_goes_beyond_its_plan(
            planned in 0i64..1_000_000, before in 0i64..1_000_000, adding in 1i64..1_000_000,
        ) {
            let (p, b, a) = (Decimal::new(planned, 2), Decimal::new(before, 2), Decimal::new(adding, 2));
            let needs = matches!(check_commitment(Control::Stop, p, b, a), CommitmentCheck::NeedsApproval { .. });
            prop_assert_eq!(needs, b + a > p);
            let warn_needs = matches!(check_commitment(Control::Warn, p, b, a), CommitmentCheck::NeedsApproval { .. });
            prop_assert!(!warn_needs);
            prop_assert_eq!(check_commitment(Control::Ignore, p, b, a), CommitmentCheck::Fine);
        }

        #[test]
        fn levels_only_rise_as_commitments_grow(planned in 0i64..1_000_000, a in 0i64..1_000_000, b in 0i64..1_000_000) {
            let (p, lo, hi) = (Decimal::new(planned, 2), Decimal::new(a.min(b), 2), Decimal::new(a.max(b), 2));
            prop_assert!(level_reached(Control::Warn, p, lo) <= level_reached(Control::Warn, p, hi));
        }
    }
}
