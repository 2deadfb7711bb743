use itp_domain::account::LinkPurpose;
use itp_domain::password_policy::MIN_CHARS;
use itp_domain::validation::FieldErrors;
use maud::{Markup, html};

use crate::views::components::{Field, Input, csrf_field, error_summary};
use crate::views::{PageContext, page};

#[derive(Debug, Default)]
pub struct LoginForm {
    pub email: String,
    pub next: String,
}

pub fn login(ctx: &PageContext, form: &LoginForm, errors: &FieldErrors) -> Markup {
    page(
        ctx,
        "Sign in",
        html! {
            h1 { "Sign in" }
            (error_summary(errors))
            form method="post" action="/login" novalidate {
                (csrf_field(ctx.csrf()))
                input type="hidden" name="next" value=(form.next);
                (Field::new("email", "E-mail address", &form.email).input(Input::Email).required().autocomplete("username").render(errors))
                (Field::new("password", "Password", "").input(Input::Password).required().autocomplete("current-password").render(errors))
                div.actions { button type="submit" { "Sign in" } }
            }
            p { a href="/forgot-password" { "Forgotten your password?" } }
            p { "Applying to a programme for the first time? " a href="/register" { "Create an account" } "." }
        },
    )
}

pub fn set_password(
    ctx: &PageContext,
    email: &str,
    purpose: LinkPurpose,
    errors: &FieldErrors,
) -> Markup {
    let title = match purpose {
        LinkPurpose::Invite => "Welcome: choose your password",
        LinkPurpose::VerifyEmail => "Your address is confirmed: choose your password",
        LinkPurpose::PasswordReset => "Choose a new password",
    };
    let hint = format!(
        "At least {MIN_CHARS} characters. A sentence of several words is easy to remember and hard to guess."
    );
    page(
        ctx,
        title,
        html! {
            h1 { (title) }
            p { "For " strong { (email) } "." }
            (error_summary(errors))
            form method="post" novalidate {
                (csrf_field(ctx.csrf()))
                input type="hidden" name="username" value=(email) autocomplete="username";
                (Field::new("password", "New password", "").input(Input::Password).hint(&hint).required().autocomplete("new-password").render(errors))
                (Field::new("confirm", "The same password again", "").input(Input::Password).required().autocomplete("new-password").render(errors))
                div.actions { button type="submit" { "Set password" } }
            }
        },
    )
}

pub fn link_expired(ctx: &PageContext) -> Markup {
    page(
        ctx,
        "Link no longer valid",
        html! {
            h1 { "This link is no longer valid" }
            p.lead { "It has been used already or has expired. Ask an administrator for a new one." }
            p { a href="/login" { "Go to sign in" } }
        },
    )
}

/// `roles`: each role as a sentence naming what it is limited to ("Reviewer of cohort MF 2026").
pub fn account(ctx: &PageContext, roles: &[String], errors: &FieldErrors) -> Markup {
    let hint = format!("At least {MIN_CHARS} characters.");
    page(
        ctx,
        "Your account",
        html! {
            h1 { "Your account" }
            @if let Some(user) = &ctx.user {
                dl.facts {
                    dt { "Name" } dd { (user.display_name) }
                    dt { "E-mail" } dd { (user.email) }
                    dt { "Roles" }
                    dd {
                        @for role in roles { span.badge { (role) } " " }
                    }
                }
            }
            ul {
                li { a href="/account/calendar" { "Your calendar feed" } ": subscribe to the cohorts you manage or review." }
                li { a href="/per-diem/my-statements" { "Your per-diem statements" } ": what ICLD pays you for a trip, as approved." }
            }
            h2 { "Change your password" }
            (error_summary(errors))
            form method="post" action="/account/password" novalidate {
                (csrf_field(ctx.csrf()))
                (Field::new("current_password", "Current password", "").input(Input::Password).required().autocomplete("current-password").render(errors))
                (Field::new("new_password", "New password", "").input(Input::Password).hint(&hint).required().autocomplete("new-password").render(errors))
                (Field::new("confirm", "The same new password again", "").input(Input::Password).required().autocomplete("new-password").render(errors))
                div.actions { button type="submit" { "Change password" } }
            }
        },
    )
}
