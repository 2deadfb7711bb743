//! The case of `itp selection propose`: the contract's JSON in, the proposal as JSON out. Bad
//! input is refused with one line that says what is wrong; nothing is guessed.

use std::collections::{BTreeMap, BTreeSet};
use std::str::FromStr;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Value, json};

use super::score::{ReviewValue, calibrate, rank, review_total, team_scores};
use super::{
    Aggregation, Member, Proposal, ProposalInput, Quota, QuotaKind, QuotaRule, Team, propose,
};
use crate::application::fields::Gender;
use crate::code::{Code, parse};
use crate::country::CountryCode;
use crate::programme::TeamRole;

/// Weights and scale ends stay within this, so no sum of a case can overflow a decimal.
const LIMIT: i64 = 1000;

/// What is wrong with a case, in one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CaseError(pub String);

fn bad<T>(message: impl Into<String>) -> Result<T, CaseError> {
    Err(CaseError(message.into()))
}

/// One criterion of the rubric, as the case gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    pub id: String,
    pub weight: Decimal,
    pub min: i32,
    pub max: i32,
}

/// One review: a score per criterion it scored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseReview {
    pub team: String,
    pub reviewer: String,
    pub scores: BTreeMap<String, i32>,
}

/// A checked case.
#[derive(Debug, Clone)]
pub struct Case {
    pub aggregation: Aggregation,
    pub calibrate: bool,
    pub seats: u32,
    pub quotas: Vec<Quota>,
    pub criteria: Vec<Criterion>,
    pub teams: Vec<Team>,
    pub reviews: Vec<CaseReview>,
    pub fixed: BTreeSet<String>,
    pub excluded: BTreeSet<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseJson {
    #[serde(default)]
    aggregation: Option<String>,
    #[serde(default)]
    calibrate: bool,
    seats: u32,
    #[serde(default)]
    quotas: Vec<QuotaJson>,
    criteria: Vec<CriterionJson>,
    teams: Vec<TeamJson>,
    #[serde(default)]
    reviews: Vec<ReviewJson>,
    #[serde(default)]
    fixed: Vec<String>,
    #[serde(default)]
    excluded: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuotaJson {
    kind: String,
    #[serde(default)]
    value: Option<Value>,
    hard: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CriterionJson {
    id: String,
    weight: Value,
    min: i64,
    max: i64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamJson {
    #[serde(rename = "ref")]
    reference: String,
    country: String,
    submitted_at: DateTime<Utc>,
    members: Vec<MemberJson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MemberJson {
    gender: String,
    role: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReviewJson {
    team: String,
    reviewer: String,
    scores: BTreeMap<String, i64>,
}

/// A decimal given as a JSON string ("0.40") or number (0.4).
fn decimal(value: &Value, what: &str) -> Result<Decimal, CaseError> {
    let text = match value {
        Value::String(s) => s.trim().to_owned(),
        Value::Number(n) => n.to_string(),
        _ => return bad(format!("{what} must be a number, such as \"0.40\"")),
    };
    Decimal::from_str(&text).or_else(|_| bad(format!("{what} is not a number: {text}")))
}

fn whole(value: &Value, what: &str) -> Result<u32, CaseError> {
    match value.as_u64().and_then(|n| u32::try_from(n).ok()) {
        Some(n) => Ok(n),
        None => bad(format!("{what} must be a whole number of 0 or more")),
    }
}

impl Case {
    pub fn from_json(text: &str) -> Result<Case, CaseError> {
        let raw: CaseJson = serde_json::from_str(text)
            .map_err(|e| CaseError(format!("the case is not valid: {e}")))?;
        Case::try_from(raw)
    }

    /// The proposal for this case: scores, calibration, ranking, then the six steps.
    pub fn propose(&self) -> Proposal {
        let weights: BTreeMap<&str, Decimal> = self
            .criteria
            .iter()
            .map(|c| (c.id.as_str(), c.weight))
            .collect();
        let totals: Vec<ReviewValue<&str, &str>> = self
            .reviews
            .iter()
            .filter_map(|r| {
                let total = review_total(r.scores.iter().map(|(c, s)| (weights[c.as_str()], *s)))?;
                Some(ReviewValue {
                    team: r.team.as_str(),
                    reviewer: r.reviewer.as_str(),
                    total,
                })
            })
            .collect();
        let values: Vec<Decimal> = if self.calibrate {
            calibrate(&totals)
        } else {
            totals.iter().map(|r| r.total).collect()
        };
        let scores = team_scores(
            totals
                .iter()
                .zip(values)
                .map(|(r, v)| (r.team.to_owned(), v)),
            self.aggregation,
        );
        let ranking = rank(&self.teams, &scores);
        propose(&ProposalInput {
            teams: &self.teams,
            ranking: &ranking,
            seats: self.seats,
            quotas: &self.quotas,
            fixed: &self.fixed,
            excluded: &self.excluded,
        })
    }
}

impl TryFrom<CaseJson> for Case {
    type Error = CaseError;

    fn try_from(raw: CaseJson) -> Result<Case, CaseError> {
        let aggregation = match raw.aggregation.as_deref() {
            None => Aggregation::Mean,
            Some(a) => parse::<Aggregation>(a).map_err(|e| CaseError(e.to_string()))?,
        };
        let mut quotas = Vec::new();
        for q in raw.quotas {
            let quota = quota(q)?;
            if quotas
                .iter()
                .any(|o: &Quota| o.rule.kind() == quota.rule.kind())
            {
                return bad(format!("two quotas of kind {}", quota.rule.kind().code()));
            }
            quotas.push(quota);
        }
        let mut criteria: Vec<Criterion> = Vec::new();
        for c in raw.criteria {
            let id = c.id.trim().to_owned();
            if id.is_empty() {
                return bad("a criterion has no id");
            }
            if criteria.iter().any(|o| o.id == id) {
                return bad(format!("two criteria have the id {id}"));
            }
            let weight = decimal(&c.weight, &format!("the weight of {id}"))?;
            if weight <= Decimal::ZERO || weight > Decimal::from(LIMIT) {
                return bad(format!(
                    "the weight of {id} must be more than 0 and at most {LIMIT}"
                ));
            }
            if c.min >= c.max || c.min < -LIMIT || c.max > LIMIT {
                return bad(format!(
                    "the scale of {id} must go from a lower to a higher whole number within ±{LIMIT}"
                ));
            }
            criteria.push(Criterion {
                id,
                weight,
                min: c.min as i32,
                max: c.max as i32,
            });
        }
        if criteria.is_empty() {
            return bad("the case has no criteria");
        }
        let mut teams: Vec<Team> = Vec::new();
        let mut references = BTreeSet::new();
        for t in raw.teams {
            let team = team(t)?;
            if !references.insert(team.reference.clone()) {
                return bad(format!("two teams have the reference {}", team.reference));
            }
            teams.push(team);
        }
        let mut reviews: Vec<CaseReview> = Vec::new();
        let mut pairs = BTreeSet::new();
        for r in raw.reviews {
            let review = review(r, &references, &criteria)?;
            if !pairs.insert((review.team.clone(), review.reviewer.clone())) {
                return bad(format!(
                    "two reviews of {} by {}",
                    review.team, review.reviewer
                ));
            }
            reviews.push(review);
        }
        let known = |list: Vec<String>, what: &str| -> Result<BTreeSet<String>, CaseError> {
            let mut set = BTreeSet::new();
            for r in list {
                if !references.contains(&r) {
                    return bad(format!("{what} names an unknown team: {r}"));
                }
                set.insert(r);
            }
            Ok(set)
        };
        let fixed = known(raw.fixed, "fixed")?;
        let excluded = known(raw.excluded, "excluded")?;
        if let Some(both) = fixed.intersection(&excluded).next() {
            return bad(format!("{both} is both fixed and excluded"));
        }
        Ok(Case {
            aggregation,
            calibrate: raw.calibrate,
            seats: raw.seats,
            quotas,
            criteria,
            teams,
            reviews,
            fixed,
            excluded,
        })
    }
}

fn quota(q: QuotaJson) -> Result<Quota, CaseError> {
    let kind = parse::<QuotaKind>(&q.kind).map_err(|e| CaseError(e.to_string()))?;
    let value = |what: &str| {
        q.value
            .as_ref()
            .ok_or_else(|| CaseError(format!("the quota {} needs a value ({what})", kind.code())))
    };
    let rule = match kind {
        QuotaKind::Seats => {
            return bad("the seats are the case's \"seats\", not a quota in the list");
        }
        QuotaKind::MaxTeamsPerCountry => QuotaRule::MaxTeamsPerCountry(whole(
            value("the most teams from one country")?,
            "the value of max_teams_per_country",
        )?),
        QuotaKind::MinWomenShare => {
            let share = decimal(
                value("a share such as \"0.40\"")?,
                "the value of min_women_share",
            )?;
            if share < Decimal::ZERO || share > Decimal::ONE {
                return bad(format!(
                    "the value of min_women_share must be a share from 0 to 1, not {share}"
                ));
            }
            QuotaRule::MinWomenShare(share)
        }
        QuotaKind::PoliticianPerTeam => {
            if q.value.is_some() {
                return bad("the quota politician_per_team takes no value");
            }
            QuotaRule::PoliticianPerTeam
        }
    };
    Ok(Quota { rule, hard: q.hard })
}

fn team(t: TeamJson) -> Result<Team, CaseError> {
    let reference = t.reference.trim().to_owned();
    if reference.is_empty() {
        return bad("a team has no ref");
    }
    let country = CountryCode::parse(t.country.trim())
        .map_err(|_| CaseError(format!("team {reference}: unknown country {}", t.country)))?;
    if t.members.is_empty() {
        return bad(format!("team {reference} has no members"));
    }
    let members = t
        .members
        .iter()
        .map(|m| {
            Ok(Member {
                gender: parse::<Gender>(&m.gender)
                    .map_err(|e| CaseError(format!("team {reference}: {e}")))?,
                role: parse::<TeamRole>(&m.role)
                    .map_err(|e| CaseError(format!("team {reference}: {e}")))?,
            })
        })
        .collect::<Result<Vec<_>, CaseError>>()?;
    Ok(Team {
        reference,
        country,
        submitted_at: t.submitted_at,
        members,
    })
}

fn review(
    r: ReviewJson,
    teams: &BTreeSet<String>,
    criteria: &[Criterion],
) -> Result<CaseReview, CaseError> {
    if !teams.contains(&r.team) {
        return bad(format!(
            "a review by {} is of an unknown team: {}",
            r.reviewer, r.team
        ));
    }
    if r.reviewer.trim().is_empty() {
        return bad(format!("a review of {} names no reviewer", r.team));
    }
    if r.scores.is_empty() {
        return bad(format!(
            "the review of {} by {} has no scores",
            r.team, r.reviewer
        ));
    }
    let mut scores = BTreeMap::new();
    for (id, score) in r.scores {
        let Some(c) = criteria.iter().find(|c| c.id == id) else {
            return bad(format!(
                "the review of {} by {} scores an unknown criterion: {id}",
                r.team, r.reviewer
            ));
        };
        if score < i64::from(c.min) || score > i64::from(c.max) {
            return bad(format!(
                "the review of {} by {} scores {id} {score}, outside its scale {}–{}",
                r.team, r.reviewer, c.min, c.max
            ));
        }
        scores.insert(id, score as i32);
    }
    Ok(CaseReview {
        team: r.team,
        reviewer: r.reviewer,
        scores,
    })
}

/// A decimal with exactly three places, as the contract writes scores and shares.
pub fn three_places(value: Decimal) -> String {
    let mut v = super::round_score(value);
    v.rescale(3);
    v.to_string()
}

impl Proposal {
    /// The contract's output JSON.
    pub fn to_json(&self) -> Value {
        let passed = |list: &[super::Passed]| -> Vec<Value> {
            list.iter()
                .map(|p| {
                    json!({
                        "team": p.team,
                        "quotas": p.quotas.iter().map(|k| k.code()).collect::<Vec<_>>(),
                    })
                })
                .collect()
        };
        json!({
            "ranking": self.ranking.iter().map(|r| json!({
                "team": r.team,
                "score": three_places(r.score),
                "reviews": r.reviews,
            })).collect::<Vec<_>>(),
            "selected": self.selected,
            "reserve": self.reserve,
            "blocked": passed(&self.blocked),
            "skipped": passed(&self.skipped),
            "swaps": self.swaps.iter().map(|s| json!({
                "in": s.into,
                "out": s.out,
                "quota": s.quota.code(),
            })).collect::<Vec<_>>(),
            "unmet": self.unmet.iter().map(|k| k.code()).collect::<Vec<_>>(),
            "seats_used": self.seats_used,
            "women_share": three_places(self.women_share),
        })
    }
}
