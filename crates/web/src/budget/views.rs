//! The budget pages: a cohort's budget with its burn chart, one line's form (with the refusal of
//! a stale form), and the cost items with the manual-cost and mark-paid forms.

use itp_domain::Code;
use itp_domain::budget::{AlertLevel, Category, Control, CostInput, CostState, LineInput};
use itp_domain::format::{self, Lang};
use itp_domain::validation::FieldErrors;
use itp_domain::{Currency, Money};
use itp_persistence::budget::cost_items::StoredCost;
use itp_persistence::budget::lines::StoredLine;
use itp_persistence::cohort::StoredCohort;
use maud::{Markup, html};
use rust_decimal::Decimal;

use super::chart::burn_chart;
use super::figures::BudgetView;
use crate::views::components::{
    Field, Input, badge, breadcrumbs, cohort_trail, csrf_field, error_summary, pagination,
};
use crate::views::{PageContext, page};

/// Where a cohort's budget pages are.
pub struct Place<'a> {
    pub cohort: &'a StoredCohort,
    pub programme: &'a str,
}

impl Place<'_> {
    fn trail(&self, below_budget: bool) -> Vec<(String, String)> {
        let mut t = cohort_trail(
            self.cohort.programme_id,
            self.programme,
            Some((self.cohort.id, &self.cohort.settings.name)),
        );
        if below_budget {
            t.push((budget_path(self.cohort.id), "Budget".into()));
        }
        t
    }
}

pub fn budget_path(cohort_id: i32) -> String {
    format!("/cohorts/{cohort_id}/budget")
}

pub fn line_path(cohort_id: i32, category: Category) -> String {
    format!("/cohorts/{cohort_id}/budget/lines/{}", category.code())
}

pub fn sek(value: Decimal, lang: Lang) -> String {
    format::money(&Money::sek(value), lang)
}

pub fn level_badge(level: Option<AlertLevel>) -> Markup {
    match level {
        Some(AlertLevel::Over) => badge("Over plan", "danger"),
        Some(AlertLevel::Warning) => badge("At 90 %", "warning"),
        None => html! {},
    }
}

fn used(lang: Lang, planned: Decimal, committed: Decimal) -> String {
    if planned > Decimal::ZERO {
        format::percent(committed / planned, lang)
    } else {
        "–".into()
    }
}

pub fn budget_page(
    ctx: &PageContext,
    place: &Place<'_>,
    v: &BudgetView,
    points: &[(chrono::NaiveDate, Decimal, Decimal)],
    recent: &[StoredCost],
) -> Markup {
    let lang = ctx.lang;
    let id = place.cohort.id;
    let warnings: Vec<_> = v.rows.iter().filter(|r| r.level.is_some()).collect();
    page(
        ctx,
        &format!("Budget: {}", place.cohort.settings.name),
        html! {
            (breadcrumbs(&place.trail(false), "Budget"))
            h1 { "Budget" }
            p.lead { "Planned, committed and paid for " bdi { (place.cohort.settings.name) } ", in SEK. Committed counts every cost item and the approved per-diem statements; actual counts what is paid." }
            @if !warnings.is_empty() {
                div.notice role="status" {
                    h2 { "Lines near or over their plan" }
                    ul {
                        @for r in &warnings {
                            li {
                                a href=(line_path(id, r.line.category)) { (r.line.category.label()) } ": "
                                (sek(r.figures.committed, lang)) " committed of " (sek(r.figures.planned, lang)) " planned (" (used(lang, r.figures.planned, r.figures.committed)) ")"
                                @if let Some(l) = r.level { " — " (l.label()) }
                            }
                        }
                    }
                }
            }
            div.table-wrap {
                table #budget-lines {
                    caption { "Budget lines" }
                    thead { tr {
                        th scope="col" { "Line" }
                        th.num scope="col" { "Planned" }
                        th.num scope="col" { "Committed" }
                        th.num scope="col" { "Actual" }
                        th.num scope="col" { "Remaining" }
                        th.num scope="col" { "Forecast" }
                        th.num scope="col" { "Used" }
                        th scope="col" { "Control" }
                    } }
                    tbody {
                        @for r in &v.rows {
                            tr data-category=(r.line.category.code()) {
                                th scope="row" { a href=(line_path(id, r.line.category)) { (r.line.category.label()) } " " (level_badge(r.level)) }
                                td.num data-ore="planned" { (sek(r.figures.planned, lang)) }
                                td.num data-ore="committed" { (sek(r.figures.committed, lang)) }
                                td.num data-ore="actual" { (sek(r.figures.actual, lang)) }
                                td.num data-ore="remaining" { (sek(r.figures.remaining, lang)) }
                                td.num data-ore="forecast" { (sek(r.figures.forecast, lang)) }
                                td.num { (used(lang, r.figures.planned, r.figures.committed)) }
                                td { (r.line.control.label()) }
                            }
                        }
                    }
                    tfoot { tr #budget-total {
                        th scope="row" { "Total" }
                        td.num data-ore="planned" { (sek(v.total.planned, lang)) }
                        td.num data-ore="committed" { (sek(v.total.committed, lang)) }
                        td.num data-ore="actual" { (sek(v.total.actual, lang)) }
                        td.num data-ore="remaining" { (sek(v.total.remaining, lang)) }
                        td.num data-ore="forecast" { (sek(v.total.forecast, lang)) }
                        td.num { (used(lang, v.total.planned, v.total.committed)) }
                        td {}
                    } }
                }
            }
            p.hint { "Forecast = actual + committed not yet paid + the part of the plan not yet committed. Remaining = planned − committed. "
                (v.per_diem_statements) " approved or paid per-diem statements are counted on the per-diem line." }
            h2 { "Burn chart" }
            (burn_chart(lang, v.total.planned, points))
            details {
                summary { "The chart as a table" }
                div.table-wrap { table {
                    caption { "Cumulative committed and actual by day" }
                    thead { tr { th scope="col" { "Day" } th.num scope="col" { "Planned" } th.num scope="col" { "Committed" } th.num scope="col" { "Actual" } } }
                    tbody { @for p in points { tr {
                        td { (format::date(p.0, lang)) }
                        td.num { (sek(v.total.planned, lang)) }
                        td.num { (sek(p.1, lang)) }
                        td.num { (sek(p.2, lang)) }
                    } } }
                } }
            }
            h2 { "Latest costs" }
            (cost_table(ctx, id, recent, false))
            p { a href={ (budget_path(id)) "/costs" } { "All cost items, and add a cost" } " · " a href="/budgets/exchange-rates" { "Exchange rates" } }
        },
    )
}

fn cost_table(
    ctx: &PageContext,
    cohort_id: i32,
    items: &[StoredCost],
    with_actions: bool,
) -> Markup {
    let lang = ctx.lang;
    html! {
        @if items.is_empty() {
            p.empty { "No cost items yet." }
        } @else {
            div.table-wrap { table.costs {
                caption.visually-hidden { "Cost items" }
                thead { tr {
                    th scope="col" { "Date" }
                    th scope="col" { "Line" }
                    th scope="col" { "Supplier and description" }
                    th.num scope="col" { "Amount" }
                    th scope="col" { "Rate" }
                    th.num scope="col" { "SEK" }
                    th scope="col" { "State" }
                    @if with_actions { th scope="col" { "Payment" } }
                } }
                tbody { @for c in items { tr #{ "cost-" (c.id) } {
                    td { (format::date(c.incurred_on, lang)) }
                    td { (c.category.label()) }
                    td { bdi { (c.supplier) } br; small { bdi { (c.description) } " · " (c.source.kind.label()) }
                        @if !c.over_budget_reason.is_empty() { br; small { "Approved beyond the plan: " bdi { (c.over_budget_reason) } } } }
                    td.num { (format::money(&c.original, lang)) }
                    td { @if c.original.currency() == Currency::SEK { "–" } @else {
                        (format::decimal(c.sek_per_unit, c.sek_per_unit.scale(), lang)) " SEK/" (c.original.currency().code()) ", " (format::date(c.rate_on, lang)) } }
                    td.num { (format::money(&c.sek, lang)) }
                    td { @match c.state {
                        CostState::Paid => { (badge("Paid", "success")) @if let Some(d) = c.paid_on { " " (format::date(d, lang)) } " " (c.voucher) }
                        CostState::Committed => { (badge("Committed", "muted")) }
                    } }
                    @if with_actions { td { @if c.state == CostState::Committed {
                        form.inline method="post" action={ (budget_path(cohort_id)) "/costs/" (c.id) "/paid" } {
                            (csrf_field(ctx.csrf()))
                            input type="hidden" name="version" value=(c.version);
                            label for={ "paid_on-" (c.id) } { "Paid on" }
                            input id={ "paid_on-" (c.id) } type="date" name="paid_on" required;
                            label for={ "voucher-" (c.id) } { "Voucher" }
                            input id={ "voucher-" (c.id) } type="text" name="voucher" size="10" required;
                            button type="submit" { "Mark paid" }
                        }
                    } } }
                } } }
            } }
        }
    }
}

pub struct CostsPage<'a> {
    pub items: &'a [StoredCost],
    pub page: u64,
    pub total: u64,
    pub per_page: u64,
    pub form: &'a CostInput,
    pub errors: &'a FieldErrors,
    pub may_approve: bool,
}

pub fn costs_page(ctx: &PageContext, place: &Place<'_>, p: CostsPage<'_>) -> Markup {
    let id = place.cohort.id;
    let mut categories = vec![("", "Choose…")];
    categories.extend(Category::ALL.iter().map(|c| (c.code(), c.label())));
    page(
        ctx,
        &format!("Cost items: {}", place.cohort.settings.name),
        html! {
            (breadcrumbs(&place.trail(true), "Cost items"))
            h1 { "Cost items" }
            (error_summary(p.errors))
            h2 { "Add a cost" }
            form method="post" action={ (budget_path(id)) "/costs" } novalidate {
                (csrf_field(ctx.csrf()))
                (Field::new("category", "Budget line", &p.form.category).input(Input::Select(&categories)).required().render(p.errors))
                (Field::new("supplier", "Supplier", &p.form.supplier).required().render(p.errors))
                (Field::new("description", "Description", &p.form.description).required().render(p.errors))
                (Field::new("incurred_on", "Date of the cost", &p.form.incurred_on).input(Input::Date).hint("A cost in another currency is converted at the latest rate on or before this date.").required().render(p.errors))
                (Field::new("currency", "Currency", &p.form.currency).hint("Three letters: SEK, USD, EUR, UGX, KES, TZS, ZAR… Empty is SEK.").render(p.errors))
                (Field::new("amount", "Amount", &p.form.amount).hint("In the currency above, such as 1 250,00.").required().render(p.errors))
                @if p.may_approve {
                    (Field::new("approval_reason", "Reason for approving it beyond a stopped line", &p.form.approval_reason).input(Input::TextArea { rows: 2 }).hint("Only needed when the line is stopped at 100 % and this cost takes it beyond its plan.").render(p.errors))
                }
                div.actions { button type="submit" { "Add the cost" } }
            }
            h2 { "All cost items" }
            (cost_table(ctx, id, p.items, true))
            (pagination(p.page, p.per_page, p.total, |n| format!("{}/costs?page={n}", budget_path(id))))
        },
    )
}

/// One line's page: its figures, the plan form, and finance's control form. `stale` is the
/// line as another person saved it after this person's form was read: shown beside the form,
/// which keeps what this person typed.
pub struct LinePage<'a> {
    pub line: &'a StoredLine,
    pub form: &'a LineInput,
    pub form_version: i32,
    pub errors: &'a FieldErrors,
    pub stale: Option<&'a StoredLine>,
    pub committed: Decimal,
    pub actual: Decimal,
    pub may_control: bool,
    pub may_plan: bool,
    pub items: &'a [StoredCost],
}

pub fn line_page(ctx: &PageContext, place: &Place<'_>, p: LinePage<'_>) -> Markup {
    let lang = ctx.lang;
    let id = place.cohort.id;
    let category = p.line.category;
    let controls: Vec<(&str, &str)> = Control::ALL.iter().map(|c| (c.code(), c.label())).collect();
    page(
        ctx,
        &format!("{}: budget line", category.label()),
        html! {
            (breadcrumbs(&place.trail(true), category.label()))
            h1 { (category.label()) }
            @if let Some(other) = p.stale {
                div.error-summary role="alert" tabindex="-1" {
                    h2 { "Someone else saved this line while you were editing it" }
                    p { "Nothing you typed was saved. "
                        @if let Some(by) = &other.updated_by { bdi { (by) } } @else { "Another person" }
                        " saved it" @if let Some(at) = other.updated_at { " at " (format::date_time(at.naive_utc(), lang)) " UTC" } "." }
                    dl {
                        dt { "Planned, as they saved it" } dd #stale-planned { (format::money(&other.plan.planned, lang)) }
                        @if let Some(u) = other.plan.unit_cost {
                            dt { "Their calculator" } dd { (u.units) " × " (u.nights.unwrap_or(1)) " × " (format::money(&u.rate, lang)) }
                        }
                        dt { "Control" } dd { (other.control.label()) }
                        @if !other.plan.note.is_empty() { dt { "Note" } dd { bdi { (other.plan.note) } } }
                    }
                    p { "Your values are kept in the form below. Save again to replace theirs with yours, or change them first." }
                }
            }
            (error_summary(p.errors))
            dl.figures {
                dt { "Planned" } dd { (format::money(&p.line.plan.planned, lang)) }
                dt { "Committed" } dd { (sek(p.committed, lang)) }
                dt { "Actual" } dd { (sek(p.actual, lang)) }
                dt { "Control" } dd { (p.line.control.label()) }
            }
            @if p.may_plan {
                h2 { "Plan" }
                form method="post" action=(line_path(id, category)) novalidate {
                    (csrf_field(ctx.csrf()))
                    input type="hidden" name="version" value=(p.form_version);
                    (Field::new("planned", "Planned amount, SEK", &p.form.planned).hint("Or use the calculator below; it replaces this amount.").render(p.errors))
                    fieldset {
                        legend { "Unit-cost calculator: units × nights × rate" }
                        (Field::new("units", "Units (participants, rooms, tickets)", &p.form.units).input(Input::Number).render(p.errors))
                        (Field::new("nights", "Nights", &p.form.nights).input(Input::Number).hint("Empty counts as one (a flight per participant).").render(p.errors))
                        (Field::new("rate", "Rate per unit and night, SEK", &p.form.rate).render(p.errors))
                    }
                    (Field::new("note", "Note", &p.form.note).input(Input::TextArea { rows: 2 }).render(p.errors))
                    div.actions { button type="submit" { "Save the plan" } }
                }
            }
            @if p.may_control {
                h2 { "Budget control" }
                form method="post" action={ (line_path(id, category)) "/control" } {
                    (csrf_field(ctx.csrf()))
                    input type="hidden" name="version" value=(p.form_version);
                    (Field::new("control", "When commitments approach or pass the plan", p.line.control.code()).input(Input::Select(&controls)).render(&FieldErrors::new()))
                    div.actions { button type="submit" { "Set the control" } }
                }
            }
            h2 { "Cost items of this line" }
            (cost_table(ctx, id, p.items, false))
        },
    )
}
