//! Demo applications: a call with a realistic spread of teams (countries, eligibility, a
//! returning person, an import), the demo applicant's own submitted application with its
//! documents, and a draft in another call.

use chrono::Duration;
use itp_domain::account::Email;
use itp_domain::application::document::{DocumentKind, FileType};
use itp_domain::application::import::ImportedApplication;
use itp_domain::application::submission;
use itp_domain::application::{
    ApplicationDraft, ChangeProjectDraft, MemberDraft, NominationDraft, OrganisationDraft,
};
use itp_persistence::application::{self, documents, eligibility, imports};
use itp_persistence::{ConnectionTrait, PersistenceError, account, programme};

use crate::app::AppState;
use crate::application::context::{ApplicationContext, CallContext};
use crate::application::service;
use crate::storage::DocumentStore;

/// The smallest well-formed files of each type, so demo documents open in a viewer.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0xF8, 0xCF, 0xC0, 0xF0,
    0x1F, 0x00, 0x05, 0x00, 0x01, 0xFF, 0x89, 0x99, 0x3D, 0x1D, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45,
    0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
];

fn member(
    name: &str,
    gender: &str,
    role: &str,
    position: &str,
    email: &str,
    english: &str,
    born: &str,
) -> MemberDraft {
    MemberDraft {
        full_name: name.into(),
        gender: gender.into(),
        role: role.into(),
        position: position.into(),
        email: email.into(),
        english: english.into(),
        year_of_birth: born.into(),
        declares_no_earlier_programme: true,
        declares_can_attend: true,
        consents_to_privacy_notice: true,
    }
}

fn team(
    org: &str,
    kind: &str,
    country: &str,
    project: &str,
    members: Vec<MemberDraft>,
) -> ApplicationDraft {
    ApplicationDraft {
        organisation: OrganisationDraft { name: org.into(), kind: kind.into(), level: "local".into(), country: country.into(), address: format!("Town hall, {org}") },
        nomination: NominationDraft { authority: format!("{org}, council executive committee"), contact_name: "Town clerk".into(), contact_email: String::new() },
        members,
        project: ChangeProjectDraft {
            title: project.into(),
            problem: "Own-source revenue covers less than a fifth of the budget; services depend on late transfers.".into(),
            goal: "A predictable local revenue base that citizens understand and trust.".into(),
            expected_results: "A revenue register, published budgets and a first participatory budget hearing within 12 months.".into(),
            stakeholders: "Market vendors, property owners, ward committees, the finance department.".into(),
            commitment: "The council assigns two staff part-time and funds the register update.".into(),
        },
    }
}

fn other_teams() -> Vec<(&'static str, ApplicationDraft)> {
    vec![
        (
            "MF-27-001",
            team(
                "Jinja City Council",
                "municipality",
                "UG",
                "Digital market-dues collection",
                vec![
                    member(
                        "Sarah Nakato",
                        "woman",
                        "official",
                        "Principal treasurer",
                        "s.nakato@jinja.go.ug",
                        "C1",
                        "1981",
                    ),
                    member(
                        "Peter Okello",
                        "man",
                        "official",
                        "Revenue officer",
                        "p.okello@jinja.go.ug",
                        "B2",
                        "1987",
                    ),
                ],
            ),
        ),
        (
            "MF-27-002",
            team(
                "Arusha City Council",
                "municipality",
                "TZ",
                "Property-rate register",
                vec![
                    member(
                        "Neema Mushi",
                        "woman",
                        "official",
                        "City treasurer",
                        "n.mushi@arusha.go.tz",
                        "B2",
                        "1979",
                    ),
                    member(
                        "Baraka Lyimo",
                        "man",
                        "official",
                        "Valuer",
                        "b.lyimo@arusha.go.tz",
                        "B1",
                        "1990",
                    ),
                    member(
                        "Rehema Kweka",
                        "woman",
                        "official",
                        "Planning officer",
                        "r.kweka@arusha.go.tz",
                        "B2",
                        "1985",
                    ),
                ],
            ),
        ),
        (
            "MF-27-003",
            team(
                "Livingstone City Council",
                "municipality",
                "ZM",
                "Tourism levy for local services",
                vec![
                    member(
                        "Mutinta Hamoonga",
                        "woman",
                        "official",
                        "Director of finance",
                        "m.hamoonga@lcc.gov.zm",
                        "C1",
                        "1976",
                    ),
                    member(
                        "Chanda Mwale",
                        "man",
                        "official",
                        "Accountant",
                        "c.mwale@lcc.gov.zm",
                        "B2",
                        "1989",
                    ),
                ],
            ),
        ),
        (
            "MF-27-004",
            team(
                "Msunduzi Local Municipality",
                "municipality",
                "ZA",
                "Billing accuracy and trust",
                vec![
                    member(
                        "Thandeka Dlamini",
                        "woman",
                        "official",
                        "CFO",
                        "t.dlamini@msunduzi.gov.za",
                        "C2",
                        "1980",
                    ),
                    member(
                        "Sipho Ndlovu",
                        "man",
                        "official",
                        "Billing manager",
                        "s.ndlovu@msunduzi.gov.za",
                        "C1",
                        "1983",
                    ),
                ],
            ),
        ),
        (
            "MF-27-005",
            team(
                "Francistown City Council",
                "municipality",
                "BW",
                "Lease revenue from council land",
                vec![
                    member(
                        "Kagiso Molefe",
                        "man",
                        "official",
                        "Town treasurer",
                        "k.molefe@fcc.gov.bw",
                        "C1",
                        "1978",
                    ),
                    member(
                        "Boitumelo Sechele",
                        "woman",
                        "official",
                        "Estates officer",
                        "b.sechele@fcc.gov.bw",
                        "B2",
                        "1991",
                    ),
                ],
            ),
        ),
        // Kenya is not among this call's countries: the country check fails.
        (
            "MF-27-006",
            team(
                "Kisumu County Government",
                "region",
                "KE",
                "Own-source revenue automation",
                vec![
                    member(
                        "Achieng Otieno",
                        "woman",
                        "official",
                        "Chief officer finance",
                        "a.otieno@kisumu.go.ke",
                        "C1",
                        "1982",
                    ),
                    member(
                        "Brian Ouma",
                        "man",
                        "official",
                        "Revenue analyst",
                        "b.ouma@kisumu.go.ke",
                        "B2",
                        "1993",
                    ),
                ],
            ),
        ),
        // A member took part before (see the register): flagged for a decision.
        (
            "MF-27-007",
            team(
                "Ndola City Council",
                "municipality",
                "ZM",
                "Water tariff reform",
                vec![
                    member(
                        "Mwila Banda",
                        "woman",
                        "official",
                        "Finance director",
                        "m.banda@ndola.gov.zm",
                        "C1",
                        "1975",
                    ),
                    member(
                        "Chileshe Mulenga",
                        "man",
                        "official",
                        "Budget officer",
                        "c.mulenga@ndola.gov.zm",
                        "B2",
                        "1988",
                    ),
                ],
            ),
        ),
        // One member only: the team check fails.
        (
            "MF-27-008",
            team(
                "Gulu City Council",
                "municipality",
                "UG",
                "Budget hearings in every division",
                vec![member(
                    "Akello Grace Lamwaka",
                    "woman",
                    "official",
                    "Deputy town clerk",
                    "g.lamwaka@gulu.go.ug",
                    "B2",
                    "1984",
                )],
            ),
        ),
    ]
}

async fn store_document<C: ConnectionTrait>(
    conn: &C,
    state: &AppState,
    application_id: i32,
    kind: DocumentKind,
    member: Option<i32>,
    now: chrono::DateTime<chrono::Utc>,
) -> itp_persistence::Result<()> {
    let (bytes, file_type, name) = if kind == DocumentKind::Photo {
        (PNG, FileType::Png, "photo.png")
    } else {
        (PDF, FileType::Pdf, "scan.pdf")
    };
    let (key, sha) = DocumentStore::of(state)
        .put(bytes)
        .await
        .map_err(|e| PersistenceError::Corrupt(e.to_string()))?;
    documents::put(
        conn,
        documents::NewDocument {
            application_id,
            kind,
            member_position: member,
            original_name: name,
            file_type,
            size_bytes: bytes.len() as i64,
            storage_key: &key,
            sha256: &sha,
        },
        now,
    )
    .await?;
    Ok(())
}

/// Adds the demo applications inside the demo's transaction.
pub async fn seed<C: ConnectionTrait>(conn: &C, state: &AppState) -> itp_persistence::Result<()> {
    let now = state.clock.now();
    let corrupt = |m: &str| PersistenceError::Corrupt(m.to_owned());
    let mf = programme::find_by_code(conn, "MF")
        .await?
        .ok_or_else(|| corrupt("demo programme MF"))?;
    let llg = programme::find_by_code(conn, "LLG")
        .await?
        .ok_or_else(|| corrupt("demo programme LLG"))?;
    let open_in = |cohorts: &[itp_persistence::cohort::StoredCohort]| {
        cohorts
            .iter()
            .find(|c| c.status == itp_domain::cohort::CohortStatus::CallOpen)
            .cloned()
    };
    let mf_call = open_in(&itp_persistence::cohort::of_programme(conn, mf.id).await?)
        .ok_or_else(|| corrupt("MF open call"))?;
    let llg_call = open_in(&itp_persistence::cohort::of_programme(conn, llg.id).await?)
        .ok_or_else(|| corrupt("LLG open call"))?;
    let applicant = account::find_by_email(
        conn,
        &Email::parse("applicant@example.org").map_err(|e| corrupt(&e.to_string()))?,
    )
    .await?
    .ok_or_else(|| corrupt("demo applicant"))?;

    for (name, born, country, email, description) in [
        (
            "Mwila Banda",
            1975,
            "ZM",
            "mwila.banda@ndola.gov.zm",
            "Municipal Financing 2023",
        ),
        (
            "Jane Wanjiru",
            1983,
            "KE",
            "j.wanjiru@nairobi.go.ke",
            "Gender Mainstreaming 2022",
        ),
        (
            "Ardit Hoxha",
            1986,
            "AL",
            "a.hoxha@tirana.gov.al",
            "Rights-Based Approach 2021",
        ),
    ] {
        eligibility::add_earlier_participant(
            conn,
            eligibility::NewEarlierParticipant {
                full_name: name,
                year_of_birth: Some(born),
                country: Some(country),
                email: Some(email),
                description,
            },
            now,
        )
        .await?;
    }

    let mf_context = CallContext {
        cohort: mf_call.clone(),
        programme: mf.clone(),
    };
    let imported: Vec<ImportedApplication> = other_teams()
        .into_iter()
        .enumerate()
        .map(|(i, (reference, draft))| ImportedApplication {
            reference: reference.into(),
            first_line: i + 2,
            draft,
        })
        .collect();
    let ids = imports::insert_all(conn, mf_call.id, &imported, now - Duration::days(3)).await?;
    for (id, app) in ids.iter().zip(&imported) {
        // Most teams sent every document; two did not send their medical statements yet.
        for (i, _) in app.draft.members() {
            for kind in [
                DocumentKind::Passport,
                DocumentKind::Photo,
                DocumentKind::MedicalStatement,
            ] {
                if !(kind == DocumentKind::MedicalStatement && app.reference.ends_with("003")) {
                    store_document(conn, state, *id, kind, Some(i as i32), now).await?;
                }
            }
        }
        store_document(conn, state, *id, DocumentKind::NominationLetter, None, now).await?;
        let row = application::find(conn, *id)
            .await?
            .ok_or_else(|| corrupt("demo application"))?;
        let ctx = ApplicationContext {
            application: row,
            call: mf_context.clone(),
        };
        service::refresh_eligibility(conn, &ctx, &app.draft)
            .await
            .map_err(|e| corrupt(&e.to_string()))?;
    }

    // The demo applicant's own application: complete, with documents, submitted.
    let own = team(
        "Hoima Municipal Council",
        "municipality",
        "UG",
        "Tree nurseries for own-source revenue",
        vec![
            member(
                "Grace Namubiru",
                "woman",
                "official",
                "Senior finance officer",
                "grace.namubiru@hoima.go.ug",
                "B2",
                "1984",
            ),
            member(
                "Isaac Mugisha",
                "man",
                "official",
                "Town treasurer",
                "isaac.mugisha@hoima.go.ug",
                "C1",
                "1979",
            ),
        ],
    );
    let id =
        application::create_draft(conn, mf_call.id, applicant.id, now - Duration::days(6)).await?;
    application::save_draft(conn, id, &own, now - Duration::days(5)).await?;
    store_document(conn, state, id, DocumentKind::NominationLetter, None, now).await?;
    for i in 0..2 {
        for kind in [
            DocumentKind::Passport,
            DocumentKind::Photo,
            DocumentKind::MedicalStatement,
        ] {
            store_document(conn, state, id, kind, Some(i), now).await?;
        }
    }
    let docs = documents::present(&documents::of_application(conn, id).await?);
    let submitted = submission::validate(&own, &mf_context.rules(), &docs, now)
        .map_err(|e| corrupt(&format!("demo application: {e}")))?;
    application::submit(conn, id, &submitted, now - Duration::days(2)).await?;
    let row = application::find(conn, id)
        .await?
        .ok_or_else(|| corrupt("demo application"))?;
    service::refresh_eligibility(
        conn,
        &ApplicationContext {
            application: row,
            call: mf_context.clone(),
        },
        &own,
    )
    .await
    .map_err(|e| corrupt(&e.to_string()))?;

    // A draft in another call, half filled in.
    let draft_id =
        application::create_draft(conn, llg_call.id, applicant.id, now - Duration::days(1)).await?;
    let mut draft = team(
        "Hoima Municipal Council",
        "municipality",
        "UG",
        "Youth in ward planning",
        vec![member(
            "Grace Namubiru",
            "woman",
            "politician",
            "Councillor",
            "grace.namubiru@hoima.go.ug",
            "B2",
            "1984",
        )],
    );
    draft.organisation.country = String::new();
    application::save_draft(conn, draft_id, &draft, now - Duration::hours(20)).await?;
    Ok(())
}
