//! The records a role can be limited to, by name: programmes for managers, cohorts for
//! reviewers (host municipalities for hosts, once they exist here). The invitation and role
//! forms choose from these lists, and a role's label names its record with a link, so no page
//! asks for or shows a record number.

use itp_domain::Code;
use itp_domain::role::{Grant, Role, ScopeKind};
use itp_domain::validation::FieldErrors;
use itp_persistence::per_diem::cohorts::{self, StatementCohort};
use itp_persistence::{ConnectionTrait, programme};
use maud::{Markup, html};

use crate::error::Result;

/// A record a role can be limited to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScopeRecord {
    pub kind: ScopeKind,
    pub id: i64,
    pub name: String,
}

impl ScopeRecord {
    /// The value of its option in the form: `programme:3`, `cohort:12`.
    pub fn value(&self) -> String {
        format!("{}:{}", kind_code(self.kind), self.id)
    }

    pub fn href(&self) -> String {
        match self.kind {
            ScopeKind::Programme => format!("/programmes/{}", self.id),
            ScopeKind::Cohort => format!("/cohorts/{}", self.id),
            ScopeKind::HostMunicipality => format!("/hosts/{}", self.id),
        }
    }
}

fn kind_code(kind: ScopeKind) -> &'static str {
    match kind {
        ScopeKind::Programme => "programme",
        ScopeKind::Cohort => "cohort",
        ScopeKind::HostMunicipality => "host",
    }
}

/// Every record a role can be limited to, loaded once per page.
pub struct Scopes(Vec<ScopeRecord>);

impl Scopes {
    pub async fn load<C: ConnectionTrait>(conn: &C) -> Result<Scopes> {
        let mut all: Vec<ScopeRecord> = programme::list_summaries(conn, true)
            .await?
            .into_iter()
            .map(|p| ScopeRecord {
                kind: ScopeKind::Programme,
                id: i64::from(p.id),
                name: format!("{} ({})", p.name, p.code),
            })
            .collect();
        let mut cohorts: Vec<StatementCohort> = cohorts::list(conn, None).await?;
        cohorts.sort_by(|a, b| (&a.programme_code, &a.name).cmp(&(&b.programme_code, &b.name)));
        all.extend(cohorts.into_iter().map(|c| ScopeRecord {
            kind: ScopeKind::Cohort,
            id: i64::from(c.id),
            name: format!("{} · {}", c.programme_code, c.name),
        }));
        // Host municipalities join this list here when their table exists.
        Ok(Scopes(all))
    }

    pub fn of_kind(&self, kind: ScopeKind) -> impl Iterator<Item = &ScopeRecord> {
        self.0.iter().filter(move |r| r.kind == kind)
    }

    pub fn find(&self, kind: ScopeKind, id: i64) -> Option<&ScopeRecord> {
        self.0.iter().find(|r| r.kind == kind && r.id == id)
    }

    /// A role with what it is limited to, the record named and linked: "Reviewer of cohort
    /// MF · 2026".
    pub fn label(&self, g: &Grant) -> Markup {
        match (g.role.scope_kind(), g.scope) {
            (Some(kind), Some(id)) => match self.find(kind, id) {
                Some(r) => html! {
                    (g.role.label()) " of " (kind.label()) " " a href=(r.href()) { (r.name) }
                },
                None => html! { (g.role.label()) " of a " (kind.label()) " that no longer exists" },
            },
            _ => html! { (g.role.label()) },
        }
    }

    /// The label as plain text, for a flash message.
    pub fn label_text(&self, g: &Grant) -> String {
        match (g.role.scope_kind(), g.scope) {
            (Some(kind), Some(id)) => match self.find(kind, id) {
                Some(r) => format!("{} of {} {}", g.role.label(), kind.label(), r.name),
                None => g.role.label().to_owned(),
            },
            _ => g.role.label().to_owned(),
        }
    }

    /// The role and the record it is limited to, as chosen on a form, or the problem in a
    /// sentence on the field it belongs to.
    pub fn read_grant(&self, role: &str, scope: &str, errors: &mut FieldErrors) -> Option<Grant> {
        let role: Role = match role.parse() {
            Ok(r) => r,
            Err(_) => {
                errors.add("role", "Choose one of the roles in the list.");
                return None;
            }
        };
        let scope = scope.trim();
        let Some(kind) = role.scope_kind() else {
            if !scope.is_empty() {
                errors.add(
                    "scope",
                    format!(
                        "The {} role is not limited to a programme or cohort: leave “Limited to” empty.",
                        role.label()
                    ),
                );
                return None;
            }
            return Some(Grant { role, scope: None });
        };
        if scope.is_empty() {
            errors.add(
                "scope",
                format!(
                    "A {} needs a {}: choose it in “Limited to”.",
                    role.label().to_lowercase(),
                    kind.label()
                ),
            );
            return None;
        }
        let chosen = scope
            .split_once(':')
            .and_then(|(k, id)| Some((k, id.parse::<i64>().ok()?)));
        match chosen {
            Some((k, id)) if k == kind_code(kind) => match self.find(kind, id) {
                Some(_) => Some(Grant {
                    role,
                    scope: Some(id),
                }),
                None => {
                    errors.add(
                        "scope",
                        format!(
                            "There is no such {}: choose one from the list of those that exist.",
                            kind.label()
                        ),
                    );
                    None
                }
            },
            _ => {
                errors.add(
                    "scope",
                    format!(
                        "A {} is limited to a {}: choose one of the {}s in the list.",
                        role.label().to_lowercase(),
                        kind.label(),
                        kind.label()
                    ),
                );
                None
            }
        }
    }
}
