//! Properties of the rule table for any person and any record: what a route lets through is never
//! narrower than what a handler then permits, and administrators are never refused.

use proptest::prelude::*;

use super::rules::{Scope, rules};
use super::{Action, Resource, could, permits, programme_scope};
use crate::code::Code;
use crate::role::{Grant, Principal, Role, ScopeKind};

/// Small ids, so that random grants and records often meet.
fn id() -> impl Strategy<Value = i64> {
    1i64..4
}

fn grant() -> impl Strategy<Value = Grant> {
    (prop::sample::select(Role::ALL.to_vec()), id()).prop_map(|(role, scope)| Grant {
        role,
        scope: role.scope_kind().map(|_| scope),
    })
}

fn principal() -> impl Strategy<Value = Principal> {
    (id(), prop::collection::vec(grant(), 0..4))
        .prop_map(|(user_id, grants)| Principal { user_id, grants })
}

fn resource() -> impl Strategy<Value = Resource> {
    prop_oneof![
        Just(Resource::System),
        id().prop_map(|programme_id| Resource::Programme { programme_id }),
        (id(), id()).prop_map(|(cohort_id, programme_id)| Resource::Cohort {
            cohort_id,
            programme_id
        }),
        (id(), id(), prop::option::of(id()), any::<bool>()).prop_map(
            |(cohort_id, programme_id, owner, draft)| Resource::Application {
                cohort_id,
                programme_id,
                applicant_user_id: owner,
                draft,
            }
        ),
        (id(), id(), id()).prop_map(|(cohort_id, programme_id, reviewer)| Resource::Review {
            cohort_id,
            programme_id,
            reviewer_user_id: reviewer,
        }),
        (id(), id(), prop::option::of(id())).prop_map(|(cohort_id, programme_id, person)| {
            Resource::Participant {
                cohort_id,
                programme_id,
                participant_user_id: person,
            }
        }),
        (id(), id()).prop_map(|(cohort_id, programme_id)| Resource::Budget {
            cohort_id,
            programme_id
        }),
        (id(), id(), prop::option::of(id())).prop_map(|(cohort_id, programme_id, person)| {
            Resource::PerDiemStatement {
                cohort_id,
                programme_id,
                traveller_user_id: person,
            }
        }),
        id().prop_map(|host_municipality_id| Resource::HostMunicipality {
            host_municipality_id
        }),
        (id(), id(), id()).prop_map(|(cohort_id, programme_id, host)| Resource::StudyVisit {
            cohort_id,
            programme_id,
            host_municipality_id: host,
        }),
    ]
}

fn action() -> impl Strategy<Value = Action> {
    prop::sample::select(Action::ALL.to_vec())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn whatever_permits_allows_could_allows(p in principal(), a in action(), r in resource()) {
        if permits(&p, a, r) {
            prop_assert!(could(&p, a), "{p:?} {a:?} {r:?}");
        }
    }

    #[test]
    fn admins_are_permitted_everything(mut p in principal(), a in action(), r in resource()) {
        p.grants.push(Grant { role: Role::Admin, scope: None });
        prop_assert!(permits(&p, a, r));
        prop_assert!(could(&p, a));
        prop_assert_eq!(programme_scope(&p, a), None);
    }

    #[test]
    fn a_programme_is_in_scope_exactly_when_permitted(
        p in principal(),
        a in action(),
        programme_id in id(),
    ) {
        let listed = programme_scope(&p, a).is_none_or(|s| s.contains(&programme_id));
        let permitted = permits(&p, a, Resource::Programme { programme_id });
        prop_assert_eq!(listed, permitted, "{:?} {:?} programme {}", p, a, programme_id);
    }
}

#[test]
fn every_scope_in_the_table_fits_the_role_it_is_written_for() {
    for action in Action::ALL {
        for rule in rules(action) {
            let names = match rule.scope {
                Scope::TheirProgramme => Some(ScopeKind::Programme),
                Scope::TheirCohort | Scope::AssignedReview => Some(ScopeKind::Cohort),
                Scope::TheirHostMunicipality => Some(ScopeKind::HostMunicipality),
                Scope::Anywhere
                | Scope::OwnApplication
                | Scope::OwnParticipation
                | Scope::OwnStatement => None,
            };
            if let Some(kind) = names {
                assert_eq!(rule.role.scope_kind(), Some(kind), "{action:?} {rule:?}");
            }
            assert_ne!(
                rule.role,
                Role::Admin,
                "{action:?}: admins are never listed"
            );
        }
    }
}

#[test]
fn every_action_is_listed_once_in_all() {
    for (i, a) in Action::ALL.iter().enumerate() {
        assert!(!Action::ALL[i + 1..].contains(a), "{a:?} twice");
    }
}
