//! Form bodies and query strings as our handlers decode them (serde_urlencoded into the form
//! structs). A new form struct adds one line to `check`.

use itp_web::admin::UserForm;
use itp_web::admin::audit::AuditQuery;
use itp_web::admin::users::{ActiveForm, GrantForm};
use itp_web::auth::routes::{ChangePasswordInput, LoginInput, LoginQuery, NewPasswordInput};
use itp_web::programme::routes::ListQuery;
use proptest::prelude::*;
use serde::de::DeserializeOwned;

use crate::Target;
use crate::mutate::text_from;

const NAMES: &[&str] = &[
    "csrf_token",
    "email",
    "password",
    "confirm",
    "current_password",
    "new_password",
    "next",
    "display_name",
    "role",
    "scope",
    "active",
    "archived",
    "signed_out",
    "actor",
    "action",
    "entity_type",
    "entity_id",
    "from",
    "to",
    "page",
    // The forms added with cohorts, applications and per diem, read as `FormFields` (the
    // pairs checked at the end of `check`).
    "name",
    "seats",
    "starts_on",
    "ends_on",
    "call_closes_at",
    "time_zone",
    "managers",
    "kind",
    "title",
    "transition",
    "reason",
    "org_name",
    "member0_full_name",
    "member0_declares_can_attend",
    "go",
    "mode",
    "year",
    "amount",
];
const VALUES: &[&str] = &[
    "",
    "admin@example.org",
    "true",
    "false",
    "manager",
    "1",
    "-1",
    "2024-03-01",
    "/programmes",
    "%20",
    "%C3%A5",
    "%FF",
    "%",
    "+",
    "a b",
    "1e309",
];

fn decode<T: DeserializeOwned>(data: &[u8]) {
    let _ = serde_urlencoded::from_bytes::<T>(data);
}

fn check(data: &[u8]) {
    decode::<LoginInput>(data);
    decode::<LoginQuery>(data);
    decode::<NewPasswordInput>(data);
    decode::<ChangePasswordInput>(data);
    decode::<UserForm>(data);
    decode::<ActiveForm>(data);
    decode::<GrantForm>(data);
    decode::<AuditQuery>(data);
    decode::<ListQuery>(data);
    // What the CSRF check reads: any decodable body encodes and decodes back to itself.
    if let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(data) {
        let encoded = serde_urlencoded::to_string(&pairs).expect("pairs of text encode");
        let again: Vec<(String, String)> =
            serde_urlencoded::from_str(&encoded).expect("our own encoding decodes");
        assert_eq!(again, pairs, "round trip through {encoded:?}");
    }
}

fn generate() -> BoxedStrategy<Vec<u8>> {
    proptest::collection::vec((text_from(NAMES), text_from(VALUES)), 0..8)
        .prop_map(|pairs| {
            pairs
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join("&")
                .into_bytes()
        })
        .boxed()
}

pub fn target() -> Target {
    Target {
        name: "forms",
        check,
        dictionary: NAMES,
        generator: generate,
    }
}
