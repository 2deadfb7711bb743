//! What makes a password acceptable. NIST SP 800-63B: length over composition rules, and a check
//! against passwords known to be common; no forced character classes.

pub const MIN_CHARS: usize = 12;
/// argon2 hashes anything, but a megabyte "password" is a denial-of-service attempt, not a secret.
pub const MAX_BYTES: usize = 1024;

/// Passwords of at least twelve characters that appear near the top of public breach lists.
/// Shorter ones already fail the length rule.
const COMMON: &[&str] = &[
    "123456789012",
    "1234567890123",
    "12345678901234",
    "123456123456",
    "qwertyuiopas",
    "qwertyuiop123",
    "qwerty123456",
    "1q2w3e4r5t6y",
    "1qaz2wsx3edc",
    "password1234",
    "password12345",
    "password123456",
    "passwordpassword",
    "iloveyou1234",
    "abcdefghijkl",
    "abc123abc123",
    "welcome12345",
    "letmein12345",
    "changeme1234",
    "administrator",
    "administrator1",
    "football1234",
    "baseball1234",
    "sunshine1234",
    "princess1234",
    "monkey123456",
    "dragon123456",
    "trustno1trustno1",
    "asdfghjkl123",
    "zxcvbnm12345",
    "qazwsxedcrfv",
    "lösenord1234",
    "losenord1234",
    "sommar2024!!",
    "sommar202412",
    "correcthorsebatterystaple",
    "superman1234",
    "starwars1234",
    "whatever1234",
    "internet1234",
    "computer1234",
    "michael12345",
    "jennifer1234",
    "p@ssw0rd1234",
    "p@ssword1234",
    "passw0rd1234",
    "12341234abcd",
    "aaaaaaaaaaaa",
    "111111111111",
    "000000000000",
];

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("The password must be at least {MIN_CHARS} characters long.")]
    TooShort,
    #[error("The password is too long (at most {MAX_BYTES} bytes).")]
    TooLong,
    #[error("This password is too common; choose one that others are unlikely to use.")]
    Common,
    #[error("The password must not be your e-mail address.")]
    SameAsEmail,
    #[error("The password must not be one character repeated.")]
    Repetitive,
}

/// Checks a new password; `email` is the account's address, which the password must not equal.
pub fn check(password: &str, email: &str) -> Result<(), PasswordProblem> {
    if password.len() > MAX_BYTES {
        return Err(PasswordProblem::TooLong);
    }
    if password.chars().count() < MIN_CHARS {
        return Err(PasswordProblem::TooShort);
    }
    let lowered = password.to_lowercase();
    if COMMON.contains(&lowered.as_str()) {
        return Err(PasswordProblem::Common);
    }
    if !email.is_empty() && lowered.trim() == email.trim().to_lowercase() {
        return Err(PasswordProblem::SameAsEmail);
    }
    let mut chars = password.chars();
    if let Some(first) = chars.next()
        && chars.all(|c| c == first)
    {
        return Err(PasswordProblem::Repetitive);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eleven_characters_are_too_short_and_twelve_are_enough() {
        assert_eq!(check("abcdefgh1!x", ""), Err(PasswordProblem::TooShort));
        assert_eq!(check("abcdefgh1!xy", ""), Ok(()));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // Twelve Cyrillic characters are 24 bytes but twelve characters.
        assert_eq!(check("пароль-длин1", ""), Ok(()));
        assert_eq!(check("пароль-дли1", ""), Err(PasswordProblem::TooShort));
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        assert_eq!(check("Password1234", ""), Err(PasswordProblem::Common));
    }

    #[test]
    fn email_as_password_is_refused() {
        assert_eq!(
            check("anna.svensson@kommun.se", "Anna.Svensson@kommun.se"),
            Err(PasswordProblem::SameAsEmail)
        );
    }

    #[test]
    fn repeated_character_is_refused() {
        assert_eq!(
            check("zzzzzzzzzzzzzz", ""),
            Err(PasswordProblem::Repetitive)
        );
    }

    #[test]
    fn absurdly_long_input_is_refused_before_hashing() {
        assert_eq!(check(&"x1".repeat(600), ""), Err(PasswordProblem::TooLong));
    }
}
