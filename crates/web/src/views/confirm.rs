//! The confirmation step of an action that cannot be undone, without JavaScript: the action's form
//! posts without `confirmed`, the handler answers with this page (what will happen, what cannot be
//! undone, the same fields carried along), and only its "Yes" button posts `confirmed=yes`.
//! A handler asks [`needed`] first, so no destructive route can forget the step.

use maud::{Markup, html};

use super::components::csrf_field;
use super::{PageContext, page};
use crate::forms::FormFields;

/// The name and value the confirmation page's button sends.
pub const FIELD: &str = "confirmed";
const YES: &str = "yes";

/// What a person is asked to confirm.
pub struct Confirmation<'a> {
    /// The question as the page's heading: "Withdraw your application?".
    pub title: &'a str,
    /// What will happen, one sentence a line.
    pub consequences: Vec<String>,
    /// What cannot be undone afterwards, if anything.
    pub irreversible: Option<String>,
    /// Where the confirmed form posts (the same route).
    pub action: String,
    /// The button's words: "Yes, withdraw the application".
    pub button: &'a str,
    /// Where "No, go back" leads.
    pub back: String,
    /// A danger button (red) for what destroys or ends something.
    pub danger: bool,
}

/// Whether the person has already confirmed (the form came from the confirmation page).
pub fn confirmed(fields: &FormFields) -> bool {
    fields.text(FIELD) == YES
}

/// The confirmation page when the form has not been confirmed yet, `None` once it has.
pub fn needed(
    ctx: &PageContext,
    fields: &FormFields,
    confirmation: impl FnOnce() -> Confirmation<'static>,
) -> Option<Markup> {
    (!confirmed(fields)).then(|| render(ctx, fields, &confirmation()))
}

/// The page itself, carrying every submitted field except the token (a fresh one is added) and
/// the confirmation flag.
pub fn render(ctx: &PageContext, fields: &FormFields, c: &Confirmation<'_>) -> Markup {
    page(
        ctx,
        c.title,
        html! {
            div.confirmation {
                h1 { (c.title) }
                @if !c.consequences.is_empty() {
                    h2 { "What will happen" }
                    ul {
                        @for line in &c.consequences { li { (line) } }
                    }
                }
                @if let Some(irreversible) = &c.irreversible {
                    div.warning role="note" {
                        strong { "This cannot be undone. " }
                        (irreversible)
                    }
                }
                form method="post" action=(c.action) {
                    (csrf_field(ctx.csrf()))
                    @for (name, value) in fields.pairs().filter(|(n, _)| *n != "csrf_token" && *n != FIELD) {
                        input type="hidden" name=(name) value=(value);
                    }
                    input type="hidden" name=(FIELD) value=(YES);
                    div.actions {
                        button.danger[c.danger] type="submit" { (c.button) }
                        a.button.secondary href=(c.back) { "No, go back" }
                    }
                }
            }
        },
    )
}
