//! Hostile input against every state-changing route of `itp_web::route_table()`: a missing,
//! wrong or foreign CSRF token, a request from another site, an oversized body, broken
//! multipart, a body of another type, invalid UTF-8, duplicated fields, and absurd values in
//! every field. Each must get a clear 4xx (or a normal answer when the input was harmless),
//! never a 5xx, and a refused request must write nothing (every table but the volatile ones is
//! compared before and after).
//!
//! Routes and their fields are discovered: routes from the route table, fields from the forms of
//! our own pages (crawled as every role). A new form route is covered without a change here;
//! `cases.rs` holds what particular routes need on top.

mod cases;
mod fixtures;
mod probe;

use std::collections::BTreeMap;

use itp_tests::TestApp;
use itp_tests::census::{Census, CensusPlan};
use itp_web::security::csrf::MAX_BODY_BYTES;
use itp_web::{RouteSpec, route_table};
use probe::{Body, Expect, Probe, Token, Tokens, Upload};
use reqwest::{Method, StatusCode};

use fixtures::{Actor, Actors, Discovered, discover_forms};
use itp_tests::paths::Fixtures;

/// A body of the route's own kind: a urlencoded form, or multipart with the baseline files when
/// the route's form uploads.
fn body(fields: Vec<(String, Vec<u8>)>, files: &[Upload]) -> Body {
    if files.is_empty() {
        Body::Form(fields)
    } else {
        Body::Multipart {
            fields,
            files: files.to_vec(),
        }
    }
}

/// The generic probes every state-changing route gets, whatever its fields.
fn generic_probes(
    route: &RouteSpec,
    path: &str,
    baseline: &[(String, Vec<u8>)],
    files: &[Upload],
) -> Vec<Probe> {
    let p = |label: &str, token: Token, body: Body, expect: Expect| Probe {
        label: label.to_owned(),
        method: route.method.clone(),
        path: path.to_owned(),
        token,
        body,
        headers: Vec::new(),
        expect,
    };
    let form = || body(baseline.to_vec(), files);
    let forbidden = Expect::Status(StatusCode::FORBIDDEN);
    let mut oversized = baseline.to_vec();
    // Just over the limit: the server stops reading there, so little is left unsent.
    oversized.push(("padding".into(), vec![b'x'; MAX_BODY_BYTES + 1]));
    let mut duplicated = baseline.to_vec();
    duplicated.extend(baseline.iter().cloned());
    // A route that reads no fields never looks at its body once the token is in the header, and
    // answers before the body is sent: such probes would test nothing (and race the upload), so
    // only routes with fields get them.
    let reads_body = !baseline.is_empty() || !files.is_empty();
    let mut probes = vec![
        p("CSRF token missing", Token::Missing, form(), forbidden),
        p("CSRF token wrong", Token::Wrong, form(), forbidden),
        p("CSRF token of another session", Token::Foreign, form(), forbidden),
        p(
            "oversized body, token in the body",
            Token::InBody,
            body(oversized.clone(), files),
            Expect::Status(StatusCode::PAYLOAD_TOO_LARGE),
        ),
        p(
            "broken multipart, token expected in the body",
            Token::Missing,
            Body::Raw {
                content_type: "multipart/form-data; boundary=XYZ",
                bytes: b"--XYZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nunfinished"
                    .to_vec(),
            },
            Expect::Refused,
        ),
        p(
            "JSON instead of a form",
            Token::InHeader,
            Body::Raw {
                content_type: "application/json",
                bytes: br#"{"email": "x@example.org"}"#.to_vec(),
            },
            Expect::Handled,
        ),
        p(
            "raw bytes that are not UTF-8",
            Token::InHeader,
            Body::Raw {
                content_type: "application/x-www-form-urlencoded",
                bytes: cases::INVALID_UTF8.to_vec(),
            },
            Expect::Handled,
        ),
        p(
            "every field twice",
            Token::InBody,
            body(duplicated, files),
            Expect::Handled,
        ),
    ];
    if reads_body {
        probes.push(p(
            "oversized body, token in the header",
            Token::InHeader,
            body(oversized, files),
            Expect::Status(StatusCode::PAYLOAD_TOO_LARGE),
        ));
        probes.push(p(
            "broken multipart, token in the header",
            Token::InHeader,
            Body::Raw {
                content_type: "multipart/form-data; boundary=XYZ",
                bytes:
                    b"--XYZ\r\nContent-Disposition: form-data; name=\"email\"\r\n\r\nhalf a part"
                        .to_vec(),
            },
            Expect::Refused,
        ));
    }
    let mut cross_site = p("from another site", Token::InBody, form(), forbidden);
    cross_site.headers = vec![
        ("origin", "https://evil.example".into()),
        ("sec-fetch-site", "cross-site".into()),
    ];
    probes.push(cross_site);
    probes
}

/// Each field in turn set to each absurd value (and to invalid UTF-8), the others at baseline.
fn field_probes(
    route: &RouteSpec,
    path: &str,
    baseline: &[(String, Vec<u8>)],
    files: &[Upload],
) -> Vec<Probe> {
    let mut values: Vec<(String, String, Vec<u8>)> = Vec::new();
    for (name, _) in baseline {
        for (label, value) in cases::absurd_values() {
            values.push((name.clone(), label.to_owned(), value.into_bytes()));
        }
        values.push((
            name.clone(),
            "invalid UTF-8".into(),
            cases::INVALID_UTF8.to_vec(),
        ));
    }
    for (name, value) in cases::extra_cases(route.path) {
        values.push((
            (*name).to_owned(),
            format!("{value:?}"),
            value.as_bytes().to_vec(),
        ));
    }
    values
        .into_iter()
        .map(|(field, label, value)| {
            let mut fields = baseline.to_vec();
            match fields.iter_mut().find(|(n, _)| *n == field) {
                Some(slot) => slot.1 = value,
                None => fields.push((field.clone(), value)),
            }
            Probe {
                label: format!("{field} = {label}"),
                method: route.method.clone(),
                path: path.to_owned(),
                token: Token::InBody,
                body: body(fields, files),
                headers: Vec::new(),
                expect: Expect::Handled,
            }
        })
        .collect()
}

/// Each file of an upload form in turn replaced by a hostile one (or left out), the fields and
/// the other files at baseline.
fn file_probes(
    route: &RouteSpec,
    path: &str,
    baseline: &[(String, Vec<u8>)],
    files: &[Upload],
) -> Vec<Probe> {
    let mut probes = Vec::new();
    for (i, file) in files.iter().enumerate() {
        let mut variants: Vec<(String, Option<Upload>)> =
            vec![(format!("{} left out", file.field), None)];
        for (label, hostile) in cases::hostile_files(file) {
            variants.push((format!("{} = {label}", file.field), Some(hostile)));
        }
        for (label, replacement) in variants {
            let mut uploads = files.to_vec();
            match replacement {
                Some(u) => uploads[i] = u,
                None => {
                    uploads.remove(i);
                }
            }
            probes.push(Probe {
                label,
                method: route.method.clone(),
                path: path.to_owned(),
                token: Token::InBody,
                body: Body::Multipart {
                    fields: baseline.to_vec(),
                    files: uploads,
                },
                headers: Vec::new(),
                expect: Expect::Handled,
            });
        }
    }
    probes
}

const BASELINE: &str = "baseline (the page's own values)";

/// The error summary's items, for the log.
fn summary_of(html: &str) -> String {
    let Some(start) = html.find("error-summary") else {
        return String::new();
    };
    let rest = &html[start..];
    let end = rest.find("</div>").unwrap_or(rest.len());
    let mut text = String::new();
    let mut in_tag = false;
    for c in rest[..end].chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                text.push(' ');
            }
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    let words: Vec<&str> = text.split_whitespace().skip(1).collect();
    format!(" — {}", words.join(" "))
}

#[tokio::test]
async fn every_state_changing_route_answers_hostile_input_with_a_clear_4xx_and_writes_nothing() {
    let app = TestApp::spawn_with_demo().await;
    let fixtures = Fixtures::create(&app).await;
    let mut actors = Actors::new(&app);
    let forms = discover_forms(&app, &fixtures, &mut actors).await;
    let stranger = app.client();
    let foreign = stranger.csrf_token().await;

    let mut failures = Vec::new();
    let mut sent = 0usize;
    let mut counter = 0usize;
    let mut slowest = Vec::new();
    let mut last: Option<Census> = None;
    let census = CensusPlan::new(&app.state.db).await;
    let test_started = std::time::Instant::now();
    let routes: Vec<RouteSpec> = route_table()
        .into_iter()
        .filter(|r| !matches!(r.method, Method::GET | Method::HEAD))
        .collect();
    assert!(!routes.is_empty(), "the route table has no form routes");
    for route in &routes {
        let path = fixtures.concrete(&app, route.path).await;
        let discovered = forms.get(&(route.method.to_string(), route.path));
        let Discovered {
            mut actor,
            fields,
            files,
        } = match discovered {
            Some(d) => d.clone(),
            None => {
                let actor = cases::explicit_form(route.path).unwrap_or_else(|| {
                    eprintln!(
                        "note: no page shows a form for {} {}; it gets the generic probes with \
                         no fields",
                        route.method, route.path
                    );
                    Actor::Admin
                });
                Discovered {
                    actor,
                    fields: Vec::new(),
                    files: Vec::new(),
                }
            }
        };
        if let Some(preferred) = cases::actor_for(route.path) {
            actor = preferred;
        }
        let probes: Vec<Probe> = {
            let mut base = baseline(route.path, &fields);
            for (_, value) in &mut base {
                if is_path_parameter(value) {
                    let text = String::from_utf8_lossy(value).into_owned();
                    *value = fixtures.concrete(&app, &text).await.into_bytes();
                }
            }
            let uploads: Vec<Upload> = files
                .iter()
                .map(|field| cases::baseline_file(route.path, field))
                .collect();
            // The baseline itself first: what the probes below vary. Its answer is printed, so a
            // baseline that is refused (and lets the probes test less) shows in the log.
            let mut all = vec![Probe {
                label: BASELINE.to_owned(),
                method: route.method.clone(),
                path: path.clone(),
                token: Token::InBody,
                body: body(base.clone(), &uploads),
                headers: Vec::new(),
                expect: Expect::Handled,
            }];
            all.extend(generic_probes(route, &path, &base, &uploads));
            all.extend(field_probes(route, &path, &base, &uploads));
            all.extend(file_probes(route, &path, &base, &uploads));
            all
        };
        for mut probe in probes {
            counter += 1;
            if let Some(fields) = probe.body.fields_mut() {
                for (_, v) in fields.iter_mut() {
                    if v.windows(8).any(|w| w == b"{date_n}") {
                        let text =
                            String::from_utf8_lossy(v).replace("{date_n}", &unique_date(counter));
                        *v = text.into_bytes();
                    }
                    if v.windows(3).any(|w| w == b"{n}") {
                        let text = String::from_utf8_lossy(v).replace("{n}", &counter.to_string());
                        *v = text.into_bytes();
                    }
                }
            }
            let sign_ins = actors.sign_ins;
            let (_, own) = actors.session(actor).await;
            let tokens = Tokens {
                own,
                foreign: foreign.clone(),
            };
            // The previous probe's "after" is this one's "before", unless a sign-in came between.
            let before = match last.take() {
                Some(census) if actors.sign_ins == sign_ins => census,
                _ => census.take(&app.state.db).await,
            };
            let client = actors.signed_in(actor).await;
            let started = std::time::Instant::now();
            let answer = probe.send(client, &tokens).await;
            slowest.push((started.elapsed(), format!("{} {}", route.path, probe.label)));
            let mut after = census.take(&app.state.db).await;
            if cases::settles_in_background(route.path) {
                for _ in 0..50 {
                    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
                    let again = census.take(&app.state.db).await;
                    let settled = again.changes_since(&after).is_empty();
                    after = again;
                    if settled {
                        break;
                    }
                }
            }
            sent += 1;
            let problem = match answer {
                Ok(answer) => {
                    if probe.label == BASELINE {
                        eprintln!(
                            "baseline {} {} as {actor:?}: {}{}",
                            route.method,
                            route.path,
                            answer.status,
                            summary_of(&answer.body)
                        );
                    }
                    if !answer.status.is_client_error() {
                        actors.doubt(actor);
                    }
                    probe::judge(
                        &probe,
                        &answer,
                        &before,
                        &after,
                        cases::unaudited(route.path).is_some(),
                    )
                }
                Err(e) => {
                    actors.doubt(actor);
                    Some(e)
                }
            };
            last = Some(after);
            if let Some(problem) = problem {
                failures.push(format!(
                    "{} {} as {actor:?} — {}: {problem}",
                    probe.method, route.path, probe.label
                ));
            }
        }
    }
    slowest.sort_by_key(|(d, _)| std::cmp::Reverse(*d));
    let in_requests: std::time::Duration = slowest.iter().map(|(d, _)| *d).sum();
    eprintln!(
        "hostile input: {sent} requests to {} routes in {:.1} s ({:.1} s waiting for answers), \
         {} problems; slowest: {:?}",
        routes.len(),
        test_started.elapsed().as_secs_f64(),
        in_requests.as_secs_f64(),
        failures.len(),
        slowest.iter().take(5).collect::<Vec<_>>()
    );
    assert!(
        failures.is_empty(),
        "{} of {sent} hostile requests were mishandled:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Query strings of every search or filter form (forms sent with GET): absurd values never
/// give a 5xx and never write.
#[tokio::test]
async fn filter_forms_answer_absurd_values_without_a_server_error() {
    let app = TestApp::spawn_with_demo().await;
    let fixtures = Fixtures::create(&app).await;
    let mut actors = Actors::new(&app);
    let mut forms = fixtures::discover_get_forms(&app, &fixtures, &mut actors).await;
    for (path, actor, names) in cases::link_parameters() {
        let entry = forms
            .entry((*path).to_owned())
            .or_insert_with(|| (*actor, Vec::new()));
        entry
            .1
            .extend(names.iter().map(|n| ((*n).to_owned(), String::new())));
    }
    let mut failures = Vec::new();
    let mut sent = 0;
    for (action, (actor, fields)) in &forms {
        for (name, _) in fields {
            for (label, value) in cases::absurd_values() {
                // A URL has a practical length limit; 1 MiB belongs in bodies only.
                let value = if value.len() > 20_000 {
                    value[..20_000].to_owned()
                } else {
                    value
                };
                let query = probe::encode_form(&[(name.clone(), value.into_bytes())]);
                let path = format!("{action}?{}", String::from_utf8_lossy(&query));
                actors.doubt(*actor);
                let client = actors.signed_in(*actor).await;
                let before = Census::take(&app.state.db).await;
                let res = client.get(&path).await;
                let status = res.status();
                let body = res.text().await.unwrap_or_default();
                let after = Census::take(&app.state.db).await;
                sent += 1;
                if status.is_server_error() {
                    failures.push(format!("GET {action} {name} = {label}: {status}"));
                } else if status.is_client_error() && !body.contains("<h1") {
                    failures.push(format!(
                        "GET {action} {name} = {label}: {status} without a readable page"
                    ));
                } else if !after.changes_since(&before).is_empty() {
                    failures.push(format!("GET {action} {name} = {label}: wrote something"));
                }
            }
        }
    }
    eprintln!("filter forms: {sent} requests to {} forms", forms.len());
    assert!(
        failures.is_empty(),
        "{} problems:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// A date no other probe uses (`{date_n}`): a day after 2040-01-01.
fn unique_date(n: usize) -> String {
    let start = chrono::NaiveDate::from_ymd_opt(2040, 1, 1).expect("a date");
    (start + chrono::Days::new(n as u64)).to_string()
}

/// `{cohort_id}` and the like: a value the path fixtures fill in (`{n}` and `{date_n}` are
/// per probe).
fn is_path_parameter(value: &[u8]) -> bool {
    value.len() > 2
        && value.starts_with(b"{")
        && value.ends_with(b"}")
        && value != b"{n}"
        && value != b"{date_n}"
}

/// The discovered fields (without the CSRF token) with the route's baseline overrides applied.
fn baseline(route: &str, fields: &[(String, String)]) -> Vec<(String, Vec<u8>)> {
    let mut out: BTreeMap<String, String> = fields
        .iter()
        .filter(|(name, _)| name != "csrf_token")
        .cloned()
        .collect();
    for (name, value) in cases::baseline_overrides(route) {
        out.insert((*name).to_owned(), (*value).to_owned());
    }
    out.into_iter().map(|(k, v)| (k, v.into_bytes())).collect()
}
