use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::Code;
use itp_domain::account::Email;
use itp_domain::authz::Action;
use itp_domain::role::Grant;
use itp_domain::validation::{FieldErrors, optional_text};
use itp_persistence::account;
use maud::Markup;
use serde::Deserialize;

use super::scopes::Scopes;
use super::{service, users_views as views};
use crate::app::{AppState, Routes};
use crate::error::{AppError, Result};
use crate::ops::{Context, OpError};
use crate::security::guard::Access;
use crate::security::session::{Session, SignedIn};
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    let manage = Access::Can(Action::ManageUsers);
    r.get("/admin/users", manage, list)
        .get("/admin/users/new", manage, new_form)
        .post("/admin/users", manage, create)
        .get("/admin/users/{user_id}", manage, show)
        .post("/admin/users/{user_id}/reset-link", manage, reset_link)
        .post("/admin/users/{user_id}/active", manage, set_active)
        .post("/admin/users/{user_id}/grants", manage, add_grant)
        .post(
            "/admin/users/{user_id}/grants/{grant_id}/revoke",
            manage,
            revoke_grant,
        )
}

/// The people list's search and role filter, as typed.
#[derive(Debug, Default, Deserialize, Clone)]
pub struct PeopleQuery {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub role: String,
}

impl PeopleQuery {
    pub fn is_filtered(&self) -> bool {
        !self.q.trim().is_empty() || !self.role.trim().is_empty()
    }

    /// Whether the person matches: the search in their name or address (any case), and the
    /// role among theirs.
    fn matches(&self, user: &account::UserRow, grants: &[Grant]) -> bool {
        let needle = self.q.trim().to_lowercase();
        let found = needle.is_empty()
            || user.display_name.to_lowercase().contains(&needle)
            || user.email.to_lowercase().contains(&needle);
        let role = match self.role.trim() {
            "" => true,
            code => grants.iter().any(|g| g.role.code() == code),
        };
        found && role
    }
}

async fn list(
    State(state): State<AppState>,
    ctx: PageContext,
    Query(q): Query<PeopleQuery>,
) -> Result<Markup> {
    let mut people = account::list(&state.db.conn).await?;
    let everyone = people.len();
    people.retain(|(u, grants)| q.matches(u, grants));
    let scopes = Scopes::load(&state.db.conn).await?;
    Ok(views::list(&ctx, &people, everyone, &q, &scopes))
}

async fn scope_choices(state: &AppState) -> Result<Scopes> {
    Scopes::load(&state.db.conn).await
}

async fn new_form(State(state): State<AppState>, ctx: PageContext) -> Result<Markup> {
    Ok(views::new_user(
        &ctx,
        &views::UserForm::default(),
        &FieldErrors::new(),
        &scope_choices(&state).await?,
    ))
}

async fn create(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Form(form): Form<views::UserForm>,
) -> Result<Response> {
    let mut errors = FieldErrors::new();
    let email = Email::parse(&form.email)
        .map_err(|e| errors.add("email", e.to_string()))
        .ok();
    let display_name = optional_text(&mut errors, "display_name", "name", &form.display_name, 200);
    let scopes = scope_choices(&state).await?;
    let grant = scopes.read_grant(&form.role, &form.scope, &mut errors);
    let (Some(email), Some(grant), true) = (email, grant, errors.is_empty()) else {
        return invalid_user_form(&state, &ctx, &form, errors).await;
    };
    match service::invite(&Context::person(&state, &me), &email, &display_name, grant).await {
        Ok(invitation) => Ok(views::link_issued(
            &ctx,
            &views::IssuedLinkView {
                email: email.as_str(),
                what: "invitation",
                link: &invitation.link,
                expires: invitation.expires_at,
                mail: invitation.mail,
            },
        )
        .into_response()),
        Err(OpError::Conflict(message)) => {
            invalid_user_form(&state, &ctx, &form, FieldErrors::single("email", message)).await
        }
        Err(e) => Err(e.into()),
    }
}

async fn invalid_user_form(
    state: &AppState,
    ctx: &PageContext,
    form: &views::UserForm,
    errors: FieldErrors,
) -> Result<Response> {
    let choices = scope_choices(state).await?;
    Err(AppError::Reshow(views::new_user(
        ctx, form, &errors, &choices,
    )))
}

async fn person(state: &AppState, user_id: i32) -> Result<account::UserRow> {
    account::find(&state.db.conn, user_id)
        .await?
        .ok_or(AppError::NotFound)
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(user_id): Path<i32>,
) -> Result<Markup> {
    let person = person(&state, user_id).await?;
    let grants = account::grant_rows(&state.db.conn, user_id).await?;
    Ok(views::show(
        &ctx,
        &person,
        &grants,
        &FieldErrors::new(),
        &scope_choices(&state).await?,
    ))
}

async fn reset_link(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(user_id): Path<i32>,
) -> Result<Markup> {
    let person = person(&state, user_id).await?;
    let issued = service::reset_link(&Context::person(&state, &me), person.id).await?;
    Ok(views::link_issued(
        &ctx,
        &views::IssuedLinkView {
            email: &person.email,
            what: "password-reset link",
            link: &issued.link,
            expires: issued.expires_at,
            mail: issued.mail,
        },
    ))
}

#[derive(Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    active: String,
}

async fn set_active(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    Path(user_id): Path<i32>,
    Form(form): Form<ActiveForm>,
) -> Result<Redirect> {
    let active = match form.active.as_str() {
        "true" => true,
        "false" => false,
        _ => {
            return Err(AppError::BadRequest(
                "Choose whether the account is active.".into(),
            ));
        }
    };
    let email = service::set_active(&Context::person(&state, &me), user_id, active).await?;
    session
        .flash(if active {
            format!("{email} can sign in again.")
        } else {
            format!("{email} is disabled and signed out everywhere.")
        })
        .await?;
    Ok(Redirect::to(&format!("/admin/users/{user_id}")))
}

#[derive(Deserialize)]
pub struct GrantForm {
    #[serde(default)]
    role: String,
    #[serde(default)]
    scope: String,
}

async fn add_grant(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(user_id): Path<i32>,
    Form(form): Form<GrantForm>,
) -> Result<Response> {
    let person = person(&state, user_id).await?;
    let mut errors = FieldErrors::new();
    let choices = scope_choices(&state).await?;
    let Some(grant) = choices.read_grant(&form.role, &form.scope, &mut errors) else {
        let grants = account::grant_rows(&state.db.conn, user_id).await?;
        return Err(AppError::Reshow(views::show(
            &ctx, &person, &grants, &errors, &choices,
        )));
    };
    service::add_grant(&Context::person(&state, &me), user_id, grant).await?;
    session
        .flash(format!(
            "{} now has the role {}.",
            person.email,
            choices.label_text(&grant)
        ))
        .await?;
    Ok(Redirect::to(&format!("/admin/users/{user_id}")).into_response())
}

async fn revoke_grant(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    Path((user_id, grant_id)): Path<(i32, i32)>,
) -> Result<Redirect> {
    let grant = service::revoke_grant(&Context::person(&state, &me), user_id, grant_id).await?;
    session
        .flash(format!("The {} role was removed.", grant.role.label()))
        .await?;
    Ok(Redirect::to(&format!("/admin/users/{user_id}")))
}
