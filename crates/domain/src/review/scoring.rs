//! A reviewer's scores: saved as often as they like, submitted once every required criterion
//! has a score.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::Criterion;
use crate::validation::{FieldErrors, optional_text};

/// How sure the reviewer is of their review (pretalx#345 asks for it; we keep it beside the
/// scores and show it with each review).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Confidence {
    Low,
    Medium,
    High,
}

crate::codes!(Confidence as "confidence" {
    Low = "low": "Low: outside my expertise",
    Medium = "medium": "Medium",
    High = "high": "High: I know this field well",
});

/// One criterion's score and comment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CriterionScore {
    pub score: Option<i32>,
    pub comment: String,
}

/// A review's scores by criterion key, its confidence and overall comment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewScores {
    pub scores: BTreeMap<String, CriterionScore>,
    pub confidence: Option<Confidence>,
    pub comment: String,
}

/// The scoring form as typed: per criterion key, the score and the comment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScoreInput {
    pub scores: BTreeMap<String, (String, String)>,
    pub confidence: String,
    pub comment: String,
}

impl ScoreInput {
    /// What may be saved: every score given is a whole number on its criterion's scale, texts
    /// are storable. Missing scores are fine until the review is submitted. Fields are named
    /// `score_<key>` and `comment_<key>`.
    pub fn validate(&self, rubric: &[Criterion]) -> Result<ReviewScores, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut scores = BTreeMap::new();
        for c in rubric {
            let (score, comment) = self.scores.get(&c.key).cloned().unwrap_or_default();
            let field = format!("score_{}", c.key);
            let score = match score.trim() {
                "" => None,
                text => match text.parse::<i32>() {
                    Ok(n) if c.accepts(n) => Some(n),
                    _ => {
                        errors.add(
                            &field,
                            format!("Score {} from {} to {}.", c.label, c.scale_min, c.scale_max),
                        );
                        None
                    }
                },
            };
            let comment = optional_text(
                &mut errors,
                &format!("comment_{}", c.key),
                &format!("comment on {}", c.label),
                &comment,
                4000,
            );
            scores.insert(c.key.clone(), CriterionScore { score, comment });
        }
        let confidence = match self.confidence.trim() {
            "" => None,
            code => match crate::code::parse::<Confidence>(code) {
                Ok(c) => Some(c),
                Err(_) => {
                    errors.add("confidence", "Choose how confident you are.");
                    None
                }
            },
        };
        let comment = optional_text(
            &mut errors,
            "comment",
            "overall comment",
            &self.comment,
            8000,
        );
        errors.into_result(ReviewScores {
            scores,
            confidence,
            comment,
        })
    }
}

/// Whether a saved review may be submitted: every required criterion scored and a confidence
/// given. The errors name each missing one.
pub fn check_submission(rubric: &[Criterion], review: &ReviewScores) -> Result<(), FieldErrors> {
    let mut errors = FieldErrors::new();
    for c in rubric.iter().filter(|c| c.required) {
        if review.scores.get(&c.key).and_then(|s| s.score).is_none() {
            errors.add(
                &format!("score_{}", c.key),
                format!("Score {} before you submit: it is required.", c.label),
            );
        }
    }
    if review.confidence.is_none() {
        errors.add("confidence", "Say how confident you are before you submit.");
    }
    errors.into_result(())
}

/// The review's total on the rubric: the weighted mean of the scores given (selection
/// contract, "Scores" 1). `None` while nothing is scored.
pub fn total(rubric: &[Criterion], review: &ReviewScores) -> Option<Decimal> {
    crate::selection::review_total(rubric.iter().filter_map(|c| {
        review
            .scores
            .get(&c.key)
            .and_then(|s| s.score)
            .map(|score| (c.weight, score))
    }))
}
