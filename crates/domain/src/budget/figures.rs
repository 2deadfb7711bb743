//! The figures of a budget line and of a budget, defined once.
//!
//! - **planned**: what the manager planned for the line.
//! - **committed**: every cost item of the line (committed or paid) plus, on the per-diem line,
//!   every approved or paid per-diem statement of the cohort. Paid money was committed first, so
//!   committed includes actual.
//! - **actual**: the paid cost items plus the paid per-diem statements.
//! - **open** = committed − actual: booked, not yet paid.
//! - **remaining** = planned − committed: what may still be committed; negative when over.
//! - **uncommitted** = max(planned − committed, 0): the part of the plan not yet committed.
//! - **forecast** = actual + open + uncommitted: what the line will cost if the rest of the plan
//!   is spent and nothing more. It equals max(planned, committed) and is never below actual.
//!
//! Totals are the sums of the lines' figures, field by field, so the lines always add up to the
//! total exactly (the total forecast is not max(total planned, total committed): an overrun on
//! one line is not offset by savings on another that are still planned).

use rust_decimal::Decimal;

use crate::money::Money;

/// What a line's figures are computed from, in SEK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LineAmounts {
    pub planned: Decimal,
    /// Committed and paid together (see the module's definitions).
    pub committed: Decimal,
    pub actual: Decimal,
}

/// A line's (or a budget's) figures in SEK.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Figures {
    pub planned: Decimal,
    pub committed: Decimal,
    pub actual: Decimal,
    pub open: Decimal,
    pub remaining: Decimal,
    pub uncommitted: Decimal,
    pub forecast: Decimal,
}

impl Figures {
    pub fn of(a: LineAmounts) -> Figures {
        let open = a.committed - a.actual;
        let remaining = a.planned - a.committed;
        let uncommitted = remaining.max(Decimal::ZERO);
        Figures {
            planned: a.planned,
            committed: a.committed,
            actual: a.actual,
            open,
            remaining,
            uncommitted,
            forecast: a.actual + open + uncommitted,
        }
    }

    fn plus(self, o: Figures) -> Figures {
        Figures {
            planned: self.planned + o.planned,
            committed: self.committed + o.committed,
            actual: self.actual + o.actual,
            open: self.open + o.open,
            remaining: self.remaining + o.remaining,
            uncommitted: self.uncommitted + o.uncommitted,
            forecast: self.forecast + o.forecast,
        }
    }

    /// Committed as a share of planned (1 = 100 %); `None` for a line planned at zero.
    pub fn used_share(&self) -> Option<Decimal> {
        (self.planned > Decimal::ZERO).then(|| self.committed / self.planned)
    }

    pub fn money(value: Decimal) -> Money {
        Money::sek(value)
    }
}

/// The budget's figures: each field the sum of the lines' fields.
pub fn totals<'a, I: IntoIterator<Item = &'a Figures>>(lines: I) -> Figures {
    lines
        .into_iter()
        .fold(Figures::default(), |t, l| t.plus(*l))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn line(planned: Decimal, committed: Decimal, actual: Decimal) -> Figures {
        Figures::of(LineAmounts {
            planned,
            committed,
            actual,
        })
    }

    #[test]
    fn an_underspent_line_forecasts_its_plan() {
        let f = line(dec!(100000), dec!(40000), dec!(10000));
        assert_eq!(f.open, dec!(30000));
        assert_eq!(f.remaining, dec!(60000));
        assert_eq!(f.forecast, dec!(100000));
    }

    #[test]
    fn an_overcommitted_line_forecasts_its_commitments_and_goes_negative() {
        let f = line(dec!(100000), dec!(120000.50), dec!(90000));
        assert_eq!(f.remaining, dec!(-20000.50));
        assert_eq!(f.uncommitted, Decimal::ZERO);
        assert_eq!(f.forecast, dec!(120000.50));
    }

    #[test]
    fn overruns_are_not_offset_by_savings_still_planned_elsewhere() {
        let lines = [
            line(dec!(100), dec!(150), dec!(0)),
            line(dec!(100), dec!(0), dec!(0)),
        ];
        let t = totals(&lines);
        assert_eq!(t.forecast, dec!(250));
        assert_eq!(t.remaining, dec!(50));
    }

    fn amounts() -> impl Strategy<Value = LineAmounts> {
        (0i64..10_000_000_000, 0i64..10_000_000_000, 0u32..=100).prop_map(|(p, c, share)| {
            let committed = Decimal::new(c, 2);
            // Paid is part of committed, by construction of the sums.
            let actual = (committed * Decimal::from(share) / dec!(100)).round_dp(2);
            LineAmounts {
                planned: Decimal::new(p, 2),
                committed,
                actual,
            }
        })
    }

    proptest! {
        #[test]
        fn forecast_bounds_hold(a in amounts()) {
            let f = Figures::of(a);
            prop_assert!(f.forecast >= f.actual);
            prop_assert!(f.forecast >= f.committed);
            prop_assert!(f.forecast >= f.planned);
            prop_assert_eq!(f.forecast, f.planned.max(f.committed));
            prop_assert_eq!(f.actual + f.open, f.committed);
            prop_assert_eq!(f.committed + f.remaining, f.planned);
        }

        #[test]
        fn lines_sum_to_the_totals_exactly(lines in proptest::collection::vec(amounts(), 0..12)) {
            let figures: Vec<Figures> = lines.iter().copied().map(Figures::of).collect();
            let t = totals(&figures);
            let sum = |f: fn(&Figures) -> Decimal| figures.iter().map(f).sum::<Decimal>();
            prop_assert_eq!(t.planned, sum(|f| f.planned));
            prop_assert_eq!(t.committed, sum(|f| f.committed));
            prop_assert_eq!(t.actual, sum(|f| f.actual));
            prop_assert_eq!(t.remaining, sum(|f| f.remaining));
            prop_assert_eq!(t.forecast, sum(|f| f.forecast));
            prop_assert!(t.forecast >= t.planned.max(t.committed));
            prop_assert!(t.forecast >= t.actual);
            // Whole öre in, whole öre out: nothing on the page needs rounding.
            prop_assert_eq!(t.forecast.round_dp(2), t.forecast);
        }
    }
}
