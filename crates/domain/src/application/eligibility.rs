//! The automatic eligibility checks managers see for each application, each with its reasons.
//! A manager can override a check with a written reason (the override is audited by the caller).

use crate::code::Code;
use serde::{Deserialize, Serialize};

use super::draft::ApplicationDraft;
use super::returning::{Candidate, EarlierParticipant, matches};
use super::submission::{CallRules, PresentDocument, missing_documents};
use crate::country::CountryCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    Country,
    TeamComposition,
    Documents,
    ReturningPeople,
}

crate::codes!(CheckKind as "eligibility check" {
    Country = "country": "Eligible country",
    TeamComposition = "team": "Team size and roles",
    Documents = "documents": "Required documents",
    ReturningPeople = "returning": "Returning people",
});

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckOutcome {
    Pass,
    /// Needs a manager's decision (a possible returning person).
    Flag,
    Fail,
}

crate::codes!(CheckOutcome as "check outcome" {
    Pass = "pass": "Pass",
    Flag = "flag": "Flag",
    Fail = "fail": "Fail",
});

/// The overall outcome kept on an application for the manager's filters: its checks' worst
/// outcome, or unchecked until they first run. The codes are the outcomes' own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Eligibility {
    Unchecked,
    Pass,
    Flag,
    Fail,
}

crate::codes!(Eligibility as "eligibility" {
    Unchecked = "unchecked": "Not checked",
    Pass = "pass": "Eligible",
    Flag = "flag": "Needs a decision",
    Fail = "fail": "Not eligible",
});

impl From<CheckOutcome> for Eligibility {
    fn from(outcome: CheckOutcome) -> Eligibility {
        match outcome {
            CheckOutcome::Pass => Eligibility::Pass,
            CheckOutcome::Flag => Eligibility::Flag,
            CheckOutcome::Fail => Eligibility::Fail,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    pub kind: CheckKind,
    pub outcome: CheckOutcome,
    pub reasons: Vec<String>,
    /// A manager's written reason for treating this check as passed.
    pub overridden_because: Option<String>,
}

impl CheckResult {
    /// The outcome after any override.
    pub fn effective(&self) -> CheckOutcome {
        if self.overridden_because.is_some() {
            CheckOutcome::Pass
        } else {
            self.outcome
        }
    }
}

/// What the checks need besides the application itself.
pub struct EligibilityContext<'a> {
    pub rules: &'a CallRules,
    pub documents: &'a [PresentDocument],
    pub earlier: &'a [EarlierParticipant],
    /// Overrides already decided: check and reason.
    pub overrides: &'a [(CheckKind, String)],
}

/// Runs every check. The application may be incomplete (an import, an old draft): each check
/// says what it found.
pub fn evaluate(draft: &ApplicationDraft, ctx: &EligibilityContext<'_>) -> Vec<CheckResult> {
    let results = vec![
        check_country(draft, ctx.rules),
        check_team(draft, ctx.rules),
        check_documents(draft, ctx),
        check_returning(draft, ctx.earlier),
    ];
    results
        .into_iter()
        .map(|mut r| {
            r.overridden_because = ctx
                .overrides
                .iter()
                .find(|(k, _)| *k == r.kind)
                .map(|(_, why)| why.clone());
            r
        })
        .collect()
}

fn result(
    kind: CheckKind,
    reasons: Vec<String>,
    failing: CheckOutcome,
    pass_reason: String,
) -> CheckResult {
    if reasons.is_empty() {
        CheckResult {
            kind,
            outcome: CheckOutcome::Pass,
            reasons: vec![pass_reason],
            overridden_because: None,
        }
    } else {
        CheckResult {
            kind,
            outcome: failing,
            reasons,
            overridden_because: None,
        }
    }
}

fn check_country(draft: &ApplicationDraft, rules: &CallRules) -> CheckResult {
    let mut reasons = Vec::new();
    let mut pass = String::new();
    match CountryCode::parse(draft.organisation.country.trim()) {
        Ok(c) if rules.eligible_countries.is_empty() || rules.eligible_countries.contains(&c) => {
            pass = format!("{} is eligible for this call.", c.name());
        }
        Ok(c) => reasons.push(format!("{} is not among the call's countries.", c.name())),
        Err(_) => reasons.push("The organisation's country is missing or unknown.".to_owned()),
    }
    result(CheckKind::Country, reasons, CheckOutcome::Fail, pass)
}

fn check_team(draft: &ApplicationDraft, rules: &CallRules) -> CheckResult {
    let mut reasons = Vec::new();
    let n = draft.member_count();
    if n < usize::from(rules.team_min) || n > usize::from(rules.team_max) {
        reasons.push(format!(
            "{n} member(s); the programme asks for {}–{}.",
            rules.team_min, rules.team_max
        ));
    }
    for role in &rules.required_roles {
        if !draft.members().any(|(_, m)| m.role == role.code()) {
            reasons.push(format!("No {} in the team.", role.label().to_lowercase()));
        }
    }
    let pass = format!("{n} members with the required roles.");
    result(
        CheckKind::TeamComposition,
        reasons,
        CheckOutcome::Fail,
        pass,
    )
}

fn check_documents(draft: &ApplicationDraft, ctx: &EligibilityContext<'_>) -> CheckResult {
    let reasons: Vec<String> = missing_documents(draft, ctx.rules, ctx.documents)
        .into_iter()
        .map(|(kind, member)| match member {
            Some(i) => {
                let name = draft
                    .members
                    .get(i)
                    .map(|m| m.full_name.trim())
                    .filter(|n| !n.is_empty());
                format!(
                    "{} missing for {}.",
                    kind.label(),
                    name.map_or(format!("member {}", i + 1), str::to_owned)
                )
            }
            None => format!("{} missing.", kind.label()),
        })
        .collect();
    result(
        CheckKind::Documents,
        reasons,
        CheckOutcome::Fail,
        "Every required document is there.".to_owned(),
    )
}

fn check_returning(draft: &ApplicationDraft, earlier: &[EarlierParticipant]) -> CheckResult {
    let country = CountryCode::parse(draft.organisation.country.trim()).ok();
    let mut reasons = Vec::new();
    for (_, m) in draft.members() {
        let candidate = Candidate {
            full_name: &m.full_name,
            year_of_birth: m.year_of_birth.trim().parse().ok(),
            country,
            email: &m.email,
        };
        for (p, why) in matches(&candidate, earlier) {
            reasons.push(format!(
                "{} may have taken part before: {} ({}).",
                m.full_name.trim(),
                p.description,
                why.describe()
            ));
        }
    }
    result(
        CheckKind::ReturningPeople,
        reasons,
        CheckOutcome::Flag,
        "No member matches an earlier participant.".to_owned(),
    )
}

/// The application's standing as a whole: failed if any check fails, flagged if any needs a
/// decision, else eligible.
pub fn overall(results: &[CheckResult]) -> CheckOutcome {
    results
        .iter()
        .map(CheckResult::effective)
        .max()
        .unwrap_or(CheckOutcome::Pass)
}
