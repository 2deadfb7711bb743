//! Programme per-diem policies: finance and admin create them and add versions.

use std::collections::HashMap;

use axum::Form;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::authz::Action;
use itp_domain::per_diem::forms::policy::{NewPolicyInput, PolicyVersionInput, add_version};
use itp_domain::validation::FieldErrors;
use itp_persistence::per_diem::cohorts;
use itp_persistence::per_diem::policies::{self, StoredPolicy};
use maud::Markup;

use super::policy_views::{self as views, version_input};
use super::{Pairs, service};
use crate::app::{AppState, Routes};
use crate::error::Result;
use crate::forms::OrForm;
use crate::ops::Context;
use crate::security::access;
use crate::security::guard::Access;
use crate::security::session::{Session, SignedIn};
use crate::views::PageContext;

pub fn routes(r: Routes) -> Routes {
    let keep = Access::Can(Action::ManagePerDiemRates);
    r.get("/per-diem/policies", keep, list)
        .get("/per-diem/policies/new", keep, new_form)
        .post("/per-diem/policies", keep, create)
        .get("/per-diem/policies/{policy_id}", keep, show)
        .get(
            "/per-diem/policies/{policy_id}/versions/new",
            keep,
            new_version_form,
        )
        .post(
            "/per-diem/policies/{policy_id}/versions",
            keep,
            create_version,
        )
}

async fn list(State(state): State<AppState>, ctx: PageContext) -> Result<Markup> {
    let conn = &state.db.conn;
    let all = policies::list(conn).await?;
    let mut using: HashMap<String, usize> = HashMap::new();
    for c in cohorts::list(conn, None).await? {
        if let Some(code) = c.per_diem_policy {
            *using.entry(code.to_uppercase()).or_default() += 1;
        }
    }
    let rows: Vec<_> = all
        .into_iter()
        .map(|p| {
            let n = using.get(p.policy.code()).copied().unwrap_or(0);
            (p, n)
        })
        .collect();
    let today = state.clock.now().date_naive();
    Ok(views::list(&ctx, &rows, today))
}

async fn new_form(ctx: PageContext) -> Markup {
    let input = NewPolicyInput {
        version: PolicyVersionInput {
            travel_day_percent: "50".into(),
            breakfast_percent: "15".into(),
            lunch_percent: "35".into(),
            dinner_percent: "35".into(),
            ..PolicyVersionInput::default()
        },
        ..NewPolicyInput::default()
    };
    views::new_policy(&ctx, &input, &FieldErrors::new())
}

async fn create(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let form = Pairs(pairs);
    let input = NewPolicyInput {
        code: form.get("code"),
        name: form.get("name"),
        version: version_input(&form),
    };
    let again = |errors: &FieldErrors| views::new_policy(&ctx, &input, errors);
    let new = input.validate().or_form(again)?;
    let first = &new.policy.versions()[0];
    let id = service::create_policy(&Context::person(&state, &me), &new.code, &new.name, first)
        .await
        .map_err(|e| e.conflict_as_field("code"))
        .or_form(again)?;
    session
        .flash(format!(
            "The per-diem policy {} ({}) is created.",
            new.name, new.code
        ))
        .await?;
    Ok(Redirect::to(&format!("/per-diem/policies/{id}")).into_response())
}

async fn show(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(policy_id): Path<i32>,
) -> Result<Markup> {
    let conn = &state.db.conn;
    let p = access::find::<StoredPolicy>(&state, policy_id).await?;
    let using = cohorts::using_policy(conn, p.policy.code()).await?;
    Ok(views::show(&ctx, &p, &using))
}

async fn new_version_form(
    State(state): State<AppState>,
    ctx: PageContext,
    Path(policy_id): Path<i32>,
) -> Result<Markup> {
    let p = access::find::<StoredPolicy>(&state, policy_id).await?;
    let mut input = p
        .policy
        .versions()
        .last()
        .map(PolicyVersionInput::from_version)
        .unwrap_or_default();
    input.valid_from.clear();
    Ok(views::new_version(&ctx, &p, &input, &FieldErrors::new()))
}

async fn create_version(
    State(state): State<AppState>,
    session: Session,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(policy_id): Path<i32>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response> {
    let p = access::find::<StoredPolicy>(&state, policy_id).await?;
    let input = version_input(&Pairs(pairs));
    let again = |errors: &FieldErrors| views::new_version(&ctx, &p, &input, errors);
    let version = add_version(&p.policy, &input).or_form(again)?;
    service::add_policy_version(&Context::person(&state, &me), policy_id, &version)
        .await
        .map_err(|e| e.conflict_as_field("valid_from"))
        .or_form(again)?;
    session
        .flash(format!(
            "{} has a new version valid from {}.",
            p.name, version.valid_from
        ))
        .await?;
    Ok(Redirect::to(&format!("/per-diem/policies/{policy_id}")).into_response())
}
