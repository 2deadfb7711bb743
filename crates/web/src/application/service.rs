//! The work behind the applicant's and the manager's actions, each change in one unit of work
//! with its audit row.

use itp_domain::Code;
use itp_domain::application::eligibility::{CheckKind, CheckResult, EligibilityContext, evaluate};
use itp_domain::application::lifecycle::{self, Facts, Refusal, Transition};
use itp_domain::application::submission::{self, Step};
use itp_domain::application::{ApplicationDraft, ApplicationStatus};
use itp_domain::audit::ChangeSet;
use itp_domain::validation::{self, FieldErrors};
use itp_persistence::ConnectionTrait;
use itp_persistence::application::{self, documents, eligibility};
use itp_persistence::audit::Entry;

use super::context::{ApplicationContext, CallContext};
use crate::mail::{Cause, Message, templates};
use crate::ops::{Context, OpError, OpResult};
use itp_domain::mail::Values;

fn entry(action: &'static str, id: i32, changes: ChangeSet) -> Entry<'static> {
    Entry::new(action, "application", id, changes)
}

/// The applicant's application to this call: the existing one, or a new draft.
pub async fn start_or_resume(ctx: &Context<'_>, call: &CallContext) -> OpResult<i32> {
    let now = ctx.now();
    if !call.accepts_at(now) {
        return Err(OpError::BadRequest(
            "This call is not open for applications.".into(),
        ));
    }
    let mut uow = ctx.begin().await?;
    if let Some(existing) =
        application::draft_for(uow.conn(), call.cohort.id, ctx.user_id()?).await?
    {
        return Ok(existing.id);
    }
    let id = application::create_draft(uow.conn(), call.cohort.id, ctx.user_id()?, now).await?;
    uow.audit(entry(
        "application.start",
        id,
        ChangeSet::new().set("cohort", call.cohort.id),
    ))
    .await?;
    uow.commit().await?;
    Ok(id)
}

/// Saves one step of the form. A draft accepts anything up to each field's length (what is
/// longer is cut, and returned as `(field, limit)`); the rules apply at submission.
pub async fn save_step(
    ctx: &Context<'_>,
    app: &ApplicationContext,
    step: Step,
    fields: &[(String, String)],
) -> OpResult<(ApplicationDraft, Vec<(String, usize)>)> {
    if app.application.status != ApplicationStatus::Draft {
        return Err(OpError::Conflict(
            "This application has been submitted and can no longer be changed.".into(),
        ));
    }
    // Read and write in one write transaction, so two tabs saving different steps at the same
    // moment cannot undo each other's step.
    let uow = ctx.begin().await?;
    let mut draft = application::draft_of(uow.conn(), app.application.id).await?;
    let cut = draft.apply_step(step, fields);
    if !application::save_draft(uow.conn(), app.application.id, &draft, uow.now()).await? {
        return Err(OpError::Conflict(
            "This application has been submitted and can no longer be changed.".into(),
        ));
    }
    uow.commit().await?;
    Ok((draft, cut))
}

/// Submits the draft if every rule holds and the deadline has not passed; otherwise returns
/// every problem at once and changes nothing.
pub async fn submit(
    ctx: &Context<'_>,
    app: &ApplicationContext,
) -> OpResult<std::result::Result<(), FieldErrors>> {
    let now = ctx.now();
    let facts = Facts {
        call_accepts: app.call.accepts_at(now),
    };
    match lifecycle::check(app.application.status, Transition::Submit, facts) {
        Ok(_) => {}
        Err(r @ Refusal::DeadlinePassed(_)) => {
            return Ok(Err(FieldErrors::single("deadline", r.to_string())));
        }
        Err(r @ Refusal::NotFrom(..)) => return Err(OpError::Conflict(r.to_string())),
    }
    let mut uow = ctx.begin().await?;
    let draft = application::draft_of(uow.conn(), app.application.id).await?;
    let docs =
        documents::present(&documents::of_application(uow.conn(), app.application.id).await?);
    let submitted = match submission::validate(&draft, &app.call.rules(), &docs, now) {
        Ok(s) => s,
        Err(errors) => return Ok(Err(errors)),
    };
    if !application::submit(uow.conn(), app.application.id, &submitted, now).await? {
        return Err(OpError::Conflict(
            "This application was submitted already.".into(),
        ));
    }
    refresh_eligibility(uow.conn(), app, &draft).await?;
    uow.audit(entry(
        "application.submit",
        app.application.id,
        ChangeSet::new()
            .field(
                "status",
                Transition::Submit.from().code(),
                Transition::Submit.to().code(),
            )
            .set("members", submitted.members.len()),
    ))
    .await?;
    confirm_submission(&mut uow, app, &draft, now).await?;
    uow.commit().await?;
    Ok(Ok(()))
}

/// The applicant's receipt: the reference, what was sent, the link to read and print it, and
/// what happens next. Queued in the submission's transaction, so there is a receipt exactly when
/// there is a submission.
async fn confirm_submission(
    uow: &mut crate::ops::UnitOfWork<'_>,
    app: &ApplicationContext,
    draft: &ApplicationDraft,
    now: chrono::DateTime<chrono::Utc>,
) -> OpResult<()> {
    let state = uow.context().state;
    let user_id = uow.context().user_id()?;
    let Some(user) = itp_persistence::account::find(uow.conn(), user_id).await? else {
        return Ok(());
    };
    let email = itp_domain::account::Email::parse(&user.email).map_err(OpError::internal)?;
    let settings = &app.call.cohort.settings;
    let zone = settings.call.time_zone.name();
    let members = draft
        .members()
        .map(|(_, m)| m.full_name.trim().to_owned())
        .collect::<Vec<_>>()
        .join(", ");
    let values = Values::new()
        .set("call", &settings.name)
        .set(
            "reference",
            itp_domain::application::reference(app.call.cohort.id, app.application.id),
        )
        .set("submitted", crate::views::time::in_zone(now, zone))
        .set("organisation", draft.organisation.name.trim())
        .set("members", members)
        .set("project", draft.project.title.trim())
        .set(
            "link",
            format!(
                "{}/applications/{}",
                state.config.base_url.trim_end_matches('/'),
                app.application.id
            ),
        );
    let message = Message::from_template(
        &templates::APPLICATION_SUBMITTED,
        &values,
        &email,
        "",
        Cause::new("application", app.application.id),
    )?;
    uow.mail(&message).await?;
    Ok(())
}

/// Withdraws a submitted application; allowed until the deadline.
pub async fn withdraw(ctx: &Context<'_>, app: &ApplicationContext) -> OpResult<()> {
    let now = ctx.now();
    let facts = Facts {
        call_accepts: app.call.accepts_at(now),
    };
    match lifecycle::check(app.application.status, Transition::Withdraw, facts) {
        Ok(_) => {}
        Err(r @ Refusal::DeadlinePassed(_)) => return Err(OpError::BadRequest(r.to_string())),
        Err(r @ Refusal::NotFrom(..)) => return Err(OpError::Conflict(r.to_string())),
    }
    let mut uow = ctx.begin().await?;
    if !application::withdraw(uow.conn(), app.application.id, now).await? {
        return Err(OpError::Conflict(
            "Only a submitted application can be withdrawn.".into(),
        ));
    }
    uow.audit(entry(
        "application.withdraw",
        app.application.id,
        ChangeSet::new().field(
            "status",
            Transition::Withdraw.from().code(),
            Transition::Withdraw.to().code(),
        ),
    ))
    .await?;
    uow.commit().await?;
    Ok(())
}

/// Runs the eligibility checks for an application as it is now.
pub async fn checks<C: ConnectionTrait>(
    conn: &C,
    app: &ApplicationContext,
    draft: &ApplicationDraft,
) -> OpResult<Vec<CheckResult>> {
    let docs = documents::present(&documents::of_application(conn, app.application.id).await?);
    let earlier = eligibility::candidates_for(conn, draft).await?;
    let overrides = eligibility::overrides(conn, app.application.id).await?;
    let rules = app.call.rules();
    Ok(evaluate(
        draft,
        &EligibilityContext {
            rules: &rules,
            documents: &docs,
            earlier: &earlier,
            overrides: &overrides,
        },
    ))
}

/// Recomputes the checks and keeps their outcome on the application for the list's filters.
pub async fn refresh_eligibility<C: ConnectionTrait>(
    conn: &C,
    app: &ApplicationContext,
    draft: &ApplicationDraft,
) -> OpResult<Vec<CheckResult>> {
    let results = checks(conn, app, draft).await?;
    eligibility::store_outcome(conn, app.application.id, &results).await?;
    Ok(results)
}

/// A manager treats a check as passed, with a written reason (audited).
pub async fn override_check(
    ctx: &Context<'_>,
    app: &ApplicationContext,
    kind: CheckKind,
    reason: &str,
) -> OpResult<std::result::Result<(), FieldErrors>> {
    let mut errors = FieldErrors::new();
    let reason = validation::required_text(&mut errors, "reason", "reason", reason, 2_000);
    if errors.is_empty() && reason.chars().count() < 10 {
        errors.add(
            "reason",
            "Write the reason for the override (at least 10 characters); it is kept in the audit log.",
        );
    }
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let reason = reason.as_str();
    let mut uow = ctx.begin().await?;
    eligibility::set_override(
        uow.conn(),
        app.application.id,
        kind,
        reason,
        ctx.user_id()?,
        uow.now(),
    )
    .await?;
    let draft = application::draft_of(uow.conn(), app.application.id).await?;
    refresh_eligibility(uow.conn(), app, &draft).await?;
    uow.audit(entry(
        "application.override_check",
        app.application.id,
        ChangeSet::new()
            .set("check", kind.code())
            .set("reason", reason),
    ))
    .await?;
    uow.commit().await?;
    Ok(Ok(()))
}

/// Takes an override back (audited).
pub async fn remove_override(
    ctx: &Context<'_>,
    app: &ApplicationContext,
    kind: CheckKind,
) -> OpResult<()> {
    let mut uow = ctx.begin().await?;
    if !eligibility::remove_override(uow.conn(), app.application.id, kind).await? {
        return Err(OpError::NotFound);
    }
    let draft = application::draft_of(uow.conn(), app.application.id).await?;
    refresh_eligibility(uow.conn(), app, &draft).await?;
    uow.audit(entry(
        "application.remove_override",
        app.application.id,
        ChangeSet::new().set("check", kind.code()),
    ))
    .await?;
    uow.commit().await?;
    Ok(())
}

// Paths below are written out in full so that these functions stand apart from the imports at
// the top of this file.

/// Stores an uploaded document and records it, in place of the earlier one of its kind (and
/// team member), audited. The file, its row and the removal of the replaced file commit
/// together, so a row never points at a missing file nor a file outlives its row.
pub async fn add_document(
    ctx: &crate::ops::Context<'_>,
    document: itp_persistence::application::documents::NewDocument<'_>,
    file: &crate::storage::Pending<'_>,
) -> crate::ops::OpResult<()> {
    let (application_id, kind, name) = (
        document.application_id,
        document.kind,
        document.original_name.to_owned(),
    );
    let mut uow = ctx.begin().await?;
    let store = crate::storage::DocumentStore::of(ctx.state);
    store.write(uow.conn(), file, uow.now()).await?;
    let (document_id, replaced) =
        itp_persistence::application::documents::put(uow.conn(), document, uow.now()).await?;
    store.delete(uow.conn(), &replaced).await?;
    uow.audit(itp_persistence::audit::Entry {
        action: "application.upload_document",
        entity_type: "application",
        entity_id: Some(application_id.to_string()),
        changes: itp_domain::audit::ChangeSet::new()
            .set("document", kind.code())
            .set("file", &name)
            .set("document_id", document_id),
    })
    .await?;
    uow.commit().await
}

/// Removes a document from an application, and its stored file with it, audited.
pub async fn remove_document(
    ctx: &crate::ops::Context<'_>,
    application_id: i32,
    document_id: i32,
) -> crate::ops::OpResult<()> {
    let mut uow = ctx.begin().await?;
    let key =
        itp_persistence::application::documents::remove(uow.conn(), application_id, document_id)
            .await?
            .ok_or(crate::ops::OpError::NotFound)?;
    crate::storage::DocumentStore::of(ctx.state)
        .delete(uow.conn(), &[key])
        .await?;
    uow.audit(itp_persistence::audit::Entry {
        action: "application.remove_document",
        entity_type: "application",
        entity_id: Some(application_id.to_string()),
        changes: itp_domain::audit::ChangeSet::new().set("document_id", document_id),
    })
    .await?;
    uow.commit().await
}
