//! The data of the hostile-input test: what every route gets, and what particular routes get on
//! top. A new route is covered by the generic probes without a line here; add a line when its
//! form needs a realistic baseline to get past the first check, or when it has values of its own
//! worth trying.

use super::fixtures::Actor;

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
/// reach the handler's checks. `{n}` becomes a number unique to the probe.
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
        _ => &[],
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
        "/set-password/{token}" => &[("confirm", "a different sentence entirely")],
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
    ]
}

/// Raw bytes that are not UTF-8, percent-encoded into a field or sent as they are.
pub const INVALID_UTF8: &[u8] = &[0xff, 0xfe, 0x80, b'a', 0xc3, 0x28, 0xed, 0xa0, 0x80];
