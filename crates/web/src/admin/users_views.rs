use chrono::{DateTime, Utc};
use itp_domain::account::AccountStatus;
use itp_domain::format::{self, Lang};
use itp_domain::role::{Grant, Role, ScopeKind};
use itp_domain::validation::FieldErrors;
use itp_domain::wording;
use itp_persistence::account::UserRow;
use maud::{Markup, html};
use serde::Deserialize;

use super::scopes::Scopes;
use super::users::PeopleQuery;
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

const ROLE_CHOICES: [(&str, &str); 7] = [
    ("", "Choose a role"),
    ("manager", "Programme manager (of one programme)"),
    ("reviewer", "Reviewer (of one cohort)"),
    ("finance", "Finance"),
    ("host", "Host municipality (one host)"),
    ("applicant", "Applicant"),
    ("admin", "Administrator"),
];

/// The role, and the record it is limited to chosen by name from those that exist.
fn grant_fields(role: &str, scope: &str, errors: &FieldErrors, scopes: &Scopes) -> Markup {
    let error = errors.for_field("scope");
    let group = |kind: ScopeKind, heading: &str| {
        let records: Vec<_> = scopes.of_kind(kind).collect();
        html! {
            @if !records.is_empty() {
                optgroup label=(heading) {
                    @for r in records {
                        @let value = r.value();
                        option value=(value) selected[value == scope] { (r.name) }
                    }
                }
            }
        }
    };
    html! {
        (Field::new("role", "Role", role).input(Input::Select(&ROLE_CHOICES)).required().render(errors))
        div.field.has-error[error.is_some()] {
            label for="scope" { "Limited to" }
            p.hint id="scope-hint" { "A programme manager manages one programme, a reviewer reviews one cohort. Leave it at “Not limited” for finance, applicants and administrators." }
            @if let Some(m) = error { p.error-message id="scope-error" { span.visually-hidden { "Error: " } (m) } }
            select id="scope" name="scope" aria-describedby="scope-hint" {
                option value="" selected[scope.is_empty()] { "Not limited" }
                (group(ScopeKind::Programme, "Programmes (for programme managers)"))
                (group(ScopeKind::Cohort, "Cohorts (for reviewers)"))
                (group(ScopeKind::HostMunicipality, "Host municipalities (for hosts)"))
            }
        }
    }
}

fn status_badge(u: &UserRow) -> Markup {
    let status = AccountStatus::of(u.active, u.password_hash.is_some());
    let kind = match status {
        AccountStatus::Disabled => "bad",
        AccountStatus::Invited => "warn",
        AccountStatus::Active => "ok",
    };
    badge(status.label(), kind)
}

const ROLE_FILTER: [(&str, &str); 7] = [
    ("", "Any role"),
    ("admin", "Administrators"),
    ("manager", "Programme managers"),
    ("reviewer", "Reviewers"),
    ("finance", "Finance"),
    ("host", "Host municipalities"),
    ("applicant", "Applicants"),
];

pub fn list(
    ctx: &PageContext,
    people: &[(UserRow, Vec<Grant>)],
    everyone: usize,
    q: &PeopleQuery,
    scopes: &Scopes,
) -> Markup {
    let none = FieldErrors::new();
    page(
        ctx,
        "People",
        html! {
            h1 { "People" }
            div.actions { a.button href="/admin/users/new" { "Invite someone" } }
            form.filters method="get" action="/admin/users" {
                (Field::new("q", "Search", &q.q).hint("Part of a name or an e-mail address.").render(&none))
                (Field::new("role", "Role", &q.role).input(Input::Select(&ROLE_FILTER)).render(&none))
                div.actions {
                    button.secondary type="submit" { "Search" }
                    a href="/admin/users" { "Clear" }
                }
            }
            @if people.is_empty() {
                @if q.is_filtered() {
                    p.empty { "No people match these filters." }
                } @else {
                    p.empty { "No accounts yet." }
                }
            } @else {
                p.summary {
                    @if q.is_filtered() {
                        (wording::count(people.len() as i64, "person")) " of " (everyone) " shown."
                    } @else {
                        (wording::count(people.len() as i64, "person")) "."
                    }
                }
                div.table-wrap {
                    table {
                        thead { tr { th { "Name" } th { "E-mail" } th { "Roles" } th { "Status" } th { "Last sign-in" } } }
                        tbody {
                            @for (u, grants) in people {
                                tr {
                                    td { a href={ "/admin/users/" (u.id) } { bdi { (u.display_name) } } }
                                    td { (u.email) }
                                    td {
                                        @for (i, g) in grants.iter().enumerate() {
                                            @if i > 0 { "; " }
                                            (scopes.label(g))
                                        }
                                    }
                                    td { (status_badge(u)) }
                                    td { @if let Some(t) = u.last_login_at { (signed_in_at(t)) } @else { "Never" } }
                                }
                            }
                        }
                    }
                }
            }
        },
    )
}

fn signed_in_at(t: DateTime<Utc>) -> Markup {
    html! { time datetime=(t.to_rfc3339()) { (format::date_time(t.naive_utc(), Lang::En)) " UTC" } }
}

pub fn new_user(
    ctx: &PageContext,
    form: &UserForm,
    errors: &FieldErrors,
    scopes: &Scopes,
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
                (grant_fields(&form.role, &form.scope, errors, scopes))
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
    let until = format!(
        "{} UTC",
        format::date_time(issued.expires.naive_utc(), Lang::En)
    );
    page(
        ctx,
        "Link created",
        html! {
            h1 { "Link created" }
            @if let Some(id) = issued.mail {
                p.notice role="status" {
                    "An e-mail with this " (issued.what) " has been queued to " strong { (issued.email) }
                    " and normally arrives within a minute ("
                    a href={ "/admin/outbox/" (id) } { "the message in the outbox" } ")."
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
    scopes: &Scopes,
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
                dt { "Status" }
                dd {
                    (status_badge(person)) " "
                    (AccountStatus::of(person.active, person.password_hash.is_some()).explanation())
                }
                dt { "Created" } dd { time datetime=(person.created_at.date_naive()) { (format::date(person.created_at.date_naive(), Lang::En)) } }
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
                        (scopes.label(g)) " "
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
                (grant_fields("", "", errors, scopes))
                div.actions { button type="submit" { "Add role" } }
            }
        },
    )
}
