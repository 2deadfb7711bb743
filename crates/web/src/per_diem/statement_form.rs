//! The statement form: who travels, in which cohort and phase, under which policy, and the
//! itinerary. It works without JavaScript: "Show the days" re-renders the form with a row of
//! meal boxes for every date between the departure and the return, without saving.

use itp_domain::Code;
use std::collections::{BTreeMap, BTreeSet};

use itp_domain::per_diem::Meal;
use itp_domain::per_diem::forms::itinerary::{ItineraryInput, StayInput, meal_field, stay_field};
use itp_domain::per_diem::forms::statement::{
    POLICY_COHORTS_OWN, POLICY_PROGRAMME, POLICY_SKATTEVERKET, StatementInput,
};
use itp_domain::validation::FieldErrors;
use itp_persistence::per_diem::cohorts::StatementCohort;
use maud::{Markup, html};

use super::{Pairs, country_datalist};
use crate::views::components::{Field, Input, csrf_field, error_summary};
use crate::views::{PageContext, page};
use itp_domain::format::{self, Lang};

/// What the person pressed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    Save,
    /// Re-render with the day grid for the dates typed; nothing is saved.
    ShowDays,
}

/// Reads the statement form.
pub fn read(form: &Pairs) -> (Intent, StatementInput) {
    let intent = if form.get("intent") == "show_days" {
        Intent::ShowDays
    } else {
        Intent::Save
    };
    let rows = form.rows("stay_country_").max(form.rows("stay_from_"));
    let stays = (1..=rows)
        .map(|n| StayInput {
            country: form.get(&stay_field("country", n)),
            from: form.get(&stay_field("from", n)),
            to: form.get(&stay_field("to", n)),
        })
        .collect();
    let mut free_meals: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (key, meal) in &form.0 {
        if let Some(date) = key.strip_prefix("meals_") {
            free_meals
                .entry(date.to_owned())
                .or_default()
                .insert(meal.clone());
        }
    }
    let input = StatementInput {
        traveller_name: form.get("traveller_name"),
        traveller_email: form.get("traveller_email"),
        phase_label: form.get("phase_label"),
        policy: form.get("policy"),
        itinerary: ItineraryInput {
            departure: form.get("departure"),
            return_at: form.get("return_at"),
            stays,
            free_meals,
            lodging_paid: form.get("lodging_paid") != "no",
        },
    };
    (intent, input)
}

/// The form page.
pub struct FormPage<'a> {
    pub heading: &'a str,
    pub action: String,
    /// The cohorts to choose from (new statement), or `None` when the cohort is fixed (edit).
    pub cohorts: Option<&'a [StatementCohort]>,
    /// The chosen cohort: its id as the form sent it, and the cohort when known.
    pub cohort_id: String,
    pub cohort: Option<&'a StatementCohort>,
    pub input: &'a StatementInput,
    pub errors: &'a FieldErrors,
    pub cancel: String,
}

fn cohort_label(c: &StatementCohort) -> String {
    match &c.per_diem_policy {
        Some(code) => format!(
            "{} · {} (programme policy {code})",
            c.programme_code, c.name
        ),
        None => format!("{} · {} (no programme policy)", c.programme_code, c.name),
    }
}

fn policy_choice(p: &FormPage<'_>) -> Markup {
    let error = p.errors.for_field("policy");
    let programme_label = match p.cohort.map(|c| c.per_diem_policy.as_deref()) {
        Some(Some(code)) => format!("The cohort's programme policy, {code} (participants)"),
        Some(None) => "The cohort's programme policy (this cohort names none)".to_owned(),
        None => "The cohort's programme policy (participants)".to_owned(),
    };
    let chosen = p
        .input
        .effective_policy(p.cohort.and_then(|c| c.per_diem_policy.as_deref()));
    // Before a cohort is chosen, nothing is decided: the cohort's own policy applies when it
    // names one.
    let undecided = p.cohort.is_none() && p.input.policy.trim() == POLICY_COHORTS_OWN;
    html! {
        fieldset.field.has-error[error.is_some()] #policy {
            legend { "Per-diem policy" }
            @if let Some(m) = error { p.error-message { span.visually-hidden { "Error: " } (m) } }
            @if undecided {
                label.checkbox {
                    input type="radio" name="policy" value=(POLICY_COHORTS_OWN) checked;
                    " The cohort's own policy when it names one, otherwise Skatteverket's rules"
                }
            }
            label.checkbox {
                input type="radio" name="policy" value=(POLICY_SKATTEVERKET) checked[!undecided && chosen != POLICY_PROGRAMME];
                " Skatteverket's rules (staff, mentors, Swedish resource persons)"
            }
            label.checkbox {
                input type="radio" name="policy" value=(POLICY_PROGRAMME) checked[!undecided && chosen == POLICY_PROGRAMME];
                " " (programme_label)
            }
        }
    }
}

fn stays_table(itinerary: &ItineraryInput, errors: &FieldErrors) -> Markup {
    let filled = itinerary
        .stays
        .iter()
        .filter(|s| **s != StayInput::default())
        .count();
    let rows = (filled + 2).max(3);
    let blank = StayInput::default();
    let cell = |name: String, label: String, value: &str, kind: &str| {
        let error = errors.for_field(&name);
        html! {
            td.field.has-error[error.is_some()] {
                label.visually-hidden for=(name) { (label) }
                @if let Some(m) = error { p.error-message { (m) } }
                @if kind == "country" {
                    input id=(name) name=(name) type="text" list="countries" value=(value);
                } @else {
                    input id=(name) name=(name) type="datetime-local" value=(value);
                }
            }
        }
    };
    html! {
        fieldset {
            legend { "Stays" }
            p.hint { "Where the traveller was, from arrival to departure, local Swedish time. Time between stays is travel. Leave spare rows empty." }
            (country_datalist())
            div.table-wrap {
                table {
                    thead { tr { th { "Country" } th { "From" } th { "To" } } }
                    tbody {
                        @for n in 1..=rows {
                            @let stay = itinerary.stays.get(n - 1).unwrap_or(&blank);
                            tr {
                                (cell(stay_field("country", n), format!("Country of stay {n}"), &stay.country, "country"))
                                (cell(stay_field("from", n), format!("Start of stay {n}"), &stay.from, "time"))
                                (cell(stay_field("to", n), format!("End of stay {n}"), &stay.to, "time"))
                            }
                        }
                    }
                }
            }
        }
    }
}

fn meal_grid(itinerary: &ItineraryInput, errors: &FieldErrors) -> Markup {
    let error = errors.for_field("meals");
    html! {
        fieldset.field.has-error[error.is_some()] #meals {
            legend { "Free meals" }
            p.hint { "Tick the meals that were provided free (not paid by the traveller). Meals that come with a ticket, on a flight, do not count." }
            @if let Some(m) = error { p.error-message { span.visually-hidden { "Error: " } (m) } }
            @match itinerary.trip_dates() {
                None => p.muted { "Enter the departure and the return, then press “Show the days” to tick the meals of each day." },
                Some(dates) => div.table-wrap {
                    table {
                        thead { tr { th { "Date" } @for &meal in Meal::ALL { th { (capitalised(meal.code())) } } } }
                        tbody {
                            @for date in dates {
                                tr {
                                    td { time datetime=(date) { (format::weekday_date(date, Lang::En)) } }
                                    @for &meal in Meal::ALL {
                                        td {
                                            label {
                                                input type="checkbox" name=(meal_field(date)) value=(meal.code())
                                                    checked[itinerary.is_ticked(date, meal)];
                                                span.visually-hidden { (capitalised(meal.code())) " on " (date) }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

const LODGING: [(&str, &str); 2] = [
    ("yes", "Paid by the employer or the programme"),
    ("no", "Not paid: a night allowance applies"),
];

pub fn render(ctx: &PageContext, p: &FormPage<'_>) -> Markup {
    let input = p.input;
    let it = &input.itinerary;
    let choices: Vec<(String, String)> = p
        .cohorts
        .unwrap_or_default()
        .iter()
        .map(|c| (c.id.to_string(), cohort_label(c)))
        .collect();
    let mut options: Vec<(&str, &str)> = vec![("", "Choose the cohort")];
    options.extend(choices.iter().map(|(v, l)| (v.as_str(), l.as_str())));
    page(
        ctx,
        p.heading,
        html! {
            p { a href="/per-diem/statements" { "← Per-diem statements" } }
            h1 { (p.heading) }
            (error_summary(p.errors))
            form method="post" action=(p.action) novalidate {
                (csrf_field(ctx.csrf()))
                @if p.cohorts.is_some() {
                    (Field::new("cohort_id", "Cohort", &p.cohort_id).input(Input::Select(&options)).required().render(p.errors))
                } @else if let Some(c) = p.cohort {
                    p { strong { "Cohort: " } (cohort_label(c)) }
                }
                (Field::new("traveller_name", "Traveller's name", &input.traveller_name).required().render(p.errors))
                (Field::new("traveller_email", "Traveller's account", &input.traveller_email).input(Input::Email)
                    .hint("Their e-mail address, if they have an account here.").render(p.errors))
                (Field::new("phase_label", "Phase", &input.phase_label)
                    .hint("Such as “Sweden phase” or “Inception workshop, Kampala”.").render(p.errors))
                (policy_choice(p))
                (Field::new("departure", "Departure", &it.departure).input(Input::DateTime)
                    .hint("When the trip starts, local Swedish time.").required().render(p.errors))
                (Field::new("return_at", "Return", &it.return_at).input(Input::DateTime)
                    .hint("When the trip ends, local Swedish time.").required().render(p.errors))
                (stays_table(it, p.errors))
                (Field::new("lodging_paid", "Lodging", if it.lodging_paid { "yes" } else { "no" })
                    .input(Input::Select(&LODGING)).required().render(p.errors))
                div.actions {
                    button.secondary type="submit" name="intent" value="show_days" { "Show the days" }
                }
                (meal_grid(it, p.errors))
                div.actions {
                    button type="submit" name="intent" value="save" { "Save the draft and compute" }
                    a href=(p.cancel) { "Cancel" }
                }
            }
        },
    )
}

/// The field a person sends from the confirmation to save a statement that pays nothing.
pub const PAYS_NOTHING_CONFIRMED: &str = "pays_nothing";

/// Whether the person has seen that the statement pays nothing and saves it anyway.
pub fn pays_nothing_confirmed(form: &Pairs) -> bool {
    form.get(PAYS_NOTHING_CONFIRMED) == "yes"
}

/// Before a statement that pays nothing is saved: why, and the choice to save it anyway or go
/// back to the form with everything as typed. The form's fields ride along as hidden fields,
/// so nothing is lost and nothing needs JavaScript.
pub fn pays_nothing_page(
    ctx: &PageContext,
    action: &str,
    form: &Pairs,
    traveller: &str,
    why: &str,
) -> Markup {
    let title = "This statement pays nothing";
    page(
        ctx,
        title,
        html! {
            h1 { (title) }
            div.notice.warning {
                p { "The statement for " strong { (traveller.trim()) } " comes to " strong { (format::money(&itp_domain::Money::sek(rust_decimal::Decimal::ZERO), Lang::En)) } " because " (why) "." }
                p { "Save it anyway if that is right (a trip without a night away, say); otherwise go back and change the dates, the stays or the meals." }
            }
            form method="post" action=(action) {
                (csrf_field(ctx.csrf()))
                @for (name, value) in &form.0 {
                    @if name != "csrf_token" && name != "intent" && name != PAYS_NOTHING_CONFIRMED {
                        input type="hidden" name=(name) value=(value);
                    }
                }
                input type="hidden" name=(PAYS_NOTHING_CONFIRMED) value="yes";
                div.actions {
                    button type="submit" name="intent" value="save" { "Save anyway" }
                    button.secondary type="submit" name="intent" value="show_days" { "Go back and change it" }
                }
            }
        },
    )
}
