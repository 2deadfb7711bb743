//! `/mail-templates`: the kinds of mail with the text that applies for a programme, and the
//! editor of one kind's text with a preview, a test mail to oneself and a way back to the
//! built-in text. A programme's texts are its managers'; the texts for every programme, and
//! account mail, are administrators'.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::account::Email;
use itp_domain::authz::{self, Action, Resource};
use itp_domain::mail::{TemplateInput, TemplateKind, TemplateText, kind};
use itp_domain::validation::FieldErrors;
use itp_persistence::mail_templates;
use itp_persistence::programme::StoredProgramme;
use maud::Markup;
use serde::Deserialize;

use super::views::{self, Editor, Row};
use super::{preview, service};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::forms::FormFields;
use crate::mail::texts;
use crate::ops::{Context, OpError};
use crate::security::access;
use crate::security::guard::Access;
use crate::security::session::{CurrentUser, Session, SignedIn};
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    let manage = Access::Can(Action::ManageMailTemplates);
    r.get("/mail-templates", manage, list)
        .get("/mail-templates/{kind}", manage, edit)
        .post("/mail-templates/{kind}", manage, save)
        .post("/mail-templates/{kind}/preview", manage, preview)
        .post("/mail-templates/{kind}/test", manage, test_mail)
        .post("/mail-templates/{kind}/reset", manage, reset)
}

/// `?programme=7&record=12`, as typed: text, so a broken number is ignored rather than a 400.
#[derive(Debug, Default, Deserialize)]
pub struct ScopeQuery {
    #[serde(default)]
    pub programme: String,
    #[serde(default)]
    pub record: String,
}

fn number(text: &str) -> Option<i32> {
    text.trim().parse().ok()
}

/// Whether `me` may change texts for every programme.
fn may_change_shared(me: &CurrentUser) -> bool {
    authz::permits(&me.principal, Action::ManageMailTemplates, Resource::System)
}

/// The programmes whose texts `me` may change.
async fn programmes_of(state: &AppState, me: &CurrentUser) -> Result<Vec<(i32, String)>> {
    let all = itp_persistence::programme::list_summaries(&state.db.conn, false).await?;
    Ok(all
        .into_iter()
        .filter(|p| {
            authz::permits(
                &me.principal,
                Action::ManageMailTemplates,
                Resource::Programme {
                    programme_id: i64::from(p.id),
                },
            )
        })
        .map(|p| (p.id, format!("{} – {}", p.code, p.name)))
        .collect())
}

/// The scope asked for, once `me` may change texts there: a programme, or every programme.
async fn scope(
    state: &AppState,
    me: &CurrentUser,
    kind: &TemplateKind,
    programme: Option<i32>,
) -> Result<Option<StoredProgramme>> {
    match programme {
        Some(id) if kind.per_programme => Ok(Some(
            access::load::<StoredProgramme>(state, me, id, Action::ManageMailTemplates).await?,
        )),
        _ if may_change_shared(me) => Ok(None),
        _ => Err(access::refusal(&me.principal)),
    }
}

fn kind_of(key: &str) -> Result<&'static TemplateKind> {
    kind(key).ok_or(AppError::NotFound)
}

async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Query(q): Query<ScopeQuery>,
) -> Result<Markup> {
    let programmes = programmes_of(&state, &me).await?;
    let chosen = match number(&q.programme) {
        Some(id) => Some(
            access::load::<StoredProgramme>(&state, &me, id, Action::ManageMailTemplates)
                .await?
                .id,
        ),
        None if may_change_shared(&me) => None,
        None => programmes.first().map(|(id, _)| *id),
    };
    let mut rows = Vec::new();
    for k in itp_domain::mail::KINDS {
        let programme_id = chosen.filter(|_| k.per_programme);
        if chosen.is_some() && programme_id.is_none() && !may_change_shared(&me) {
            continue;
        }
        let own = mail_templates::find(&state.db.conn, k.key, programme_id).await?;
        let shared = match programme_id {
            Some(_) => mail_templates::find(&state.db.conn, k.key, None).await?,
            None => None,
        };
        rows.push(Row {
            kind: k,
            programme_id,
            own,
            shared: shared.is_some(),
        });
    }
    Ok(views::list(
        &ctx,
        &programmes,
        may_change_shared(&me),
        chosen,
        &rows,
    ))
}

/// Everything the editor shows, from the text as typed (or as stored).
#[allow(clippy::too_many_arguments)]
async fn editor_page(
    state: &AppState,
    ctx: &PageContext,
    me: &CurrentUser,
    kind: &'static TemplateKind,
    programme: Option<&StoredProgramme>,
    input: &TemplateInput,
    record: Option<i32>,
    errors: &FieldErrors,
    notice: Option<String>,
) -> Result<Markup> {
    let programme_id = programme.map(|p| p.id);
    let own = mail_templates::find(&state.db.conn, kind.key, programme_id).await?;
    let records = preview::records(state, kind, programme_id).await?;
    let rendered = match input.validate(kind) {
        Ok(text) => {
            let (values, from) = preview::values(state, kind, programme_id, record, me).await?;
            Some((text.render(&values).map_err(OpError::internal)?, from))
        }
        Err(_) => None,
    };
    Ok(views::edit(
        ctx,
        &Editor {
            kind,
            programme: programme.map(|p| (p.id, p.programme.name.as_str())),
            input,
            own: own.as_ref(),
            records: &records,
            record,
            rendered: rendered.as_ref().map(|(r, from)| (r, from.as_ref())),
            notice,
        },
        errors,
    ))
}

fn input_of(text: &TemplateText) -> TemplateInput {
    TemplateInput {
        subject: text.subject.clone(),
        body: text.body.clone(),
        html: text.html.clone().unwrap_or_default(),
    }
}

async fn edit(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(key): Path<String>,
    Query(q): Query<ScopeQuery>,
) -> Result<Markup> {
    let kind = kind_of(&key)?;
    // A manager's texts are their programme's: the first one when none is named.
    let asked = match number(&q.programme) {
        None if !may_change_shared(&me) => programmes_of(&state, &me).await?.first().map(|p| p.0),
        asked => asked,
    };
    let programme = scope(&state, &me, kind, asked).await?;
    let programme_id = programme.as_ref().map(|p| p.id);
    // The editor starts from the text that applies now.
    let text = match mail_templates::effective(&state.db.conn, kind.key, programme_id).await? {
        Some(stored) => stored.text,
        None => texts::builtin(kind),
    };
    editor_page(
        &state,
        &ctx,
        &me,
        kind,
        programme.as_ref(),
        &input_of(&text),
        number(&q.record),
        &FieldErrors::new(),
        None,
    )
    .await
}

/// The form as typed, with its scope and preview record.
struct Typed {
    input: TemplateInput,
    programme: Option<i32>,
    record: Option<i32>,
}

fn typed(fields: &FormFields) -> Typed {
    Typed {
        input: TemplateInput {
            subject: fields.text("subject"),
            body: fields.text("body"),
            html: fields.text("html"),
        },
        programme: number(&fields.text("programme")),
        record: number(&fields.text("record")),
    }
}

fn edit_link(kind: &TemplateKind, programme_id: Option<i32>) -> String {
    match programme_id {
        Some(id) => format!("/mail-templates/{}?programme={id}", kind.key),
        None => format!("/mail-templates/{}", kind.key),
    }
}

async fn reshow(
    state: &AppState,
    ctx: &PageContext,
    me: &CurrentUser,
    kind: &'static TemplateKind,
    programme: Option<&StoredProgramme>,
    t: &Typed,
    errors: &FieldErrors,
) -> Result<Response> {
    let page = editor_page(
        state, ctx, me, kind, programme, &t.input, t.record, errors, None,
    )
    .await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

async fn save(
    State(state): State<AppState>,
    ctx: PageContext,
    session: Session,
    SignedIn(me): SignedIn,
    Path(key): Path<String>,
    fields: FormFields,
) -> Result<Response> {
    let kind = kind_of(&key)?;
    let t = typed(&fields);
    let programme = scope(&state, &me, kind, t.programme).await?;
    let text = match t.input.validate(kind) {
        Ok(text) => text,
        Err(errors) => {
            return reshow(&state, &ctx, &me, kind, programme.as_ref(), &t, &errors).await;
        }
    };
    let programme_id = programme.as_ref().map(|p| p.id);
    service::save(&Context::person(&state, &me), kind, programme_id, &text).await?;
    let whom = match &programme {
        Some(p) => format!("for {}", p.programme.name),
        None => "for every programme".to_owned(),
    };
    session
        .flash(format!("The text of “{}” {whom} is saved.", kind.label))
        .await?;
    Ok(Redirect::to(&edit_link(kind, programme_id)).into_response())
}

async fn preview(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(key): Path<String>,
    fields: FormFields,
) -> Result<Response> {
    let kind = kind_of(&key)?;
    let t = typed(&fields);
    let programme = scope(&state, &me, kind, t.programme).await?;
    if let Err(errors) = t.input.validate(kind) {
        return reshow(&state, &ctx, &me, kind, programme.as_ref(), &t, &errors).await;
    }
    let notice = Some("The preview shows the text as typed; it is not saved yet.".to_owned());
    Ok(editor_page(
        &state,
        &ctx,
        &me,
        kind,
        programme.as_ref(),
        &t.input,
        t.record,
        &FieldErrors::new(),
        notice,
    )
    .await?
    .into_response())
}

async fn test_mail(
    State(state): State<AppState>,
    ctx: PageContext,
    SignedIn(me): SignedIn,
    Path(key): Path<String>,
    fields: FormFields,
) -> Result<Response> {
    let kind = kind_of(&key)?;
    let t = typed(&fields);
    let programme = scope(&state, &me, kind, t.programme).await?;
    let text = match t.input.validate(kind) {
        Ok(text) => text,
        Err(errors) => {
            return reshow(&state, &ctx, &me, kind, programme.as_ref(), &t, &errors).await;
        }
    };
    let programme_id = programme.as_ref().map(|p| p.id);
    let (values, _) = preview::values(&state, kind, programme_id, t.record, &me).await?;
    let rendered = text.render(&values).map_err(OpError::internal)?;
    let to = Email::parse(&me.email).map_err(OpError::internal)?;
    let mail_id = service::send_test(
        &Context::person(&state, &me),
        kind,
        programme_id,
        rendered,
        &to,
        &me.display_name,
    )
    .await?;
    let notice = Some(format!(
        "A test mail to {} is in the outbox (message #{mail_id}); the text itself is not saved yet.",
        me.email
    ));
    Ok(editor_page(
        &state,
        &ctx,
        &me,
        kind,
        programme.as_ref(),
        &t.input,
        t.record,
        &FieldErrors::new(),
        notice,
    )
    .await?
    .into_response())
}

async fn reset(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    Path(key): Path<String>,
    fields: FormFields,
) -> Result<Redirect> {
    let kind = kind_of(&key)?;
    let programme = scope(&state, &me, kind, number(&fields.text("programme"))).await?;
    let programme_id = programme.as_ref().map(|p| p.id);
    service::reset(&Context::person(&state, &me), kind, programme_id).await?;
    session
        .flash(format!(
            "The stored text of “{}” is removed; the next one out applies again.",
            kind.label
        ))
        .await?;
    Ok(Redirect::to(&edit_link(kind, programme_id)))
}
