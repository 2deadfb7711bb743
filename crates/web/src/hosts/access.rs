//! Host records and study visits as the access rules see them. A host's people may not learn
//! that another host's records exist: to them those answer 404, as to applicants.

use itp_domain::authz::Resource;
use itp_domain::role::Role;
use itp_persistence::hosts::visits::{self, StoredVisit};
use itp_persistence::hosts::{self, StoredHost};

use crate::app::AppState;
use crate::error::Result;
use crate::security::access::Guarded;
use crate::security::session::CurrentUser;

/// Whether `user` is only a host's person (no staff role), who sees nothing of other hosts.
fn host_only(user: &CurrentUser) -> bool {
    user.principal
        .roles()
        .iter()
        .all(|r| matches!(r, Role::Host | Role::Applicant))
}

fn sees_host(user: &CurrentUser, host_id: i32) -> bool {
    !host_only(user) || user.principal.holds(Role::Host, i64::from(host_id))
}

impl Guarded for StoredHost {
    async fn find(state: &AppState, id: i32) -> Result<Option<Self>> {
        Ok(hosts::find(&state.db.conn, id).await?)
    }

    fn resource(&self) -> Resource {
        Resource::HostMunicipality {
            host_municipality_id: i64::from(self.id),
        }
    }

    fn visible_to(&self, user: &CurrentUser) -> bool {
        sees_host(user, self.id)
    }
}

/// A study visit with its host, whose people and the cohort's managers may see it.
#[derive(Debug, Clone)]
pub struct Visit {
    pub visit: StoredVisit,
    pub host: StoredHost,
}

impl Guarded for Visit {
    async fn find(state: &AppState, id: i32) -> Result<Option<Self>> {
        let conn = &state.db.conn;
        let Some(visit) = visits::find(conn, id).await? else {
            return Ok(None);
        };
        let host = hosts::find(conn, visit.host_id).await?;
        Ok(host.map(|host| Visit { visit, host }))
    }

    fn resource(&self) -> Resource {
        Resource::StudyVisit {
            cohort_id: i64::from(self.visit.cohort_id),
            programme_id: i64::from(self.visit.programme_id),
            host_municipality_id: i64::from(self.host.id),
        }
    }

    fn visible_to(&self, user: &CurrentUser) -> bool {
        sees_host(user, self.host.id)
    }
}
