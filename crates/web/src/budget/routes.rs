//! The handlers of a cohort's budget pages: thin, each parses its input into domain types,
//! calls one operation and renders or redirects.

use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use itp_domain::Code;
use itp_domain::authz::Action;
use itp_domain::budget::{AlertLevel, Category, Control, CostInput, LineInput, PaymentInput};
use itp_domain::validation::FieldErrors;
use itp_persistence::budget::cost_items;
use itp_persistence::budget::figures as stored_figures;
use itp_persistence::budget::lines::{self, Saved, StoredLine};
use itp_persistence::cohort::StoredCohort;
use serde::Deserialize;

use super::views::{self, CostsPage, LinePage, Place};
use super::{figures, service};
use crate::app::AppState;
use crate::error::{AppError, Result};
use crate::forms::FormFields;
use crate::ops::Context;
use crate::security::access;
use crate::security::session::{CurrentUser, Session, SignedIn};
use crate::views::PageContext;

pub const PER_PAGE: u64 = 50;

#[derive(Debug, Default, Deserialize)]
pub struct PageQuery {
    #[serde(default)]
    pub page: String,
}

impl PageQuery {
    fn number(&self) -> u64 {
        self.page
            .trim()
            .parse::<u64>()
            .ok()
            .filter(|n| (1..=100_000).contains(n))
            .unwrap_or(1)
    }
}

async fn place_of(state: &AppState, cohort: &StoredCohort) -> Result<String> {
    Ok(
        itp_persistence::programme::find(&state.db.conn, cohort.programme_id)
            .await?
            .map(|p| p.programme.name)
            .unwrap_or_default(),
    )
}

fn category_of(code: &str) -> Result<Category> {
    Category::parse(code).ok_or(AppError::NotFound)
}

fn version_of(form: &FormFields) -> Result<i32> {
    form.text("version")
        .trim()
        .parse::<i32>()
        .ok()
        .filter(|v| *v >= 0)
        .ok_or_else(|| {
            AppError::BadRequest("The form is missing its version; open the page again.".into())
        })
}

pub async fn budget_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
) -> Result<Response> {
    let cohort = access::load::<StoredCohort>(&state, &me, cohort_id, Action::ViewBudget).await?;
    let programme = place_of(&state, &cohort).await?;
    let conn = &state.db.conn;
    let view = figures::view(stored_figures::cohort_budget(conn, cohort.id).await?);
    let points = figures::cumulative(&stored_figures::movements(conn, cohort.id).await?);
    let (recent, _) = cost_items::page_of_cohort(conn, cohort.id, 0, 10).await?;
    let place = Place {
        cohort: &cohort,
        programme: &programme,
    };
    Ok(views::budget_page(&ctx, &place, &view, &points, &recent).into_response())
}

struct LineData {
    committed: rust_decimal::Decimal,
    actual: rust_decimal::Decimal,
    items: Vec<cost_items::StoredCost>,
}

async fn line_data(
    state: &AppState,
    cohort: &StoredCohort,
    category: Category,
) -> Result<LineData> {
    let conn = &state.db.conn;
    let view = figures::view(stored_figures::cohort_budget(conn, cohort.id).await?);
    let row = view.rows.iter().find(|r| r.line.category == category);
    let items = cost_items::of_cohort(conn, cohort.id, Some(category)).await?;
    Ok(LineData {
        committed: row.map(|r| r.figures.committed).unwrap_or_default(),
        actual: row.map(|r| r.figures.actual).unwrap_or_default(),
        items: items.into_iter().take(100).collect(),
    })
}

#[allow(clippy::too_many_arguments)]
async fn render_line(
    state: &AppState,
    ctx: &PageContext,
    me: &CurrentUser,
    cohort: &StoredCohort,
    line: &StoredLine,
    form: &LineInput,
    form_version: i32,
    errors: &FieldErrors,
    stale: Option<&StoredLine>,
) -> Result<maud::Markup> {
    let programme = place_of(state, cohort).await?;
    let data = line_data(state, cohort, line.category).await?;
    let place = Place {
        cohort,
        programme: &programme,
    };
    Ok(views::line_page(
        ctx,
        &place,
        LinePage {
            line,
            form,
            form_version,
            errors,
            stale,
            committed: data.committed,
            actual: data.actual,
            may_control: access::may(me, Action::ControlBudget, cohort),
            may_plan: access::may(me, Action::ManageBudget, cohort),
            items: &data.items,
        },
    ))
}

pub async fn line_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path((cohort_id, code)): Path<(i32, String)>,
) -> Result<maud::Markup> {
    let cohort = access::load::<StoredCohort>(&state, &me, cohort_id, Action::ViewBudget).await?;
    let category = category_of(&code)?;
    let line = lines::find(&state.db.conn, cohort.id, category).await?;
    let form = LineInput::from_plan(&line.plan);
    render_line(
        &state,
        &ctx,
        &me,
        &cohort,
        &line,
        &form,
        line.version,
        &FieldErrors::new(),
        None,
    )
    .await
}

pub async fn save_line(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    ctx: PageContext,
    Path((cohort_id, code)): Path<(i32, String)>,
    form: FormFields,
) -> Result<Response> {
    let cohort = access::load::<StoredCohort>(&state, &me, cohort_id, Action::ManageBudget).await?;
    let category = category_of(&code)?;
    let version = version_of(&form)?;
    let input = LineInput {
        planned: form.text("planned"),
        units: form.text("units"),
        nights: form.text("nights"),
        rate: form.text("rate"),
        note: form.text("note"),
    };
    let current = lines::find(&state.db.conn, cohort.id, category).await?;
    let plan = match input.validate() {
        Ok(p) => p,
        Err(errors) => {
            let page = render_line(
                &state, &ctx, &me, &cohort, &current, &input, version, &errors, None,
            )
            .await?;
            return Err(AppError::Reshow(page));
        }
    };
    match service::save_plan(
        &Context::person(&state, &me),
        &cohort,
        category,
        version,
        &plan,
    )
    .await?
    {
        Saved::Saved { .. } => {
            session
                .flash(format!("The plan of {} is saved.", category.label()))
                .await?;
            Ok(Redirect::to(&views::budget_path(cohort.id)).into_response())
        }
        Saved::Stale(now) => {
            // The form keeps what this person typed and carries the current version, so saving
            // again is a decision taken with the other person's values in view.
            let page = render_line(
                &state,
                &ctx,
                &me,
                &cohort,
                &now,
                &input,
                now.version,
                &FieldErrors::new(),
                Some(&now),
            )
            .await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
    }
}

pub async fn set_control(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    ctx: PageContext,
    Path((cohort_id, code)): Path<(i32, String)>,
    form: FormFields,
) -> Result<Response> {
    let cohort =
        access::load::<StoredCohort>(&state, &me, cohort_id, Action::ControlBudget).await?;
    let category = category_of(&code)?;
    let version = version_of(&form)?;
    let Some(control) = Control::parse(&form.text("control")) else {
        return Err(AppError::BadRequest("Choose ignore, warn or stop.".into()));
    };
    match service::set_control(
        &Context::person(&state, &me),
        &cohort,
        category,
        version,
        control,
    )
    .await?
    {
        Saved::Saved { .. } => {
            session
                .flash(format!("{}: {}.", category.label(), control.label()))
                .await?;
            Ok(Redirect::to(&views::line_path(cohort.id, category)).into_response())
        }
        Saved::Stale(now) => {
            let form = LineInput::from_plan(&now.plan);
            let page = render_line(
                &state,
                &ctx,
                &me,
                &cohort,
                &now,
                &form,
                now.version,
                &FieldErrors::new(),
                Some(&now),
            )
            .await?;
            Ok((StatusCode::CONFLICT, page).into_response())
        }
    }
}

async fn render_costs(
    state: &AppState,
    ctx: &PageContext,
    me: &CurrentUser,
    cohort: &StoredCohort,
    page: u64,
    form: &CostInput,
    errors: &FieldErrors,
) -> Result<maud::Markup> {
    let programme = place_of(state, cohort).await?;
    let (items, total) =
        cost_items::page_of_cohort(&state.db.conn, cohort.id, (page - 1) * PER_PAGE, PER_PAGE)
            .await?;
    let place = Place {
        cohort,
        programme: &programme,
    };
    Ok(views::costs_page(
        ctx,
        &place,
        CostsPage {
            items: &items,
            page,
            total,
            per_page: PER_PAGE,
            form,
            errors,
            may_approve: access::may(me, Action::ControlBudget, cohort),
        },
    ))
}

pub async fn costs_page(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
    Query(q): Query<PageQuery>,
) -> Result<maud::Markup> {
    let cohort = access::load::<StoredCohort>(&state, &me, cohort_id, Action::ViewBudget).await?;
    let today = state.clock.now().date_naive().to_string();
    let form = CostInput {
        incurred_on: today,
        currency: "SEK".into(),
        ..Default::default()
    };
    render_costs(
        &state,
        &ctx,
        &me,
        &cohort,
        q.number(),
        &form,
        &FieldErrors::new(),
    )
    .await
}

pub async fn add_cost(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    ctx: PageContext,
    Path(cohort_id): Path<i32>,
    form: FormFields,
) -> Result<Response> {
    let cohort = access::load::<StoredCohort>(&state, &me, cohort_id, Action::ManageBudget).await?;
    let input = CostInput {
        category: form.text("category"),
        supplier: form.text("supplier"),
        description: form.text("description"),
        incurred_on: form.text("incurred_on"),
        currency: form.text("currency"),
        amount: form.text("amount"),
        approval_reason: form.text("approval_reason"),
    };
    let reshow = |errors: FieldErrors| {
        let (state, ctx, me, cohort, input) = (&state, &ctx, &me, &cohort, &input);
        async move { render_costs(state, ctx, me, cohort, 1, input, &errors).await }
    };
    let cost = match input.validate() {
        Ok(c) => c,
        Err(errors) => return Err(AppError::Reshow(reshow(errors).await?)),
    };
    let may_approve = access::may(&me, Action::ControlBudget, &cohort);
    let added = service::add_cost(&Context::person(&state, &me), &cohort, &cost, may_approve).await;
    let (_, warning) = match added {
        Ok(a) => a,
        Err(crate::ops::OpError::Invalid(errors)) => {
            return Err(AppError::Reshow(reshow(errors).await?));
        }
        Err(other) => return Err(other.into()),
    };
    let mut message = format!("The cost is added to {}.", cost.category.label());
    match warning {
        Some(AlertLevel::Warning) => {
            message.push_str(" The line has now committed at least 90 % of its plan.")
        }
        Some(AlertLevel::Over) => message.push_str(" The line is now beyond its plan."),
        None => {}
    }
    session.flash(message).await?;
    Ok(Redirect::to(&format!("{}/costs", views::budget_path(cohort.id))).into_response())
}

pub async fn mark_paid(
    State(state): State<AppState>,
    SignedIn(me): SignedIn,
    session: Session,
    ctx: PageContext,
    Path((cohort_id, item_id)): Path<(i32, i32)>,
    form: FormFields,
) -> Result<Response> {
    let cohort = access::load::<StoredCohort>(&state, &me, cohort_id, Action::ManageBudget).await?;
    let item = cost_items::find(&state.db.conn, item_id)
        .await?
        .filter(|i| i.cohort_id == cohort.id)
        .ok_or(AppError::NotFound)?;
    let version = version_of(&form)?;
    let input = PaymentInput {
        paid_on: form.text("paid_on"),
        voucher: form.text("voucher"),
    };
    let payment = match input.validate() {
        Ok(p) => p,
        Err(errors) => {
            // Shown on the list page, with the add form empty.
            let page = render_costs(
                &state,
                &ctx,
                &me,
                &cohort,
                1,
                &CostInput::default(),
                &errors,
            )
            .await?;
            return Err(AppError::Reshow(page));
        }
    };
    service::mark_paid(&Context::person(&state, &me), &item, version, &payment).await?;
    session
        .flash(format!(
            "{} is marked paid ({}).",
            item.supplier, payment.voucher
        ))
        .await?;
    Ok(Redirect::to(&format!("{}/costs", views::budget_path(cohort.id))).into_response())
}
