//! People who sign in: e-mail addresses and the validity of the links that let them set a password.

use std::fmt;

use chrono::Duration;
use serde::{Deserialize, Serialize};

/// An e-mail address, trimmed and lower-cased so that one person has one account.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("'{0}' is not an e-mail address (it should look like name@example.org)")]
pub struct InvalidEmail(pub String);

impl Email {
    pub fn parse(text: &str) -> Result<Email, InvalidEmail> {
        let trimmed = text.trim();
        let invalid = || InvalidEmail(trimmed.to_owned());
        // Lower-case first: lower-casing can lengthen a text (İ), and the limits are on what is kept.
        let lowered = trimmed.to_lowercase();
        if lowered.len() > 254
            || lowered
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || is_invisible(c))
        {
            return Err(invalid());
        }
        let (local, domain) = lowered.rsplit_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@');
        if local.is_empty() || local.len() > 64 || local.contains('@') || !domain_ok {
            return Err(invalid());
        }
        Ok(Email(lowered))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Characters that change how text is shown without being seen: bidirectional controls (an
/// address with U+202E reads backwards, so it can pass for another) and zero-width characters.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Email {
    type Error = InvalidEmail;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Email::parse(&s)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

/// Why a one-time link was issued; it decides how long the link lives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkPurpose {
    /// A new account sets its first password.
    Invite,
    /// An existing account sets a new password.
    PasswordReset,
    /// An applicant proves they own the address they registered with.
    VerifyEmail,
}

crate::codes!(LinkPurpose as "purpose of a link" {
    Invite = "invite": "Invitation",
    PasswordReset = "password_reset": "Password reset",
    VerifyEmail = "verify_email": "E-mail address check",
});

impl LinkPurpose {
    /// OWASP's forgot-password guidance asks for short-lived reset links; an invitation has to
    /// survive a week of travel and patchy connections in partner countries.
    pub fn validity(self) -> Duration {
        match self {
            LinkPurpose::Invite => Duration::days(7),
            LinkPurpose::PasswordReset => Duration::hours(2),
            LinkPurpose::VerifyEmail => Duration::days(2),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn email_is_trimmed_and_lower_cased() {
        assert_eq!(
            Email::parse("  Anna@Example.ORG ").unwrap().as_str(),
            "anna@example.org"
        );
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for bad in [
            "",
            "anna",
            "anna@",
            "@example.org",
            "anna@example",
            "an na@example.org",
            "a@b..se",
            "a@.se",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} should be refused");
        }
    }

    #[test]
    fn addresses_with_invisible_direction_or_width_characters_are_refused() {
        // Found by the fuzz target `email` (fuzz/regressions/email/).
        for bad in [
            "anna@\u{202e}.anna",
            "\u{202e}gro.elpmaxe@nimda",
            "an\u{200b}na@example.org",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn length_limits_apply_to_the_lower_cased_address() {
        // 'İ' is 2 bytes and lower-cases to 3: 253 bytes as typed, 377 as kept.
        let long = format!("a@{}.se", "İ".repeat(124));
        assert!(long.len() <= 254);
        assert!(Email::parse(&long).is_err());
    }

    #[test]
    fn non_latin_local_parts_are_accepted() {
        assert!(Email::parse("алиса@example.org").is_ok());
    }

    #[test]
    fn reset_links_live_shorter_than_invitations() {
        assert!(LinkPurpose::PasswordReset.validity() < LinkPurpose::Invite.validity());
    }
}

/// Where an account stands, by one rule for every page that shows it: disabled by an
/// administrator, invited (no password chosen yet, so never signed in), or active.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountStatus {
    Disabled,
    Invited,
    Active,
}

impl AccountStatus {
    pub fn of(active: bool, has_password: bool) -> AccountStatus {
        match (active, has_password) {
            (false, _) => AccountStatus::Disabled,
            (true, false) => AccountStatus::Invited,
            (true, true) => AccountStatus::Active,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            AccountStatus::Disabled => "Disabled",
            AccountStatus::Invited => "Invited",
            AccountStatus::Active => "Active",
        }
    }

    /// What the status means, for the person's own page.
    pub fn explanation(self) -> &'static str {
        match self {
            AccountStatus::Disabled => "Cannot sign in: an administrator disabled the account.",
            AccountStatus::Invited => {
                "Invited: no password chosen yet, so they have not signed in."
            }
            AccountStatus::Active => "Can sign in with their own password.",
        }
    }
}

#[cfg(test)]
mod status_tests {
    use super::AccountStatus;

    #[test]
    fn disabled_wins_then_a_missing_password_means_invited() {
        assert_eq!(AccountStatus::of(false, true), AccountStatus::Disabled);
        assert_eq!(AccountStatus::of(false, false), AccountStatus::Disabled);
        assert_eq!(AccountStatus::of(true, false), AccountStatus::Invited);
        assert_eq!(AccountStatus::of(true, true), AccountStatus::Active);
    }
}
