//! Scores (contract "Scores" 1–4) and the ranking.

use std::collections::BTreeMap;
use std::hash::Hash;

use rust_decimal::prelude::{FromPrimitive, ToPrimitive};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::Team;

/// How the values of a team's reviews become its score (a cohort setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Aggregation {
    #[default]
    Mean,
    Median,
}

crate::codes!(Aggregation as "aggregation" {
    Mean = "mean": "Mean",
    Median = "median": "Median",
});

/// Scores are compared and shown rounded half away from zero to 3 decimals (contract 4):
/// calibration takes a square root, so exactness ends here.
pub fn round_score(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(3, RoundingStrategy::MidpointAwayFromZero)
}

/// A review's total (contract 1): `Σ weight × score / Σ weight` over the criteria it scored, as
/// an exact decimal. `None` when it scored none of them (a review not yet started).
pub fn review_total(scored: impl IntoIterator<Item = (Decimal, i32)>) -> Option<Decimal> {
    let (mut weighted, mut weights) = (Decimal::ZERO, Decimal::ZERO);
    for (weight, score) in scored {
        weighted = weighted.checked_add(weight.checked_mul(Decimal::from(score))?)?;
        weights = weights.checked_add(weight)?;
    }
    if weights <= Decimal::ZERO {
        return None;
    }
    weighted.checked_div(weights)
}

/// One review's value as aggregation sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewValue<T, R> {
    pub team: T,
    pub reviewer: R,
    pub total: Decimal,
}

/// Calibration (contract 2): each review's total as `M + z × S`, where `z` is the review's
/// z-score among its reviewer's reviews (0 when the reviewer has fewer than two reviews or they
/// are all alike) and `M`, `S` the mean and population standard deviation of all totals. The
/// values come back in the order of `reviews`. A harsh and a lenient reviewer who order the same
/// applications alike give the same calibrated values.
pub fn calibrate<T, R: Ord + Clone>(reviews: &[ReviewValue<T, R>]) -> Vec<Decimal> {
    let all: Vec<Decimal> = reviews.iter().map(|r| r.total).collect();
    let (overall_mean, overall_sd) = mean_and_sd(&all);
    let mut per_reviewer: BTreeMap<R, Vec<Decimal>> = BTreeMap::new();
    for r in reviews {
        per_reviewer
            .entry(r.reviewer.clone())
            .or_default()
            .push(r.total);
    }
    let stats: BTreeMap<R, (Decimal, Decimal, usize)> = per_reviewer
        .into_iter()
        .map(|(reviewer, totals)| {
            let (m, s) = mean_and_sd(&totals);
            (reviewer, (m, s, totals.len()))
        })
        .collect();
    reviews
        .iter()
        .map(|r| {
            let (m, s, n) = stats[&r.reviewer];
            if n < 2 || s.is_zero() {
                return overall_mean;
            }
            let z = (r.total - m).checked_div(s).unwrap_or(Decimal::ZERO);
            overall_mean + z * overall_sd
        })
        .collect()
}

/// The mean and the population standard deviation.
fn mean_and_sd(values: &[Decimal]) -> (Decimal, Decimal) {
    if values.is_empty() {
        return (Decimal::ZERO, Decimal::ZERO);
    }
    let n = Decimal::from(values.len());
    let mean = values.iter().sum::<Decimal>() / n;
    let variance = values
        .iter()
        .map(|v| (*v - mean) * (*v - mean))
        .sum::<Decimal>()
        / n;
    (mean, sqrt(variance))
}

/// Newton's method from the float estimate: a few steps reach the precision of `Decimal`.
fn sqrt(x: Decimal) -> Decimal {
    if x <= Decimal::ZERO {
        return Decimal::ZERO;
    }
    let mut guess = x
        .to_f64()
        .and_then(|f| Decimal::from_f64(f.sqrt()))
        .filter(|g| *g > Decimal::ZERO)
        .unwrap_or(Decimal::ONE);
    for _ in 0..12 {
        let Some(quotient) = x.checked_div(guess) else {
            break;
        };
        let next = (guess + quotient) / Decimal::TWO;
        if next == guess {
            break;
        }
        guess = next;
    }
    guess
}

/// Team scores (contract 3): per team, the mean or median of its reviews' values and how many
/// there are. A team without reviews has no entry: it is not ranked.
pub fn team_scores<T: Ord + Hash + Clone>(
    values: impl IntoIterator<Item = (T, Decimal)>,
    aggregation: Aggregation,
) -> BTreeMap<T, (Decimal, usize)> {
    let mut per_team: BTreeMap<T, Vec<Decimal>> = BTreeMap::new();
    for (team, value) in values {
        per_team.entry(team).or_default().push(value);
    }
    per_team
        .into_iter()
        .map(|(team, mut values)| {
            let n = values.len();
            let score = match aggregation {
                Aggregation::Mean => values.iter().sum::<Decimal>() / Decimal::from(n),
                Aggregation::Median => {
                    values.sort();
                    if n % 2 == 1 {
                        values[n / 2]
                    } else {
                        (values[n / 2 - 1] + values[n / 2]) / Decimal::TWO
                    }
                }
            };
            (team, (score, n))
        })
        .collect()
}

/// A team's place in the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranked {
    /// Index into the teams the ranking was made from.
    pub team: usize,
    /// Rounded to 3 decimals.
    pub score: Decimal,
    pub reviews: usize,
}

/// The ranking: teams with a score, highest (rounded) score first; ties by more reviews, then
/// earlier submission, then reference as text.
pub fn rank(teams: &[Team], scores: &BTreeMap<String, (Decimal, usize)>) -> Vec<Ranked> {
    let mut ranked: Vec<Ranked> = teams
        .iter()
        .enumerate()
        .filter_map(|(i, t)| {
            scores.get(&t.reference).map(|(score, n)| Ranked {
                team: i,
                score: round_score(*score),
                reviews: *n,
            })
        })
        .collect();
    ranked.sort_by(|a, b| {
        let (ta, tb) = (&teams[a.team], &teams[b.team]);
        b.score
            .cmp(&a.score)
            .then(b.reviews.cmp(&a.reviews))
            .then(ta.submitted_at.cmp(&tb.submitted_at))
            .then(ta.reference.cmp(&tb.reference))
    });
    ranked
}
