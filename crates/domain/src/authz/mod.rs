//! The one place that answers "may this person do this to that?". Routes declare the action they
//! serve and are refused before the handler runs when the person could not do it anywhere
//! ([`could`]); handlers then ask [`permits`] for the record at hand, which checks the scope.
//! Both read the one table in [`rules`].

mod action;
mod resource;
pub mod rules;

pub use action::Action;
pub use resource::Resource;
pub use rules::{Rule, Scope};

use crate::role::Principal;

/// The table's rows for `action` that `principal` holds the role of, whatever the scope.
fn held(principal: &Principal, action: Action) -> impl Iterator<Item = Rule> + '_ {
    rules::rules(action)
        .iter()
        .copied()
        .filter(|rule| principal.has_role(rule.role))
}

/// Whether `principal` may do `action` on `resource`.
pub fn permits(principal: &Principal, action: Action, resource: Resource) -> bool {
    principal.is_admin() || held(principal, action).any(|rule| rule.covers(principal, resource))
}

/// Whether `principal` may do `action` on at least one record: the check a route makes before
/// its handler looks up the record and asks [`permits`].
pub fn could(principal: &Principal, action: Action) -> bool {
    principal.is_admin() || held(principal, action).next().is_some()
}

/// The programmes on whose records `principal` may do `action`, for list pages that must show
/// only what the person may see: `None` when the person is not limited to some programmes (an
/// admin, or finance for finance's actions), else the list, possibly empty.
pub fn programme_scope(principal: &Principal, action: Action) -> Option<Vec<i64>> {
    if principal.is_admin() || held(principal, action).any(|rule| rule.scope == Scope::Anywhere) {
        return None;
    }
    Some(
        held(principal, action)
            .filter(|rule| rule.scope == Scope::TheirProgramme)
            .flat_map(|rule| principal.scopes(rule.role))
            .collect(),
    )
}

#[cfg(test)]
mod properties;
#[cfg(test)]
mod tests;
