//! The page frame: header with navigation by role, flash message, main content, footer.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use itp_domain::authz::{self, Action};
use itp_domain::role::Role;
use maud::{DOCTYPE, Markup, html};

use crate::error::AppError;
use crate::i18n::{self, Lang, Preference};
use crate::security::session::{CurrentUser, Session};

/// What every page needs to know about the request: who is signed in, their CSRF token (for the
/// sign-out button and forms), the flash message, and the path (to mark the current nav item).
#[derive(Debug, Clone, Default)]
pub struct PageContext {
    pub user: Option<CurrentUser>,
    pub csrf_token: Option<String>,
    pub flash: Option<String>,
    pub path: String,
    /// The page's language: see [`crate::i18n`].
    pub lang: Lang,
    /// What the request said about its language, for pages with another default.
    pub preference: Preference,
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

    /// The same page in `default` unless the person chose or their browser asks for another
    /// language (host pages default to Swedish).
    pub fn defaulting_to(mut self, default: Lang) -> Self {
        self.lang = self.preference.or(default);
        self
    }

    /// The message `id` in the page's language.
    pub fn t(&self, id: &str) -> String {
        i18n::t(self.lang, id)
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
        let header = |name| parts.headers.get(name).and_then(|v| v.to_str().ok());
        let preference = Preference::from_headers(
            header(axum::http::header::COOKIE),
            header(axum::http::header::ACCEPT_LANGUAGE),
        );
        Ok(PageContext {
            user,
            csrf_token,
            flash: session.take_flash().await?,
            path: parts.uri.path().to_owned(),
            lang: preference.or(Lang::En),
            preference,
        })
    }
}

struct NavItem {
    href: &'static str,
    /// The message id of the label.
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
        label: "nav-my-applications",
        action: Some(Action::Apply),
    },
    NavItem {
        href: "/calls",
        label: "nav-open-calls",
        action: Some(Action::Apply),
    },
    NavItem {
        href: "/programmes",
        label: "nav-programmes",
        action: Some(Action::ViewProgrammes),
    },
    NavItem {
        href: "/reviews",
        label: "nav-reviews",
        action: Some(Action::ReviewApplication),
    },
    NavItem {
        href: "/per-diem/statements",
        label: "nav-per-diem",
        action: Some(Action::ViewPerDiemStatements),
    },
    NavItem {
        href: "/exports",
        label: "nav-exports",
        action: Some(Action::RunFinanceExports),
    },
    NavItem {
        href: "/per-diem/rates",
        label: "nav-rates",
        action: Some(Action::ManagePerDiemRates),
    },
    NavItem {
        href: "/budgets",
        label: "nav-budgets",
        action: Some(Action::ViewBudget),
    },
    NavItem {
        href: "/admin/users",
        label: "nav-people",
        action: Some(Action::ManageUsers),
    },
    NavItem {
        href: "/admin/audit",
        label: "nav-audit",
        action: Some(Action::ViewAuditLog),
    },
    NavItem {
        href: "/admin/outbox",
        label: "nav-outbox",
        action: Some(Action::ViewOutbox),
    },
    NavItem {
        href: "/mail-templates",
        label: "nav-mail-templates",
        action: Some(Action::ManageMailTemplates),
    },
    NavItem {
        href: "/admin/jobs",
        label: "nav-jobs",
        action: Some(Action::ManageJobs),
    },
    NavItem {
        href: "/admin/retention",
        label: "nav-retention",
        action: Some(Action::ManagePersonalData),
    },
    NavItem {
        href: "/hosts",
        label: "nav-hosts",
        action: Some(Action::ApproveHostMunicipalities),
    },
    NavItem {
        href: "/hosting",
        label: "nav-hosting",
        action: Some(Action::OfferStudyVisit),
    },
];

/// The language switch: a plain link per language (no script), back to this page.
fn language_switch(ctx: &PageContext) -> Markup {
    html! {
        nav.languages aria-label=(ctx.t("layout-language")) {
            @for lang in Lang::ALL {
                @if lang == ctx.lang {
                    span lang=(lang.tag()) aria-current="true" { (i18n::own_name(lang)) }
                } @else {
                    a href={ "/language/" (lang.tag()) "?back=" (crate::i18n::routes::encode_back(&ctx.path)) }
                        lang=(lang.tag()) hreflang=(lang.tag()) { (i18n::own_name(lang)) }
                }
            }
        }
    }
}

pub fn page(ctx: &PageContext, title: &str, content: Markup) -> Markup {
    html! {
        (DOCTYPE)
        html lang=(ctx.lang.tag()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · ITP Admin" }
                link rel="stylesheet" href="/static/style.css";
            }
            body {
                a.skip href="#main" { (ctx.t("layout-skip")) }
                header.site {
                    a.brand href="/" { "ITP Admin" }
                    @if let Some(user) = &ctx.user {
                        nav aria-label=(ctx.t("layout-main-nav")) {
                            ul {
                                @for item in NAV.iter().filter(|i| i.shown_to(ctx)) {
                                    li {
                                        @if ctx.path.starts_with(item.href) {
                                            a href=(item.href) aria-current="page" { (ctx.t(item.label)) }
                                        } @else {
                                            a href=(item.href) { (ctx.t(item.label)) }
                                        }
                                    }
                                }
                            }
                        }
                        div.account {
                            a href="/account" { (user.display_name) }
                            form method="post" action="/logout" {
                                input type="hidden" name="csrf_token" value=(ctx.csrf());
                                button.link type="submit" { (ctx.t("layout-sign-out")) }
                            }
                        }
                    }
                    (language_switch(ctx))
                }
                main #main {
                    @if let Some(flash) = &ctx.flash {
                        div.flash role="status" { (flash) }
                    }
                    (content)
                }
                footer.site {
                    p { (ctx.t("layout-footer")) }
                }
            }
        }
    }
}
