use chrono::{DateTime, Utc};
use itp_domain::Code;
use itp_domain::role::{Grant, Role};
use itp_domain::validation::FieldErrors;
use itp_persistence::account::UserRow;
use maud::{Markup, html};
use serde::Deserialize;

use crate::views::components::{Field, Input, badge, csrf_field, error_summary};
use crate::views::{PageContext, page};

#[derive(Debug, Default, Deserialize)]
pub struct UserForm {
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub scope: String,
}

fn grant_label(g: &Grant) -> String {
    match (g.role.scope_kind(), g.scope) {
        (Some(kind), Some(scope)) => format!("{} of {} #{scope}", g.role.label(), kind.label()),
        _ => g.role.label().to_owned(),
    }
}

const ROLE_CHOICES: [(&str, &str); 6] = [
    ("manager", "Programme manager (limited to one programme)"),
    ("reviewer", "Reviewer (limited to one cohort)"),
    ("finance", "Finance"),
    ("host", "Host municipality (limited to one host)"),
    ("applicant", "Applicant"),
    ("admin", "Administrator"),
];

fn grant_fields(
    role: &str,
    scope: &str,
    errors: &FieldErrors,
    programmes: &[(i32, String)],
) -> Markup {
    html! {
        (Field::new("role", "Role", role).input(Input::Select(&ROLE_CHOICES)).required().render(errors))
        (Field::new("scope", "Limited to record number", scope)
            .input(Input::Number)
            .hint("For a programme manager, the programme's number (see the list below); for a reviewer, the cohort's; for a host, the host municipality's. Leave empty for other roles.")
            .render(errors))
        @if !programmes.is_empty() {
            details {
                summary { "Programme numbers" }
                ul { @for (id, name) in programmes { li { code { (id) } " " (name) } } }
            }
        }
    }
}

pub fn list(ctx: &PageContext, people: &[(UserRow, Vec<Grant>)]) -> Markup {
    page(
        ctx,
        "People",
        html! {
            h1 { "People" }
            div.actions { a.button href="/admin/users/new" { "Invite someone" } }
            div.table-wrap {
                table {
                    thead { tr { th { "Name" } th { "E-mail" } th { "Roles" } th { "Status" } th { "Last sign-in" } } }
                    tbody {
                        @for (u, grants) in people {
                            tr {
                                td { a href={ "/admin/users/" (u.id) } { bdi { (u.display_name) } } }
                                td { (u.email) }
                                td { (grants.iter().map(grant_label).collect::<Vec<_>>().join("; ")) }
                                td {
                                    @if !u.active { (badge("Disabled", "bad")) }
                                    @else if u.password_hash.is_none() { (badge("Invited", "warn")) }
                                    @else { (badge("Active", "ok")) }
                                }
                                td { @if let Some(t) = u.last_login_at { (t.format("%Y-%m-%d %H:%M UTC")) } @else { "Never" } }
                            }
                        }
                    }
                }
            }
        },
    )
}

pub fn new_user(
    ctx: &PageContext,
    form: &UserForm,
    errors: &FieldErrors,
    programmes: &[(i32, String)],
) -> Markup {
    page(
        ctx,
        "Invite someone",
        html! {
            p { a href="/admin/users" { "← People" } }
            h1 { "Invite someone" }
            p { "They get a link to choose their own password: by e-mail when this server sends mail, and shown to you on the next page in any case." }
            (error_summary(errors))
            form method="post" action="/admin/users" novalidate {
                (csrf_field(ctx.csrf()))
                (Field::new("email", "E-mail address", &form.email).input(Input::Email).required().render(errors))
                (Field::new("display_name", "Name", &form.display_name).hint("As the person writes it, in any script.").render(errors))
                (grant_fields(&form.role, &form.scope, errors, programmes))
                div.actions { button type="submit" { "Create account and invitation link" } }
            }
        },
    )
}

/// A link just issued, and whether a mail carries it.
pub struct IssuedLinkView<'a> {
    pub email: &'a str,
    pub what: &'a str,
    pub link: &'a str,
    pub expires: DateTime<Utc>,
    /// The outbox message with the link, when mail is set up.
    pub mail: Option<i32>,
}

pub fn link_issued(ctx: &PageContext, issued: &IssuedLinkView<'_>) -> Markup {
    let until = issued.expires.format("%Y-%m-%d %H:%M UTC");
    page(
        ctx,
        "Link created",
        html! {
            h1 { "Link created" }
            @if let Some(id) = issued.mail {
                p.notice role="status" {
                    "An e-mail with this " (issued.what) " has been queued to " strong { (issued.email) }
                    " and normally arrives within a minute ("
                    a href={ "/admin/outbox/" (id) } { "message #" (id) " in the outbox" } ")."
                }
                p { "If it does not arrive, send them the link yourself. It works once, until " (until) "." }
            } @else {
                p.notice role="status" { "E-mail is not set up on this server, so no mail was sent." }
                p { "Send this " (issued.what) " to " strong { (issued.email) } " yourself. It works once, until " (until) "." }
            }
            p.notice { code.token { (issued.link) } }
            p { "For their safety, this link is shown only now: copy it before you leave the page." }
            p { a href="/admin/users" { "Back to people" } }
        },
    )
}

pub fn show(
    ctx: &PageContext,
    person: &UserRow,
    grants: &[(i32, Grant)],
    errors: &FieldErrors,
    programmes: &[(i32, String)],
) -> Markup {
    let me = ctx.user.as_ref().is_some_and(|u| u.id == person.id);
    page(
        ctx,
        &person.display_name,
        html! {
            p { a href="/admin/users" { "← People" } }
            h1 { bdi { (person.display_name) } }
            dl.facts {
                dt { "E-mail" } dd { (person.email) }
                dt { "Status" } dd { @if person.active { "Active" } @else { "Disabled" } }
                dt { "Password" } dd { @if person.password_hash.is_some() { "Set" } @else { "Not yet set (invitation pending)" } }
                dt { "Created" } dd { (person.created_at.format("%Y-%m-%d")) }
            }
            div.actions {
                form.inline method="post" action={ "/admin/users/" (person.id) "/reset-link" } {
                    (csrf_field(ctx.csrf()))
                    button.secondary type="submit" { "Create a password-reset link" }
                }
                @if !me {
                    form.inline method="post" action={ "/admin/users/" (person.id) "/active" } {
                        (csrf_field(ctx.csrf()))
                        @if person.active {
                            input type="hidden" name="active" value="false";
                            button.danger type="submit" { "Disable account" }
                        } @else {
                            input type="hidden" name="active" value="true";
                            button type="submit" { "Enable account" }
                        }
                    }
                }
            }
            h2 { "Roles" }
            @if grants.is_empty() { p { "No roles: this person can sign in but sees nothing." } }
            ul {
                @for (id, g) in grants {
                    li {
                        (grant_label(g)) " "
                        @if !(me && g.role == Role::Admin) {
                            form.inline method="post" action={ "/admin/users/" (person.id) "/grants/" (id) "/revoke" } {
                                (csrf_field(ctx.csrf()))
                                button.link type="submit" { "Remove" }
                            }
                        }
                    }
                }
            }
            h2 { "Add a role" }
            (error_summary(errors))
            form method="post" action={ "/admin/users/" (person.id) "/grants" } novalidate {
                (csrf_field(ctx.csrf()))
                (grant_fields("", "", errors, programmes))
                div.actions { button type="submit" { "Add role" } }
            }
        },
    )
}
