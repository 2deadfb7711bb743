//! Real records to put into route paths, signed-in clients per role, and the discovery of every
//! form on our pages.

use std::collections::BTreeMap;

use itp_tests::forms::{forms, matches_route};
use itp_tests::paths::Fixtures;
use itp_tests::{TestApp, TestClient, extract_csrf};
use itp_web::route_table;
use reqwest::{Method, StatusCode};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Actor {
    Admin,
    Manager,
    Reviewer,
    Finance,
    Host,
    Applicant,
    Anonymous,
}

impl Actor {
    pub const ALL: [Actor; 7] = [
        Actor::Admin,
        Actor::Manager,
        Actor::Reviewer,
        Actor::Finance,
        Actor::Host,
        Actor::Applicant,
        Actor::Anonymous,
    ];

    fn email(self) -> Option<&'static str> {
        Some(match self {
            Actor::Admin => "admin@example.org",
            Actor::Manager => "manager@example.org",
            Actor::Reviewer => "reviewer@example.org",
            Actor::Finance => "finance@example.org",
            Actor::Host => "host@example.org",
            Actor::Applicant => "applicant@example.org",
            Actor::Anonymous => return None,
        })
    }
}

/// One client per role with its CSRF token, signed in again whenever a probe may have ended its
/// session (an accepted request: sign-out, password change, disabling).
pub struct Actors<'a> {
    app: &'a TestApp,
    clients: BTreeMap<Actor, (TestClient, String)>,
    unsure: BTreeMap<Actor, bool>,
    /// How many sign-ins happened (a sign-in writes the account's last sign-in time).
    pub sign_ins: usize,
}

impl<'a> Actors<'a> {
    pub fn new(app: &'a TestApp) -> Self {
        Actors {
            app,
            clients: BTreeMap::new(),
            unsure: BTreeMap::new(),
            sign_ins: 0,
        }
    }

    /// The session may have ended: check it before the next use.
    pub fn doubt(&mut self, actor: Actor) {
        self.unsure.insert(actor, true);
    }

    /// A client of `actor` with a live session, and that session's CSRF token.
    pub async fn session(&mut self, actor: Actor) -> (&TestClient, String) {
        let unsure = self.unsure.remove(&actor).unwrap_or(false);
        let token = match self.clients.get(&actor) {
            Some((client, token)) if unsure => match actor.email() {
                Some(_) => {
                    let (status, body) = client.get_text("/account").await;
                    extract_csrf(&body).filter(|_| status == StatusCode::OK)
                }
                None => Some(client.csrf_token().await),
            },
            Some((_, token)) => Some(token.clone()),
            None => None,
        };
        match token {
            Some(token) => {
                if let Some(entry) = self.clients.get_mut(&actor) {
                    entry.1 = token;
                }
            }
            None => {
                let client = match actor.email() {
                    Some(email) => {
                        self.sign_ins += 1;
                        self.app.signed_in(email).await
                    }
                    None => self.app.client(),
                };
                let token = client.csrf_token().await;
                self.clients.insert(actor, (client, token));
            }
        }
        let (client, token) = &self.clients[&actor];
        (client, token.clone())
    }

    pub async fn signed_in(&mut self, actor: Actor) -> &TestClient {
        self.session(actor).await.0
    }
}

/// Every page (every GET route, as every role) read for its forms.
async fn crawl(
    app: &TestApp,
    fixtures: &Fixtures,
    actors: &mut Actors<'_>,
) -> Vec<(Actor, itp_tests::forms::HtmlForm)> {
    let mut found = Vec::new();
    let pages: Vec<String> = {
        let mut v = Vec::new();
        for r in route_table().iter().filter(|r| r.method == Method::GET) {
            v.extend(fixtures.every_concrete(app, r.path).await);
        }
        v
    };
    for actor in Actor::ALL {
        for page in &pages {
            let client = actors.signed_in(actor).await;
            let res = client.get(page).await;
            let html = res
                .headers()
                .get("content-type")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|ct| ct.starts_with("text/html"));
            if res.status() != StatusCode::OK || !html {
                continue;
            }
            let body = res.text().await.unwrap_or_default();
            for form in forms(&body, page) {
                found.push((actor, form));
            }
        }
    }
    found
}

/// What a page's form tells about its route: who saw it, its fields and its file inputs.
#[derive(Debug, Clone)]
pub struct Discovered {
    pub actor: Actor,
    pub fields: Vec<(String, String)>,
    pub files: Vec<String>,
}

/// Route (method, pattern) → the first role that saw a form for it, and the form's fields.
pub async fn discover_forms(
    app: &TestApp,
    fixtures: &Fixtures,
    actors: &mut Actors<'_>,
) -> BTreeMap<(String, &'static str), Discovered> {
    let routes = route_table();
    let mut out = BTreeMap::new();
    for (actor, form) in crawl(app, fixtures, actors).await {
        if form.method == "get" {
            continue;
        }
        let Some(route) = routes
            .iter()
            .find(|r| r.method == Method::POST && matches_route(r.path, &form.action))
        else {
            panic!(
                "a page has a form posting to {}, which is no route",
                form.action
            );
        };
        out.entry((route.method.to_string(), route.path))
            .or_insert(Discovered {
                actor,
                fields: form.fields,
                files: form.files,
            });
    }
    out
}

/// Filter and search forms (sent with GET): action → the first role that saw it, and its fields.
pub async fn discover_get_forms(
    app: &TestApp,
    fixtures: &Fixtures,
    actors: &mut Actors<'_>,
) -> BTreeMap<String, (Actor, Vec<(String, String)>)> {
    let mut out = BTreeMap::new();
    for (actor, form) in crawl(app, fixtures, actors).await {
        if form.method == "get" {
            out.entry(form.action).or_insert((actor, form.fields));
        }
    }
    out
}
