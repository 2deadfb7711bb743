//! Who someone is in the system: roles, the scope a role is limited to, and the grants a person holds.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::code::Code;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Admin,
    ProgrammeManager,
    Reviewer,
    Finance,
    Host,
    Applicant,
}

/// What a scoped role is limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScopeKind {
    Programme,
    Cohort,
    HostMunicipality,
}

impl ScopeKind {
    pub fn label(self) -> &'static str {
        match self {
            ScopeKind::Programme => "programme",
            ScopeKind::Cohort => "cohort",
            ScopeKind::HostMunicipality => "host municipality",
        }
    }
}

// The code is the stable name used in the database, the CLI and URLs.
crate::codes!(Role as "role" without FromStr {
    Admin = "admin": "Administrator",
    ProgrammeManager = "manager": "Programme manager",
    Reviewer = "reviewer": "Reviewer",
    Finance = "finance": "Finance",
    Host = "host": "Host municipality",
    Applicant = "applicant": "Applicant",
});

impl Role {
    /// The kind of record a grant of this role must name; `None` for roles that are not scoped.
    pub fn scope_kind(self) -> Option<ScopeKind> {
        match self {
            Role::ProgrammeManager => Some(ScopeKind::Programme),
            Role::Reviewer => Some(ScopeKind::Cohort),
            Role::Host => Some(ScopeKind::HostMunicipality),
            Role::Admin | Role::Finance | Role::Applicant => None,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not a role; use one of admin, manager, reviewer, finance, host, applicant")]
pub struct UnknownRole(pub String);

/// What people type (the command line, the admin's form): any case, and the role's long name.
impl FromStr for Role {
    type Err = UnknownRole;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let wanted = s.trim().to_ascii_lowercase();
        let wanted = match wanted.as_str() {
            "programme_manager" | "programme-manager" => "manager",
            other => other,
        };
        Role::parse(wanted).ok_or_else(|| UnknownRole(s.to_owned()))
    }
}

/// One role held by a person, limited to one record where the role is scoped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Grant {
    pub role: Role,
    pub scope: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GrantError {
    #[error("the {role} role needs a {kind} to limit it to (--scope ID)", role = .0.label(), kind = .1.label())]
    MissingScope(Role, ScopeKind),
    #[error("the {} role is not limited to a record; leave the scope out", .0.label())]
    UnexpectedScope(Role),
}

impl Grant {
    /// A grant whose scope fits its role: scoped roles must name a record, others must not.
    pub fn new(role: Role, scope: Option<i64>) -> Result<Grant, GrantError> {
        match (role.scope_kind(), scope) {
            (Some(kind), None) => Err(GrantError::MissingScope(role, kind)),
            (None, Some(_)) => Err(GrantError::UnexpectedScope(role)),
            _ => Ok(Grant { role, scope }),
        }
    }
}

/// The signed-in person as the authorisation rules see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Principal {
    pub user_id: i64,
    pub grants: Vec<Grant>,
}

impl Principal {
    pub fn has_role(&self, role: Role) -> bool {
        self.grants.iter().any(|g| g.role == role)
    }

    pub fn is_admin(&self) -> bool {
        self.has_role(Role::Admin)
    }

    /// The scope ids this person holds the role for.
    pub fn scopes(&self, role: Role) -> impl Iterator<Item = i64> + '_ {
        self.grants
            .iter()
            .filter(move |g| g.role == role)
            .filter_map(|g| g.scope)
    }

    pub fn holds(&self, role: Role, scope: i64) -> bool {
        self.scopes(role).any(|s| s == scope)
    }

    /// Roles in a stable order, without repeats: for navigation and display.
    pub fn roles(&self) -> Vec<Role> {
        let mut roles: Vec<Role> = self.grants.iter().map(|g| g.role).collect();
        roles.sort();
        roles.dedup();
        roles
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names_round_trip() {
        for &role in Role::ALL {
            assert_eq!(role.code().parse::<Role>().unwrap(), role);
        }
        assert_eq!(
            "Programme-Manager".parse::<Role>().unwrap(),
            Role::ProgrammeManager
        );
        assert!("boss".parse::<Role>().is_err());
    }

    #[test]
    fn scoped_roles_need_a_scope_and_others_refuse_one() {
        assert!(Grant::new(Role::ProgrammeManager, None).is_err());
        assert!(Grant::new(Role::ProgrammeManager, Some(3)).is_ok());
        assert!(Grant::new(Role::Finance, Some(3)).is_err());
        assert!(Grant::new(Role::Admin, None).is_ok());
    }
}
