//! Synthetic applications for load tests and capacity planning (`itp seed --applications N`):
//! realistic, varied teams in the MF demo call, inserted in batches of one transaction each.

use itp_domain::application::eligibility::{EligibilityContext, evaluate};
use itp_domain::application::import::ImportedApplication;
use itp_domain::application::{
    ApplicationDraft, ChangeProjectDraft, DocumentKind, MemberDraft, NominationDraft,
    OrganisationDraft,
};
use itp_domain::cohort::CohortStatus;
use itp_persistence::application::{eligibility, imports};
use itp_persistence::{cohort, programme};

use crate::app::AppState;
use crate::application::context::CallContext;
use crate::ops::{Context, OpError};

const TOWNS: &[(&str, &str)] = &[
    ("Hoima", "UG"),
    ("Jinja", "UG"),
    ("Gulu", "UG"),
    ("Mbarara", "UG"),
    ("Arusha", "TZ"),
    ("Mwanza", "TZ"),
    ("Dodoma", "TZ"),
    ("Ndola", "ZM"),
    ("Kitwe", "ZM"),
    ("Livingstone", "ZM"),
    ("Msunduzi", "ZA"),
    ("Polokwane", "ZA"),
    ("Mangaung", "ZA"),
    ("Francistown", "BW"),
    ("Maun", "BW"),
    ("Kisumu", "KE"),
];
const GIVEN: &[&str] = &[
    "Grace",
    "Isaac",
    "Neema",
    "Baraka",
    "Mwila",
    "Chileshe",
    "Thandeka",
    "Sipho",
    "Kagiso",
    "Boitumelo",
    "Achieng",
    "Peter",
    "Sarah",
    "Rehema",
];
const FAMILY: &[&str] = &[
    "Namubiru", "Mugisha", "Mushi", "Lyimo", "Banda", "Mulenga", "Dlamini", "Ndlovu", "Molefe",
    "Sechele", "Otieno", "Okello", "Nakato", "Kweka",
];

pub(crate) fn team(n: usize) -> ApplicationDraft {
    let (town, country) = TOWNS[n % TOWNS.len()];
    let size = 2 + n % 2;
    let members = (0..size)
        .map(|i| {
            let k = n * 7 + i * 3;
            let (given, family) = (
                GIVEN[k % GIVEN.len()],
                FAMILY[(k / GIVEN.len() + i) % FAMILY.len()],
            );
            MemberDraft {
                full_name: format!("{given} {family}"),
                gender: if (n + i).is_multiple_of(2) {
                    "woman"
                } else {
                    "man"
                }
                .into(),
                role: "official".into(),
                position: "Finance officer".into(),
                email: format!(
                    "{}.{}.{n}@{}.example",
                    given.to_lowercase(),
                    family.to_lowercase(),
                    town.to_lowercase()
                ),
                english: ["B1", "B2", "C1"][k % 3].into(),
                year_of_birth: (1965 + (k % 30)).to_string(),
                declares_no_earlier_programme: true,
                declares_can_attend: true,
                consents_to_privacy_notice: true,
            }
        })
        .collect();
    ApplicationDraft {
        organisation: OrganisationDraft {
            name: format!("{town} Municipal Council {}", n / TOWNS.len() + 1),
            kind: "municipality".into(),
            level: "local".into(),
            country: country.into(),
            address: format!("Town hall, {town}"),
        },
        nomination: NominationDraft {
            authority: format!("{town} council executive committee"),
            ..Default::default()
        },
        members,
        project: ChangeProjectDraft {
            title: format!("Revenue project {n}"),
            problem: "Low own-source revenue.".into(),
            goal: "A predictable revenue base.".into(),
            expected_results: "A revenue register.".into(),
            stakeholders: "Vendors, owners.".into(),
            commitment: "Staff time.".into(),
        },
    }
}

/// Adds `count` submitted applications to the MF programme's open call; returns the cohort id.
pub async fn seed(state: &AppState, count: usize) -> Result<i32, String> {
    let conn = &state.db.conn;
    let e = |e: itp_persistence::PersistenceError| e.to_string();
    let op = |e: OpError| e.to_string();
    let ops = Context::system(state, "itp seed");
    let mf = programme::find_by_code(conn, "MF")
        .await
        .map_err(e)?
        .ok_or("no MF programme: run with the demo data")?;
    let call = cohort::of_programme(conn, mf.id)
        .await
        .map_err(e)?
        .into_iter()
        .find(|c| c.status == CohortStatus::CallOpen)
        .ok_or("the MF programme has no open call")?;
    let context = CallContext {
        cohort: call.clone(),
        programme: mf,
    };
    let rules = context.rules();
    let now = state.clock.now();
    let started = std::time::Instant::now();
    for batch_start in (0..count).step_by(1000) {
        let batch: Vec<ImportedApplication> = (batch_start..count.min(batch_start + 1000))
            .map(|n| ImportedApplication {
                reference: format!("SYN-{n:06}"),
                first_line: n + 2,
                draft: team(n),
            })
            .collect();
        let uow = ops.begin().await.map_err(op)?;
        let tx = uow.conn();
        let ids = imports::insert_all(tx, call.id, &batch, now)
            .await
            .map_err(e)?;
        for (id, app) in ids.iter().zip(&batch) {
            // Every document is taken as received, so the checks vary with country and team.
            let docs: Vec<_> = std::iter::once((DocumentKind::NominationLetter, None))
                .chain(app.draft.members().flat_map(|(i, _)| {
                    [
                        DocumentKind::Passport,
                        DocumentKind::Photo,
                        DocumentKind::MedicalStatement,
                    ]
                    .map(|k| (k, Some(i)))
                }))
                .collect();
            let results = evaluate(
                &app.draft,
                &EligibilityContext {
                    rules: &rules,
                    documents: &docs,
                    earlier: &[],
                    overrides: &[],
                },
            );
            eligibility::store_outcome(tx, *id, &results)
                .await
                .map_err(e)?;
        }
        uow.commit().await.map_err(op)?;
    }
    tracing::info!(
        count,
        cohort = call.id,
        elapsed_ms = started.elapsed().as_millis() as u64,
        "synthetic applications added"
    );
    // A load test should meet the database as it is days after the load, not minutes.
    state.db.refresh_statistics().await.map_err(e)?;
    Ok(call.id)
}
