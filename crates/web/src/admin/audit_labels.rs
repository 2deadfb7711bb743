//! The audit log in people's words: a label for each action code (the code stays beside it for
//! searching), and the record an entry is about, named and linked.

/// What an action code means, in a few words. Codes not listed read as their record type and
/// verb ("cohort.open_call" → "Cohort: open call"), so a new action is never shown as a bare code.
pub fn action_label(code: &str) -> String {
    let known = match code {
        "account.login" => "Signed in",
        "account.logout" => "Signed out",
        "account.login_failed" => "Sign-in refused",
        "account.accept_invite" => "Accepted the invitation",
        "account.change_password" => "Changed their password",
        "account.invitation" => "Invitation sent",
        "account.password_reset" | "account.reset_password" => "Reset their password",
        "account.self_service_reset" => "Asked for a password-reset link",
        "account.register" => "Registered",
        "account.verify_email" => "Confirmed their e-mail address",
        "user.invite" => "Invited a person",
        "user.disable" => "Disabled an account",
        "user.enable" => "Enabled an account",
        "user.grant_role" => "Gave a role",
        "user.revoke_role" => "Removed a role",
        "user.issue_reset_link" => "Created a password-reset link",
        "application.start" => "Started an application",
        "application.submit" => "Submitted an application",
        "application.withdraw" => "Withdrew an application",
        "application.import" => "Imported applications",
        "application.override_check" => "Overrode an eligibility check",
        "application.remove_override" => "Removed an override",
        "document.view" => "Opened a document",
        "per_diem_statement.create" => "Prepared a per-diem statement",
        "per_diem_statement.update" => "Changed a per-diem statement",
        "per_diem_statement.recompute" => "Recomputed a per-diem statement",
        "per_diem_statement.approve" => "Approved a per-diem statement",
        "per_diem_statement.mark_paid" => "Marked a per-diem statement paid",
        "per_diem_statement.reopen" => "Reopened a per-diem statement",
        "per_diem_rates.import" => "Imported Skatteverket's rates",
        "per_diem_rates.upload" => "Uploaded a rate file",
        "per_diem_rates.set_domestic" => "Set the domestic amount",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_owned();
    }
    match code.split_once('.') {
        Some((record, verb)) => format!("{}: {}", record_label(record), verb.replace('_', " ")),
        None => code.replace('_', " "),
    }
}

/// A record type as people call it: `per_diem_statement` → "Per-diem statement".
pub fn record_label(entity_type: &str) -> String {
    let known = match entity_type {
        "user" | "account" => "Person",
        "per_diem_statement" => "Per-diem statement",
        "per_diem_policy" => "Per-diem policy",
        "per_diem_rates" => "Per-diem rates",
        "mail" => "Message",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_owned();
    }
    let words = entity_type.replace('_', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Where a record's page is, when it has one.
pub fn record_href(entity_type: &str, id: &str) -> Option<String> {
    let id: i64 = id.parse().ok()?;
    Some(match entity_type {
        "user" => format!("/admin/users/{id}"),
        "programme" => format!("/programmes/{id}"),
        "cohort" => format!("/cohorts/{id}"),
        "application" => format!("/applications/{id}"),
        "per_diem_statement" => format!("/per-diem/statements/{id}"),
        "per_diem_policy" => format!("/per-diem/policies/{id}"),
        "mail" => format!("/admin/outbox/{id}"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_codes_read_as_words_and_others_as_record_and_verb() {
        assert_eq!(action_label("account.login"), "Signed in");
        assert_eq!(action_label("cohort.open_call"), "Cohort: open call");
        assert_eq!(
            action_label("per_diem_policy.add_version"),
            "Per-diem policy: add version"
        );
        assert_eq!(record_label("per_diem_statement"), "Per-diem statement");
        assert_eq!(record_label("phase"), "Phase");
        assert_eq!(record_href("user", "9").as_deref(), Some("/admin/users/9"));
        assert_eq!(record_href("user", "nine"), None);
        assert_eq!(record_href("job", "3"), None);
    }
}
