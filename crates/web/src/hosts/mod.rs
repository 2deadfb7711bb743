//! Host municipalities and regions: the public offer to host, its approval, the matching board,
//! the study visits with their agenda, logistics and report, and the host's calendar feed.
//! Host pages are in Swedish unless the person chooses English.

mod access;
mod board;
mod calendar;
pub mod cli;
mod fields;
pub(crate) mod mail;
mod register;
mod service;
mod staff;
mod visits;

use itp_domain::authz::Action;

use crate::app::Routes;
use crate::security::guard::Access;

pub use access::Visit;
pub use register::PATH as REGISTER_PATH;

pub fn routes(r: Routes) -> Routes {
    r.get(register::PATH, Access::Public, register::form)
        .post(register::PATH, Access::Public, register::submit)
        .get(
            "/host-a-study-visit/thanks",
            Access::Public,
            register::thanks,
        )
        .get(
            "/hosts",
            Access::Can(Action::ApproveHostMunicipalities),
            staff::list,
        )
        .get(
            "/hosts/{host_id}",
            Access::Can(Action::ApproveHostMunicipalities),
            staff::detail,
        )
        .post(
            "/hosts/{host_id}/decision",
            Access::Can(Action::ApproveHostMunicipalities),
            staff::decide,
        )
        .post(
            "/hosts/{host_id}/people",
            Access::Can(Action::ViewHostMunicipalities),
            staff::invite,
        )
        .get(
            "/cohorts/{cohort_id}/matching",
            Access::Can(Action::PlanStudyVisits),
            staff::board_page,
        )
        .post(
            "/cohorts/{cohort_id}/matching",
            Access::Can(Action::PlanStudyVisits),
            staff::send_requests,
        )
        .get(
            "/hosting",
            Access::Can(Action::OfferStudyVisit),
            visits::start,
        )
        .post(
            "/hosting/{host_id}/calendar",
            Access::Can(Action::ManageHostMunicipality),
            visits::renew_calendar,
        )
        .get(
            "/study-visits/{visit_id}",
            Access::Can(Action::ViewStudyVisits),
            visits::visit_page,
        )
        .post(
            "/study-visits/{visit_id}/steps",
            Access::Can(Action::ViewStudyVisits),
            visits::take_step,
        )
        .post(
            "/study-visits/{visit_id}/agenda",
            Access::Can(Action::OfferStudyVisit),
            visits::save_agenda,
        )
        .post(
            "/study-visits/{visit_id}/logistics",
            Access::Can(Action::OfferStudyVisit),
            visits::save_logistics,
        )
        .post(
            "/study-visits/{visit_id}/report",
            Access::Can(Action::OfferStudyVisit),
            visits::file_report,
        )
        .get("/calendar/hosts/{token}", Access::Public, calendar::feed)
}
