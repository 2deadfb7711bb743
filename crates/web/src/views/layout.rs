//! The page frame: header with navigation by role, flash message, main content, footer.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use itp_domain::authz::{self, Action};
use itp_domain::role::Role;
use maud::{DOCTYPE, Markup, html};

use crate::error::AppError;
use crate::security::session::{CurrentUser, Session};

/// What every page needs to know about the request: who is signed in, their CSRF token (for the
/// sign-out button and forms), the flash message, and the path (to mark the current nav item).
#[derive(Debug, Clone, Default)]
pub struct PageContext {
    pub user: Option<CurrentUser>,
    pub csrf_token: Option<String>,
    pub flash: Option<String>,
    pub path: String,
}

impl PageContext {
    pub fn can(&self, action: Action) -> bool {
        self.user
            .as_ref()
            .is_some_and(|u| authz::could(&u.principal, action))
    }

    pub fn csrf(&self) -> &str {
        self.csrf_token.as_deref().unwrap_or("")
    }
}

impl<S: Send + Sync> FromRequestParts<S> for PageContext {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let session = Session::from_request_parts(parts, state).await?;
        let user = session.user();
        let csrf_token = match &user {
            Some(_) => Some(session.csrf_token().await?),
            None => session.existing_csrf_token(),
        };
        Ok(PageContext {
            user,
            csrf_token,
            flash: session.take_flash().await?,
            path: parts.uri.path().to_owned(),
        })
    }
}

struct NavItem {
    href: &'static str,
    label: &'static str,
    action: Option<Action>,
}

impl NavItem {
    /// Whether the item is in this person's navigation: an applicant's own work is shown only to
    /// applicants (administrators may do everything, but they do not apply).
    fn shown_to(&self, ctx: &PageContext) -> bool {
        let Some(action) = self.action else {
            return true;
        };
        match action {
            Action::Apply => ctx
                .user
                .as_ref()
                .is_some_and(|u| u.principal.has_role(Role::Applicant)),
            _ => ctx.can(action),
        }
    }
}

const NAV: &[NavItem] = &[
    NavItem {
        href: "/my/applications",
        label: "Your applications",
        action: Some(Action::Apply),
    },
    NavItem {
        href: "/calls",
        label: "Open calls",
        action: Some(Action::Apply),
    },
    NavItem {
        href: "/programmes",
        label: "Programmes",
        action: Some(Action::ViewProgrammes),
    },
    NavItem {
        href: "/reviews",
        label: "Reviews",
        action: Some(Action::ReviewApplication),
    },
    NavItem {
        href: "/per-diem/statements",
        label: "Per diem",
        action: Some(Action::ViewPerDiemStatements),
    },
    NavItem {
        href: "/per-diem/rates",
        label: "Rates",
        action: Some(Action::ManagePerDiemRates),
    },
    NavItem {
        href: "/admin/users",
        label: "People",
        action: Some(Action::ManageUsers),
    },
    NavItem {
        href: "/admin/audit",
        label: "Audit log",
        action: Some(Action::ViewAuditLog),
    },
    NavItem {
        href: "/admin/outbox",
        label: "Outbox",
        action: Some(Action::ViewOutbox),
    },
    NavItem {
        href: "/admin/jobs",
        label: "Jobs",
        action: Some(Action::ManageJobs),
    },
    NavItem {
        href: "/admin/retention",
        label: "Retention",
        action: Some(Action::ManagePersonalData),
    },
];

pub fn page(ctx: &PageContext, title: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · ITP Admin" }
                link rel="stylesheet" href="/static/style.css";
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.site {
                    a.brand href="/" { "ITP Admin" }
                    @if let Some(user) = &ctx.user {
                        nav aria-label="Main" {
                            ul {
                                @for item in NAV.iter().filter(|i| i.shown_to(ctx)) {
                                    li {
                                        @if ctx.path.starts_with(item.href) {
                                            a href=(item.href) aria-current="page" { (item.label) }
                                        } @else {
                                            a href=(item.href) { (item.label) }
                                        }
                                    }
                                }
                            }
                        }
                        div.account {
                            a href="/account" { (user.display_name) }
                            form method="post" action="/logout" {
                                input type="hidden" name="csrf_token" value=(ctx.csrf());
                                button.link type="submit" { "Sign out" }
                            }
                        }
                    }
                }
                main #main {
                    @if let Some(flash) = &ctx.flash {
                        div.flash role="status" { (flash) }
                    }
                    (content)
                }
                footer.site {
                    p { "ITP Admin · international training programmes" }
                }
            }
        }
    }
}
