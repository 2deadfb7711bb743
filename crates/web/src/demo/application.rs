//! Demo applications: a call with a realistic spread of teams (countries, eligibility, a
//! returning person, an import), the demo applicant's own submitted application with its
//! documents, and a draft in another call.

use chrono::Duration;
use itp_domain::account::Email;
use itp_domain::application::document::DocumentKind;
use itp_domain::application::import::ImportedApplication;
use itp_domain::application::submission;
use itp_persistence::application::{self, documents, imports};
use itp_persistence::{ConnectionTrait, PersistenceError, account, programme};

use super::application_documents::store_document;
use super::application_teams::{member, other_teams, team};
use super::earlier_participants;
use crate::app::AppState;
use crate::application::context::{ApplicationContext, CallContext};
use crate::application::service;

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

    earlier_participants::seed(conn, now).await?;

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
