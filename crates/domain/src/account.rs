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
        if trimmed.len() > 254 || trimmed.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid());
        }
        let (local, domain) = trimmed.rsplit_once('@').ok_or_else(invalid)?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && !domain.contains('@');
        if local.is_empty() || local.len() > 64 || local.contains('@') || !domain_ok {
            return Err(invalid());
        }
        Ok(Email(trimmed.to_lowercase()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
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

impl LinkPurpose {
    pub fn slug(self) -> &'static str {
        match self {
            LinkPurpose::Invite => "invite",
            LinkPurpose::PasswordReset => "password_reset",
            LinkPurpose::VerifyEmail => "verify_email",
        }
    }

    pub fn from_slug(s: &str) -> Option<LinkPurpose> {
        [
            LinkPurpose::Invite,
            LinkPurpose::PasswordReset,
            LinkPurpose::VerifyEmail,
        ]
        .into_iter()
        .find(|p| p.slug() == s)
    }

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
    fn non_latin_local_parts_are_accepted() {
        assert!(Email::parse("алиса@example.org").is_ok());
    }

    #[test]
    fn reset_links_live_shorter_than_invitations() {
        assert!(LinkPurpose::PasswordReset.validity() < LinkPurpose::Invite.validity());
    }
}
