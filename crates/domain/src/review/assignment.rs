//! Who reviews what: each eligible application gets N reviewers, the load spread evenly, never
//! a reviewer with a conflict of interest.

use std::collections::{BTreeMap, BTreeSet};

use crate::country::CountryCode;

/// An application as assignment sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    pub application_id: i64,
    pub organisation: String,
    pub country: CountryCode,
}

/// A reviewer of the cohort with what makes a conflict.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ReviewerProfile {
    pub user_id: i64,
    /// The reviewer's own country and organisation, when set on their account.
    pub country: Option<CountryCode>,
    pub organisation: Option<String>,
    /// Applications the reviewer declared a conflict with.
    pub declared_applications: BTreeSet<i64>,
    /// Organisations the reviewer declared a conflict with (any application of theirs).
    pub declared_organisations: Vec<String>,
}

/// Why a reviewer may not review an application.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Conflict {
    DeclaredApplication,
    DeclaredOrganisation,
    OwnCountry,
    OwnOrganisation,
}

crate::codes!(Conflict as "conflict of interest" {
    DeclaredApplication = "declared_application": "Declared for this application",
    DeclaredOrganisation = "declared_organisation": "Declared for the applying organisation",
    OwnCountry = "own_country": "The reviewer's own country",
    OwnOrganisation = "own_organisation": "The reviewer's own organisation",
});

/// Organisation names compared as people write them: case, spaces and punctuation aside.
pub fn same_organisation(a: &str, b: &str) -> bool {
    let key = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (key(a), key(b));
    !a.is_empty() && a == b
}

/// The conflict between a reviewer and an application, if there is one.
pub fn conflict(reviewer: &ReviewerProfile, application: &Candidate) -> Option<Conflict> {
    if reviewer
        .declared_applications
        .contains(&application.application_id)
    {
        return Some(Conflict::DeclaredApplication);
    }
    if reviewer
        .declared_organisations
        .iter()
        .any(|o| same_organisation(o, &application.organisation))
    {
        return Some(Conflict::DeclaredOrganisation);
    }
    if reviewer
        .organisation
        .as_deref()
        .is_some_and(|o| same_organisation(o, &application.organisation))
    {
        return Some(Conflict::OwnOrganisation);
    }
    if reviewer
        .country
        .is_some_and(|c| c.as_str() == application.country.as_str())
    {
        return Some(Conflict::OwnCountry);
    }
    None
}

/// New assignments, and the applications that could not get all their reviewers.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AssignmentPlan {
    /// `(application_id, reviewer_user_id)`, to add to the existing ones.
    pub assignments: Vec<(i64, i64)>,
    /// `(application_id, reviewers still missing)`: too few reviewers without a conflict.
    pub short: Vec<(i64, u32)>,
}

/// Gives every application `per_application` reviewers in all, counting `existing` ones
/// (`(application_id, reviewer_user_id)`, kept as they are). The applications with the fewest
/// reviewers free of conflict go first, so they are not left short; each takes the reviewers
/// with the least work so far (ties by user id). Without conflicts, the reviewers' loads end
/// within one of each other.
pub fn assign(
    applications: &[Candidate],
    reviewers: &[ReviewerProfile],
    per_application: u32,
    existing: &[(i64, i64)],
) -> AssignmentPlan {
    let mut load: BTreeMap<i64, u32> = reviewers.iter().map(|r| (r.user_id, 0)).collect();
    let mut assigned: BTreeSet<(i64, i64)> = BTreeSet::new();
    let mut have: BTreeMap<i64, u32> = BTreeMap::new();
    for &(app, reviewer) in existing {
        if assigned.insert((app, reviewer)) {
            *have.entry(app).or_default() += 1;
            if let Some(n) = load.get_mut(&reviewer) {
                *n += 1;
            }
        }
    }
    let free = |a: &Candidate| -> Vec<&ReviewerProfile> {
        reviewers
            .iter()
            .filter(|r| conflict(r, a).is_none())
            .collect()
    };
    let mut order: Vec<(usize, &Candidate)> =
        applications.iter().map(|a| (free(a).len(), a)).collect();
    order.sort_by_key(|(n, a)| (*n, a.application_id));
    let mut plan = AssignmentPlan::default();
    for (_, app) in order {
        let have = have.get(&app.application_id).copied().unwrap_or(0);
        let mut need = per_application.saturating_sub(have);
        let mut options: Vec<i64> = free(app)
            .into_iter()
            .map(|r| r.user_id)
            .filter(|r| !assigned.contains(&(app.application_id, *r)))
            .collect();
        options.sort_by_key(|r| (load[r], *r));
        for reviewer in options {
            if need == 0 {
                break;
            }
            assigned.insert((app.application_id, reviewer));
            *load.entry(reviewer).or_default() += 1;
            plan.assignments.push((app.application_id, reviewer));
            need -= 1;
        }
        if need > 0 {
            plan.short.push((app.application_id, need));
        }
    }
    plan
}
