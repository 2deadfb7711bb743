//! The rubric: a cohort's criteria, each with a weight, a scale, whether it is required, and the
//! guidance shown beside the score.

use std::str::FromStr;

use rust_decimal::Decimal;

use crate::validation::{FieldErrors, optional_text, required_text};

/// One criterion of a cohort's rubric.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Criterion {
    /// Stable within the cohort: scores point at it, a clone copies it.
    pub key: String,
    pub label: String,
    /// More than 0; the review's total is the weighted mean.
    pub weight: Decimal,
    pub scale_min: i32,
    pub scale_max: i32,
    /// A review cannot be submitted without a score for it.
    pub required: bool,
    pub guidance: String,
}

impl Criterion {
    pub fn accepts(&self, score: i32) -> bool {
        (self.scale_min..=self.scale_max).contains(&score)
    }
}

fn criterion(key: &str, label: &str, weight: i64, required: bool, guidance: &str) -> Criterion {
    Criterion {
        key: key.to_owned(),
        label: label.to_owned(),
        weight: Decimal::from(weight),
        scale_min: 1,
        scale_max: 5,
        required,
        guidance: guidance.to_owned(),
    }
}

/// The rubric a new cohort starts with. The change-project outline is decisive in ICLD's
/// selection, so it weighs most; diversity is scored where the reviewer can judge it.
pub fn default_rubric() -> Vec<Criterion> {
    vec![
        criterion(
            "outline",
            "Change-project outline",
            3,
            true,
            "Is the problem clear and local? Is the change realistic within the programme, \
             with a first step the team can take? 1: no outline; 3: a plan with gaps; 5: clear, \
             owned and feasible.",
        ),
        criterion(
            "commitment",
            "Organisational commitment",
            2,
            true,
            "Does the organisation's leadership stand behind the team and the change (a signed \
             nomination, time set aside)? 1: none shown; 5: explicit and resourced.",
        ),
        criterion(
            "merit",
            "Individual merit",
            1,
            true,
            "Do the members' positions and experience let them carry the change? 1: unrelated \
             roles; 5: the right people.",
        ),
        criterion(
            "diversity",
            "Diversity",
            1,
            false,
            "Does the team widen the cohort (gender, age, background)? Qualified women and \
             younger people are especially welcome.",
        ),
        criterion(
            "team",
            "Team composition",
            1,
            true,
            "Does the team combine elected and employed roles as the programme asks? 1: one \
             kind of role; 5: politicians and officials who work together.",
        ),
    ]
}

/// A criterion as typed into the rubric form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CriterionInput {
    pub label: String,
    pub weight: String,
    pub scale_min: String,
    pub scale_max: String,
    pub required: bool,
    pub guidance: String,
}

impl CriterionInput {
    /// The criterion with the given key, or what is wrong with each field.
    pub fn validate(&self, key: &str) -> Result<Criterion, FieldErrors> {
        let mut errors = FieldErrors::new();
        let label = required_text(&mut errors, "label", "criterion's name", &self.label, 120);
        let guidance = optional_text(&mut errors, "guidance", "guidance", &self.guidance, 2000);
        let weight = match Decimal::from_str(self.weight.trim().replace(',', ".").as_str()) {
            Ok(w) if w > Decimal::ZERO && w <= Decimal::from(100) => w.normalize(),
            Ok(_) => {
                errors.add("weight", "The weight must be more than 0 and at most 100.");
                Decimal::ONE
            }
            Err(_) => {
                errors.add("weight", "Enter the weight as a number, such as 2 or 1.5.");
                Decimal::ONE
            }
        };
        let whole = |errors: &mut FieldErrors, field: &str, value: &str, what: &str| {
            value
                .trim()
                .parse::<i32>()
                .ok()
                .filter(|n| (0..=100).contains(n))
                .unwrap_or_else(|| {
                    errors.add(
                        field,
                        format!("Enter the {what} as a whole number from 0 to 100."),
                    );
                    0
                })
        };
        let scale_min = whole(&mut errors, "scale_min", &self.scale_min, "lowest score");
        let scale_max = whole(&mut errors, "scale_max", &self.scale_max, "highest score");
        if errors.for_field("scale_min").is_none()
            && errors.for_field("scale_max").is_none()
            && scale_min >= scale_max
        {
            errors.add("scale_max", "The highest score must be above the lowest.");
        }
        errors.into_result(Criterion {
            key: key.to_owned(),
            label,
            weight,
            scale_min,
            scale_max,
            required: self.required,
            guidance,
        })
    }
}
