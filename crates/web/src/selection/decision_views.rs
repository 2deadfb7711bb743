//! The pages around the board: quotas and deadlines, the confirmation before applying, the
//! team's offer page and its answer, and the funnel.

use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::selection::{Decision, Funnel, OfferState, STAGES};
use itp_domain::validation::FieldErrors;
use itp_persistence::cohort::StoredCohort;
use itp_persistence::selection_decisions::{Contact, StoredOffer};
use maud::{Markup, html};

use super::board::Computed;
use super::service::{Answered, when};
use super::views::{balance_list, kinds};
use crate::views::components::{Field, Input, checkbox, csrf_field, error_summary};
use crate::views::layout::{PageContext, page};

pub fn quotas(
    ctx: &PageContext,
    cohort: &StoredCohort,
    input: &itp_domain::selection::SettingsInput,
    errors: &FieldErrors,
) -> Markup {
    let id = cohort.id;
    let name = &cohort.settings.name;
    let cohort_seats = cohort.settings.seats.to_string();
    page(
        ctx,
        &format!("Quotas and deadlines: {name}"),
        html! {
            p { a href={ "/cohorts/" (id) "/selection" } { "← Selection board" } }
            h1 { "Quotas and deadlines: " (name) }
            p { "A hard quota is never broken by the proposal or the refill of a freed seat; a soft one is reported on the board. Leave a number empty to drop its quota." }
            (error_summary(errors))
            form method="post" action={ "/cohorts/" (id) "/selection/quotas" } {
                (csrf_field(ctx.csrf()))
                fieldset {
                    legend { "Seats" }
                    (Field::new("seats", "Participants in all", &input.seats).input(Input::Number)
                        .hint(&format!("Empty: the cohort's {cohort_seats} seats. Always hard.")).render(errors))
                }
                fieldset {
                    legend { "Teams per country" }
                    (Field::new("max_teams_per_country", "At most this many teams from one country", &input.max_teams_per_country).input(Input::Number).render(errors))
                    (checkbox("max_teams_per_country_hard", "Hard quota", input.max_teams_per_country_hard))
                }
                fieldset {
                    legend { "Women" }
                    (Field::new("min_women_percent", "At least this per cent of the participants are women", &input.min_women_percent).input(Input::Number).render(errors))
                    (checkbox("min_women_hard", "Hard quota", input.min_women_hard))
                }
                fieldset {
                    legend { "Elected politicians" }
                    (checkbox("politician_per_team", "An elected politician in every team", input.politician_per_team))
                    (checkbox("politician_hard", "Hard quota", input.politician_hard))
                }
                fieldset {
                    legend { "Deadlines" }
                    (Field::new("review_deadline", "Reviews are due by", &input.review_deadline).input(Input::Date)
                        .hint("Shown on the reviewers' start page; open reviews are reminded three days before.").render(errors))
                    (Field::new("confirm_days", "Days a selected team has to confirm", &input.confirm_days).input(Input::Number).required().render(errors))
                }
                button type="submit" { "Save" }
            }
        },
    )
}

/// What applying will do, before it is done.
pub fn apply(ctx: &PageContext, cohort: &StoredCohort, c: &Computed) -> Markup {
    let id = cohort.id;
    let name = &cohort.settings.name;
    let pending: Vec<_> = c
        .decisions
        .values()
        .filter_map(|d| {
            let p = d.pending?;
            let team = c.by_application(d.application_id)?;
            Some((team, d, p))
        })
        .collect();
    let count = |x: Decision| pending.iter().filter(|(_, _, p)| *p == x).count();
    let broken = c.decided.broken_hard();
    page(
        ctx,
        &format!("Apply the decisions: {name}"),
        html! {
            p { a href={ "/cohorts/" (id) "/selection" } { "← Selection board" } }
            h1 { "Apply the decisions: " (name) }
            @if pending.is_empty() {
                p { "There are no pending decisions." }
            } @else {
                p { "Applying makes these " (pending.len()) " decisions final at once: "
                    (count(Decision::Selected)) " selected, " (count(Decision::Reserve)) " on the reserve list, "
                    (count(Decision::NotSelected)) " not selected." }
                p { "Each team gets its letter. The letters wait in the outbox, held, until you read and release them. "
                    "Selected teams' letters carry a link to confirm their places within " (c.settings.confirm_days) " days. "
                    strong { "This cannot be undone." } }
                @if !broken.is_empty() {
                    p.error { "The decisions break hard quotas: " (kinds(&broken)) ". You can still apply them." }
                }
                h2 { "Balance after applying" }
                (balance_list(&c.decided))
                table {
                    thead { tr { th { "Application" } th { "Now" } th { "Becomes" } } }
                    tbody {
                        @for (team, d, p) in &pending {
                            tr {
                                td { (team.team.reference) }
                                td { (d.decision.map(|x| x.label()).unwrap_or("Open")) }
                                td { (p.label()) @if let Some(n) = d.pending_position { " " (n) } }
                            }
                        }
                    }
                }
                form method="post" action={ "/cohorts/" (id) "/selection/apply" } {
                    (csrf_field(ctx.csrf()))
                    button type="submit" { "Apply the decisions and write the letters" }
                }
            }
        },
    )
}

/// The team's page behind its link.
pub fn offer(
    ctx: &PageContext,
    token: &str,
    offer: &StoredOffer,
    cohort: &StoredCohort,
    contact: Option<&Contact>,
    now: DateTime<Utc>,
) -> Markup {
    let reference = contact.map(|c| c.reference.as_str()).unwrap_or("");
    page(
        ctx,
        "Your places",
        html! {
            h1 { "Your team's places in " (cohort.settings.name) }
            @if let Some(c) = contact {
                p { "Application " (c.reference) ", " (c.organisation) "." }
            }
            @match offer.state {
                OfferState::Open if offer.deadline >= now => {
                    p { "Please confirm your team's places, or tell us that you cannot come, by " (when(offer.deadline)) "." }
                    form method="post" action={ "/selection/offers/" (token) } {
                        (csrf_field(ctx.csrf()))
                        button type="submit" name="answer" value="confirm" { "Confirm our places" }
                        " "
                        button.secondary type="submit" name="answer" value="decline" { "We cannot come" }
                    }
                    p.hint { "Declining gives the places to the next team on the reserve list; it cannot be undone." }
                }
                OfferState::Open => {
                    p { "The deadline to answer, " (when(offer.deadline)) ", has passed; the places go to the reserve list." }
                }
                state => {
                    p { "You answered on " (offer.answered_at.map(when).unwrap_or_default()) ": " (state.label().to_lowercase()) " (application " (reference) ")." }
                }
            }
        },
    )
}

pub fn answered(ctx: &PageContext, a: &Answered) -> Markup {
    page(
        ctx,
        "Thank you",
        html! {
            h1 { "Thank you" }
            @if a.confirmed {
                p { "Your team's places (application " (a.reference) ") are confirmed. We will write to you about the next steps." }
            } @else {
                p { "We have noted that your team (application " (a.reference) ") cannot come. The places go to the next team on the reserve list." }
            }
        },
    )
}

/// The funnel as an SVG with its title and description, for the dashboard tile and the page.
pub fn funnel_svg(f: &Funnel, id: &str) -> Markup {
    let max = f.count(itp_domain::selection::Stage::Applied).max(1);
    let summary = STAGES
        .iter()
        .map(|s| format!("{} {}", s.label(), f.count(*s)))
        .collect::<Vec<_>>()
        .join(", ");
    let (w, row) = (320u32, 26u32);
    let height = row * STAGES.len() as u32 + 4;
    html! {
        svg.funnel role="img" aria-labelledby={ (id) "-title " (id) "-desc" } width=(w) height=(height)
            viewBox={ "0 0 " (w) " " (height) } xmlns="http://www.w3.org/2000/svg" {
            title id={ (id) "-title" } { "Selection funnel" }
            desc id={ (id) "-desc" } { "Teams per stage: " (summary) "." }
            @for (i, s) in STAGES.iter().enumerate() {
                @let n = f.count(*s);
                @let y = i as u32 * row + 2;
                @let bar = 110 + (n * 170) / max;
                rect x="110" y=(y) width=(bar - 110) height=(row - 6) fill="#2f5d8a" {}
                text x="0" y=(y + row - 11) font-size="13" fill="#1b1b1b" { (s.label()) }
                text x=(bar + 4) y=(y + row - 11) font-size="13" fill="#1b1b1b" { (n) }
            }
        }
    }
}

fn stage_table<K: std::fmt::Display>(
    caption: &str,
    head: &str,
    rows: impl Iterator<Item = (K, Vec<u32>)>,
) -> Markup {
    html! {
        table {
            caption { (caption) }
            thead { tr { th scope="col" { (head) } @for s in STAGES { th scope="col" { (s.label()) } } } }
            tbody {
                @for (k, counts) in rows {
                    tr { th scope="row" { (k) } @for n in counts { td { (n) } } }
                }
            }
        }
    }
}

pub fn funnel_page(ctx: &PageContext, cohort: &StoredCohort, f: &Funnel) -> Markup {
    let id = cohort.id;
    let name = &cohort.settings.name;
    let counts = |m: &std::collections::BTreeMap<itp_domain::selection::Stage, u32>| {
        STAGES
            .iter()
            .map(|s| m.get(s).copied().unwrap_or(0))
            .collect::<Vec<u32>>()
    };
    page(
        ctx,
        &format!("Funnel: {name}"),
        html! {
            p { a href={ "/cohorts/" (id) } { "← " (name) } }
            h1 { "Funnel: " (name) }
            (funnel_svg(f, "funnel"))
            (stage_table("Teams per stage", "Teams", std::iter::once(("All", counts(&f.teams)))))
            (stage_table("Teams per country and stage", "Country", f.by_country.iter().map(|(c, m)| (c.clone(), counts(m)))))
            (stage_table("Members per gender and stage", "Gender", f.by_gender.iter().map(|(g, m)| (g.label(), counts(m)))))
        },
    )
}
