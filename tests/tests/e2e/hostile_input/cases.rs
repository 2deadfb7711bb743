//! The data of the hostile-input test: what every route gets, and what particular routes get on
//! top. A new route is covered by the generic probes without a line here; add a line when its
//! form needs a realistic baseline to get past the first check, or when it has values of its own
//! worth trying.

use super::fixtures::Actor;
use super::probe::Upload;

/// Values that every field of every form receives, one at a time.
pub fn absurd_values() -> Vec<(&'static str, String)> {
    vec![
        ("empty", String::new()),
        ("only whitespace", " \t\r\n ".into()),
        ("1 MiB string", "A".repeat(1024 * 1024)),
        ("10,000 characters of Arabic", "ش".repeat(10_000)),
        ("date 99999-99-99", "99999-99-99".into()),
        ("date 0000-00-00", "0000-00-00".into()),
        (
            "date-time past the end of the day",
            "2024-02-30T25:61".into(),
        ),
        ("number 1e309", "1e309".into()),
        ("number -1", "-1".into()),
        ("number 2^64", "18446744073709551616".into()),
        ("number -2^63", "-9223372036854775808".into()),
        ("NaN", "NaN".into()),
        ("NUL byte", "before\0after".into()),
        ("right-to-left override", "\u{202e}gro.elpmaxe@nimda".into()),
        ("zero-width space", "\u{200b}".into()),
        ("markup", "<script>alert(1)</script>".into()),
        ("SQL", "'; DROP TABLE users; --".into()),
        ("path traversal", "../../../../etc/passwd".into()),
        ("header injection", "x\r\nSet-Cookie: stolen=1".into()),
        ("emoji sequence", "👩🏽‍💻🇸🇪".into()),
    ]
}

/// Field values that make a route's form realistic enough for the hostile value in one field to
/// reach the handler's checks. `{n}` becomes a number unique to the probe, `{date_n}` a date
/// unique to the probe, and a value that is a path parameter alone (`{cohort_id}`) the record
/// the path fixtures give it.
pub fn baseline_overrides(route: &str) -> &'static [(&'static str, &'static str)] {
    match route {
        // An account that does not exist: failures are counted against it, not a demo account.
        "/login" => &[
            ("email", "nobody@example.org"),
            ("password", "not the password at all"),
        ],
        "/admin/users" => &[("email", "hostile-{n}@example.org"), ("role", "applicant")],
        "/admin/users/{user_id}/grants" => &[("role", "finance")],
        // Keep the victim enabled so later probes still find a live account.
        "/admin/users/{user_id}/active" => &[("active", "true")],
        // A wrong current password: the acting admin must keep theirs.
        "/account/password" => &[("current_password", "not the current password")],
        "/set-password/{token}" => &[("password", "too short"), ("confirm", "too short")],
        // Not an answer: the offer stays open for the probes after the baseline.
        "/selection/offers/{token}" => &[("answer", "maybe")],
        "/cohorts/{cohort_id}/selection/quotas" => &[("seats", "20"), ("confirm_days", "14")],
        // An address with no account: a request that passes writes nothing and mails no one.
        "/forgot-password" => &[("email", "nobody-{n}@example.org")],
        "/register" => &[
            ("name", "Hostile Tester"),
            ("email", "hostile-{n}@example.org"),
        ],
        "/programmes" => &[("code", "H{n}"), ("name", "Hostile programme {n}")],
        "/programmes/{programme_id}/cohorts" => &[
            ("name", "Hostile cohort {n}"),
            ("seats", "24"),
            ("starts_on", "2031-03-02"),
            ("ends_on", "2031-12-01"),
            ("time_zone", "Africa/Kampala"),
            ("call_closes_at", "2030-12-01T23:59"),
        ],
        "/cohorts/{cohort_id}/clone" => &[("name", "Clone {n}"), ("starts_on", "2032-03-01")],
        "/per-diem/rates/domestic" => &[("year", "2031"), ("amount", "290")],
        "/applications/{application_id}/checks/{check}/override" => {
            &[("reason", "Checked by telephone with the embassy.")]
        }
        // Values as in the demo policy (`web/src/demo/per_diem.rs`); a new code each time.
        "/per-diem/policies" => &[
            ("code", "H{n}"),
            ("name", "Hostile policy {n}"),
            ("valid_from", "2030-01-01"),
            ("rate_country_1", "SE"),
            ("rate_amount_1", "300"),
        ],
        // The other fields come from the policy's latest version; versions never share a date.
        "/per-diem/policies/{policy_id}/versions" => &[("valid_from", "{date_n}")],
        // The demo's study visit in Visby under Skatteverket's rules, in a year with rates.
        "/per-diem/statements" => &[
            ("cohort_id", "{cohort_id}"),
            ("traveller_name", "Anders Holm"),
            ("policy", "skatteverket"),
            ("departure", "2025-09-14T06:40"),
            ("return_at", "2025-09-15T20:30"),
            ("stay_country_1", "SE"),
            ("stay_from_1", "2025-09-14T09:00"),
            ("stay_to_1", "2025-09-15T17:30"),
            ("meals_2025-09-15", "breakfast"),
        ],
        // A real person: an accepted probe downloads their document, audited.
        "/admin/retention/export" => &[("email", "applicant@example.org")],
        // An address with no account: an accepted probe would erase a demo person the later
        // probes need.
        "/admin/retention/erase" => &[("erase_email", "nobody-{n}@example.org")],
        // An offer as a municipality sends it; after the first, the same municipality is refused
        // as registered already, which is a clear 422 too.
        "/host-a-study-visit" => &[
            ("municipality", "2584"),
            ("contact_name", "Karin Nilsson"),
            ("email", "hostile-{n}@kiruna.example"),
            ("phone", "0980-700 00"),
            ("themes", "climate_environment"),
            ("languages", "sv"),
            ("max_visitors", "4"),
            ("period_1_from", "2031-01-01"),
            ("period_1_to", "2031-02-01"),
        ],
        "/per-diem/statements/{statement_id}/reopen" => &[(
            "reason",
            "The return flight was moved a day; the days must be counted again.",
        )],
        _ => &[],
    }
}

/// Who sends the probes of a route whose form no page shows (an override only appears for a
/// check that did not pass; a draft's document delete button only where it has one): the
/// fields come from `baseline_overrides`.
pub fn explicit_form(route: &str) -> Option<Actor> {
    match route {
        "/applications/{application_id}/checks/{check}/override"
        | "/applications/{application_id}/checks/{check}/remove-override" => Some(Actor::Admin),
        "/applications/{application_id}/documents/{document_id}/delete" => Some(Actor::Applicant),
        // The team's confirmation link comes by letter, to someone not signed in.
        "/selection/offers/{token}" => Some(Actor::Anonymous),
        _ => None,
    }
}

/// Extra (field, value) cases for one route, beyond the absurd values.
pub fn extra_cases(route: &str) -> &'static [(&'static str, &'static str)] {
    match route {
        "/login" => &[
            ("next", "//evil.example/steal"),
            ("email", "ADMIN@EXAMPLE.ORG\u{0}"),
        ],
        "/admin/users" => &[
            ("role", "Administrator"),
            ("role", "admin\u{0}"),
            ("scope", "0"),
            ("scope", "2147483648"),
            ("email", "admin@example.org"),
            ("email", "a@b@example.org"),
            ("display_name", "\u{202e}nimda"),
        ],
        "/admin/users/{user_id}/grants" => {
            &[("role", "manager"), ("scope", "99999"), ("scope", "1.5")]
        }
        "/admin/users/{user_id}/active" => &[("active", "TRUE"), ("active", "yes")],
        // A return before the departure; the cohort's own policy by leaving the choice empty; a
        // confirmation of "pays nothing" sent for a statement that pays something.
        "/per-diem/statements" => &[
            ("return_at", "2025-09-13T06:00"),
            ("policy", ""),
            ("pays_nothing", "yes"),
            ("pays_nothing", "\u{0}"),
        ],
        "/set-password/{token}" => &[("confirm", "a different sentence entirely")],
        "/selection/offers/{token}" => &[("answer", "CONFIRM"), ("answer", "confirm\u{0}")],
        "/cohorts/{cohort_id}/selection/decisions" => &[
            ("decision", "selected\u{0}"),
            ("position", "0"),
            ("position", "10001"),
            ("application_id", "2147483648"),
        ],
        "/host-a-study-visit" => &[
            ("municipality", "0000"),
            ("municipality", "Visby"),
            ("themes", "astrology"),
            ("languages", "klingon"),
            ("period_1_to", "2030-12-31"),
            ("teams", "11"),
            ("max_visitors", "61"),
        ],
        _ => &[],
    }
}

/// Query parameters that pages put in links rather than forms (pagination, toggles): the
/// filter sweep tries them beside the fields of GET forms.
pub fn link_parameters() -> &'static [(&'static str, Actor, &'static [&'static str])] {
    &[
        ("/admin/audit", Actor::Admin, &["page"]),
        ("/programmes", Actor::Manager, &["archived"]),
        ("/login", Actor::Anonymous, &["next", "signed_out"]),
        ("/admin/outbox", Actor::Admin, &["page"]),
    ]
}

/// Raw bytes that are not UTF-8, percent-encoded into a field or sent as they are.
pub const INVALID_UTF8: &[u8] = &[0xff, 0xfe, 0x80, b'a', 0xc3, 0x28, 0xed, 0xa0, 0x80];

/// The smallest well-formed PDF: the document upload's baseline.
const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n";

/// A file the route accepts, so that a hostile value elsewhere in the form reaches the checks
/// behind the upload.
pub fn baseline_file(route: &str, field: &str) -> Upload {
    let (file_name, content_type, bytes): (&str, &str, Vec<u8>) = match route {
        "/per-diem/rates/import" => (
            "normalbelopp.json",
            "application/json",
            include_bytes!("../../../../fuzz/corpus/skatteverket/references.json").to_vec(),
        ),
        "/cohorts/{cohort_id}/applications/import" => {
            ("applications.csv", "text/csv", import_csv().into_bytes())
        }
        "/applications/{application_id}/documents" => {
            ("letter.pdf", "application/pdf", PDF.to_vec())
        }
        "/budgets/exchange-rates/import" => (
            "riksbank.csv",
            "text/csv",
            include_bytes!("../../../../fuzz/corpus/riksbank/daily-long.csv").to_vec(),
        ),
        other => {
            panic!("{other} uploads a file: give it a baseline file in hostile_input/cases.rs")
        }
    };
    Upload {
        field: field.to_owned(),
        file_name: file_name.as_bytes().to_vec(),
        content_type: content_type.to_owned(),
        bytes,
    }
}

/// A one-row application import in the template's layout (`itp_domain::application::import`).
fn import_csv() -> String {
    let header: Vec<&str> = itp_domain::application::import::COLUMNS
        .iter()
        .map(|(name, _, _)| *name)
        .collect();
    format!(
        "{}\nHOI-{{n}};Hoima Municipal Council;municipality;local;UG;Plot 1, Hoima;Hoima Municipal Council;Tree nurseries for revenue;Low own-source revenue;Self-financing nurseries;Seedling sales;Farmers, schools;Land and staff time;Grace Namubiru;woman;politician;Deputy mayor;grace@hoima.go.ug;B2;1984;yes\n",
        header.join(";")
    )
}

/// Hostile replacements for one file of an upload form.
pub fn hostile_files(baseline: &Upload) -> Vec<(&'static str, Upload)> {
    let with = |file_name: &[u8], content_type: &str, bytes: Vec<u8>| Upload {
        field: baseline.field.clone(),
        file_name: file_name.to_vec(),
        content_type: content_type.to_owned(),
        bytes,
    };
    let name = baseline.file_name.as_slice();
    let kind = baseline.content_type.as_str();
    let same = || baseline.bytes.clone();
    let mut broken_zip = b"PK\x03\x04".to_vec();
    broken_zip.extend(std::iter::repeat_n(0u8, 4096));
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    vec![
        ("an empty file", with(name, kind, Vec::new())),
        (
            "bytes that are not UTF-8",
            with(name, kind, INVALID_UTF8.repeat(100)),
        ),
        ("NUL bytes", with(name, kind, vec![0; 4096])),
        (
            "3 MiB of one letter",
            with(name, kind, vec![b'A'; 3 * 1024 * 1024]),
        ),
        (
            "a broken ZIP named .xlsx",
            with(
                b"applications.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                broken_zip,
            ),
        ),
        (
            "HTML named .pdf",
            with(
                b"letter.pdf",
                "application/pdf",
                b"<html><script>alert(1)</script></html>".to_vec(),
            ),
        ),
        (
            "a PDF declared as text/html",
            with(b"x.html", "text/html", PDF.to_vec()),
        ),
        (
            "the file name is a path",
            with(b"../../../../etc/passwd", kind, same()),
        ),
        (
            "the file name is not UTF-8",
            with(INVALID_UTF8, kind, same()),
        ),
        (
            "the file name has a NUL byte and a backslash",
            with(b"a\0b\\c.pdf", kind, same()),
        ),
        (
            "a 2,000-character right-to-left file name",
            with("\u{202e}ش".repeat(1000).as_bytes(), kind, same()),
        ),
        (
            "JSON nested 100,000 deep",
            with(name, kind, deep_json.into_bytes()),
        ),
    ]
}

/// Who sends a route's probes when it is not the first role whose page shows the form: the
/// applicant's own routes are probed as the applicant (an admin may act on them too, but the
/// applicant is who meets them).
pub fn actor_for(route: &str) -> Option<Actor> {
    (route.starts_with("/applications/{application_id}/edit")
        || route.starts_with("/applications/{application_id}/documents")
        || route == "/applications/{application_id}/submit"
        || route == "/applications/{application_id}/withdraw"
        || route == "/calls/{cohort_id}/apply")
        .then_some(Actor::Applicant)
}

/// Routes that may change data without an audit row when they accept, and why.
pub fn unaudited(route: &str) -> Option<&'static str> {
    match route {
        "/applications/{application_id}/edit/{step}" => {
            Some("a draft is the applicant's unfinished work; submitting it is audited")
        }
        "/cohorts/{cohort_id}/applications/import" => Some(
            "a dry run (mode=check) keeps its result for the status page; importing is audited",
        ),
        _ => None,
    }
}

/// Routes whose accepted request leaves work running after the answer (the application import
/// checks the file in a background task): the test waits for the data to settle before the
/// next probe, so that work is not taken for a write by the next, refused, probe.
pub fn settles_in_background(route: &str) -> bool {
    route == "/cohorts/{cohort_id}/applications/import"
}
