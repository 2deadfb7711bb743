//! Programme per-diem policies: the list, one policy with its versions, and the forms for a new
//! policy and a new version.

use chrono::NaiveDate;
use itp_domain::per_diem::ProgrammePolicyVersion;
use itp_domain::per_diem::forms::policy::{
    NewPolicyInput, PolicyVersionInput, RateInput, rate_field,
};
use itp_domain::validation::FieldErrors;
use itp_persistence::per_diem::cohorts::StatementCohort;
use itp_persistence::per_diem::policies::StoredPolicy;
use maud::{Markup, html};

use super::{Pairs, country_datalist, percent, sek};
use crate::views::components::{Field, Input, badge, csrf_field, error_summary};
use crate::views::{PageContext, page};

/// Reads a version's fields from a submitted form.
pub fn version_input(form: &Pairs) -> PolicyVersionInput {
    let rows = form.rows("rate_country_").max(form.rows("rate_amount_"));
    PolicyVersionInput {
        valid_from: form.get("valid_from"),
        travel_day_percent: form.get("travel_day_percent"),
        breakfast_percent: form.get("breakfast_percent"),
        lunch_percent: form.get("lunch_percent"),
        dinner_percent: form.get("dinner_percent"),
        rates: (1..=rows)
            .map(|n| RateInput {
                country: form.get(&rate_field("country", n)),
                amount: form.get(&rate_field("amount", n)),
            })
            .collect(),
    }
}

fn rates_summary(v: &ProgrammePolicyVersion) -> String {
    if v.daily_rates.is_empty() {
        return "No per diem in any country".to_owned();
    }
    v.daily_rates
        .iter()
        .map(|(c, a)| format!("{} {}", c.name(), sek(*a)))
        .collect::<Vec<_>>()
        .join(", ")
}

fn meals_summary(v: &ProgrammePolicyVersion) -> String {
    let m = &v.meal_percentages;
    format!(
        "breakfast {}, lunch {}, dinner {}",
        percent(m.breakfast),
        percent(m.lunch),
        percent(m.dinner)
    )
}

fn policy_links() -> Markup {
    html! {
        p {
            a href="/per-diem/rates" { "Skatteverket's rates" } " · "
            a href="/per-diem/policies" { "Programme policies" }
        }
    }
}

pub fn list(ctx: &PageContext, policies: &[(StoredPolicy, usize)], today: NaiveDate) -> Markup {
    page(
        ctx,
        "Programme per-diem policies",
        html! {
            (policy_links())
            h1 { "Programme per-diem policies" }
            p.lead { "The programmes' own per-diem rates for participants. A cohort names the policy it uses; each day is paid under the version in force that day." }
            div.actions { a.button href="/per-diem/policies/new" { "New policy" } }
            @if policies.is_empty() {
                p { "No policy yet." }
            } @else {
                div.table-wrap {
                    table {
                        thead { tr { th { "Policy" } th { "In force today" } th.num { "Versions" } th.num { "Cohorts using it" } } }
                        tbody {
                            @for (p, cohorts) in policies {
                                tr {
                                    td { a href={ "/per-diem/policies/" (p.id) } { (p.name) } " " (badge(p.policy.code(), "info")) }
                                    td {
                                        @if let Some(v) = p.policy.version_in_force(today) {
                                            (rates_summary(v)) "; travel days " (percent(v.travel_day_percent)) "; " (meals_summary(v))
                                        } @else { span.muted { "No version yet in force" } }
                                    }
                                    td.num { (p.policy.versions().len()) }
                                    td.num { (cohorts) }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub fn show(ctx: &PageContext, p: &StoredPolicy, cohorts: &[StatementCohort]) -> Markup {
    page(
        ctx,
        &p.name,
        html! {
            (policy_links())
            h1 { (p.name) " " (badge(p.policy.code(), "info")) }
            p { "Trips name it as " code { "programme:" (p.policy.code()) } ". Versions are never changed: new rates get a new version from the date they apply." }
            div.actions { a.button href={ "/per-diem/policies/" (p.id) "/versions/new" } { "Add a version" } }
            h2 { "Versions" }
            div.table-wrap {
                table {
                    thead { tr { th { "Valid from" } th { "Daily rates" } th.num { "Arrival and departure days" } th { "Free meals reduce the day by" } } }
                    tbody {
                        @for v in p.policy.versions().iter().rev() {
                            tr {
                                td { (v.valid_from) }
                                td { (rates_summary(v)) }
                                td.num { (percent(v.travel_day_percent)) }
                                td { (meals_summary(v)) }
                            }
                        }
                    }
                }
            }
            h2 { "Cohorts using it" }
            @if cohorts.is_empty() {
                p { "No cohort names this policy yet." }
            } @else {
                ul { @for c in cohorts { li { (c.programme_code) " · " (c.name) } } }
            }
        },
    )
}

fn version_fields(v: &PolicyVersionInput, errors: &FieldErrors) -> Markup {
    let rows = (v
        .rates
        .iter()
        .filter(|r| *r != &RateInput::default())
        .count()
        + 2)
    .max(4);
    let blank = RateInput::default();
    html! {
        (Field::new("valid_from", "Valid from", &v.valid_from).input(Input::Date)
            .hint("The first day these rates apply; the version before applies until the day before.")
            .required().render(errors))
        fieldset {
            legend { "Daily rates per country" }
            p.hint { "Whole kronor a full day. A country without a rate gets no per diem (ICLD pays none for workshops outside Sweden since 2020)." }
            (country_datalist())
            div.table-wrap {
                table {
                    thead { tr { th { "Country" } th { "Kronor a day" } } }
                    tbody {
                        @for n in 1..=rows {
                            @let rate = v.rates.get(n - 1).unwrap_or(&blank);
                            @let country = rate_field("country", n);
                            @let amount = rate_field("amount", n);
                            tr {
                                td.field.has-error[errors.for_field(&country).is_some()] {
                                    label.visually-hidden for=(country) { "Country of rate " (n) }
                                    @if let Some(m) = errors.for_field(&country) { p.error-message { (m) } }
                                    input id=(country) name=(country) type="text" list="countries" value=(rate.country);
                                }
                                td.field.has-error[errors.for_field(&amount).is_some()] {
                                    label.visually-hidden for=(amount) { "Kronor a day for rate " (n) }
                                    @if let Some(m) = errors.for_field(&amount) { p.error-message { (m) } }
                                    input id=(amount) name=(amount) type="text" inputmode="numeric" value=(rate.amount);
                                }
                            }
                        }
                    }
                }
            }
        }
        (Field::new("travel_day_percent", "Arrival and departure days, % of the daily rate", &v.travel_day_percent)
            .hint("A whole percentage, such as 50.").required().render(errors))
        (Field::new("breakfast_percent", "A free breakfast reduces the day by, %", &v.breakfast_percent).required().render(errors))
        (Field::new("lunch_percent", "A free lunch reduces the day by, %", &v.lunch_percent).required().render(errors))
        (Field::new("dinner_percent", "A free dinner reduces the day by, %", &v.dinner_percent).required().render(errors))
    }
}

pub fn new_policy(ctx: &PageContext, input: &NewPolicyInput, errors: &FieldErrors) -> Markup {
    page(
        ctx,
        "New per-diem policy",
        html! {
            (policy_links())
            h1 { "New programme per-diem policy" }
            (error_summary(errors))
            form method="post" action="/per-diem/policies" novalidate {
                (csrf_field(ctx.csrf()))
                (Field::new("code", "Code", &input.code)
                    .hint("2 to 16 letters or digits, such as ICLD. Trips name the policy as programme:CODE; the code cannot change later.")
                    .required().render(errors))
                (Field::new("name", "Name", &input.name).hint("Such as “ICLD participants”.").required().render(errors))
                h2 { "First version" }
                (version_fields(&input.version, errors))
                div.actions { button type="submit" { "Create the policy" } a href="/per-diem/policies" { "Cancel" } }
            }
        },
    )
}

pub fn new_version(
    ctx: &PageContext,
    p: &StoredPolicy,
    input: &PolicyVersionInput,
    errors: &FieldErrors,
) -> Markup {
    page(
        ctx,
        "New version",
        html! {
            (policy_links())
            h1 { "New version of " (p.name) }
            p { "Filled in from the latest version: change what is new and give the date it applies from." }
            (error_summary(errors))
            form method="post" action={ "/per-diem/policies/" (p.id) "/versions" } novalidate {
                (csrf_field(ctx.csrf()))
                (version_fields(input, errors))
                div.actions { button type="submit" { "Add the version" } a href={ "/per-diem/policies/" (p.id) } { "Cancel" } }
            }
        },
    )
}
