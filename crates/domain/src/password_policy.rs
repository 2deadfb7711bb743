//! What makes a password acceptable. NIST SP 800-63B: length over composition rules, and a check
//! against passwords known to be common (zxcvbn's breach and word dictionaries); no forced
//! character classes.

pub const MIN_CHARS: usize = 12;
/// argon2 hashes anything, but a megabyte "password" is a denial-of-service attempt, not a secret.
pub const MAX_BYTES: usize = 1024;

/// zxcvbn's score (0–4) a password needs: 3 is "safely unguessable" against an attacker who
/// holds the hashes and can try about 10^8 guesses (zxcvbn's own description), which argon2id's
/// cost makes far more than it sounds.
const MIN_SCORE: u8 = 3;
/// zxcvbn's matching grows quickly with length; what it can say about a password is decided in
/// its first hundred characters (the original JavaScript library truncates there too).
const ESTIMATE_CHARS: usize = 100;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    #[error("The password must be at least {MIN_CHARS} characters long.")]
    TooShort,
    #[error("The password is too long (at most {MAX_BYTES} bytes).")]
    TooLong,
    /// zxcvbn's dictionaries (breach lists, words, names, keyboard patterns) guess it too soon.
    #[error("This password is too easy to guess{}{}", warning.as_deref().map(|w| format!(": {w}")).unwrap_or_else(|| ".".to_owned()), advice.as_deref().map(|a| format!(" {a}")).unwrap_or_default())]
    Weak {
        warning: Option<String>,
        advice: Option<String>,
    },
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
    if !email.is_empty() && lowered.trim() == email.trim().to_lowercase() {
        return Err(PasswordProblem::SameAsEmail);
    }
    let mut chars = password.chars();
    if let Some(first) = chars.next()
        && chars.all(|c| c == first)
    {
        return Err(PasswordProblem::Repetitive);
    }
    strength(password, email)
}

/// Words zxcvbn's English dictionaries lack but our users would reach for: the organisation's
/// names and the Swedish words that top Swedish breach lists.
const CONTEXT_WORDS: &[&str] = &[
    "icld",
    "itp",
    "itpadmin",
    "sida",
    "sommar",
    "vinter",
    "hösten",
    "våren",
    "lösenord",
    "losenord",
    "sverige",
    "stockholm",
    "göteborg",
    "hejsan",
    "kalle",
    "fotboll",
    "hemligt",
];

fn strength(password: &str, email: &str) -> Result<(), PasswordProblem> {
    let head: String = password.chars().take(ESTIMATE_CHARS).collect();
    let local_part = email.split('@').next().unwrap_or("");
    let mut context: Vec<&str> = CONTEXT_WORDS.to_vec();
    context.extend([email, local_part].into_iter().filter(|s| !s.is_empty()));
    context.extend(local_part.split(['.', '_', '-']).filter(|s| s.len() > 2));
    let estimate = zxcvbn::zxcvbn(&head, &context);
    if u8::from(estimate.score()) >= MIN_SCORE {
        return Ok(());
    }
    let feedback = estimate.feedback();
    let warning = feedback
        .and_then(|f| f.warning())
        .map(|w| w.to_string().trim_end_matches('.').to_lowercase());
    let advice = feedback.map(|f| {
        f.suggestions()
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(" ")
    });
    Err(PasswordProblem::Weak {
        warning,
        advice: advice
            .filter(|a| !a.is_empty())
            .or_else(|| Some("Add another word or two that are not a common phrase.".to_owned())),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn eleven_characters_are_too_short_and_twelve_are_enough() {
        assert_eq!(check("kv8#Lp2!qZ7", ""), Err(PasswordProblem::TooShort));
        assert_eq!(check("kv8#Lp2!qZ7w", ""), Ok(()));
    }

    #[test]
    fn passwords_from_breach_lists_and_patterns_are_refused_with_the_reason() {
        for weak in [
            "Password123!",
            "password1234",
            "qwertyuiop123",
            "iloveyou2024",
            "1q2w3e4r5t6y",
            "Losenord1234",
        ] {
            let Err(PasswordProblem::Weak { warning, advice }) = check(weak, "") else {
                panic!("{weak} should be refused as weak");
            };
            assert!(
                warning.is_some() || advice.is_some(),
                "{weak}: a reason is given"
            );
        }
        let problem = check("Password123!", "").unwrap_err().to_string();
        assert!(
            problem.starts_with("This password is too easy to guess"),
            "{problem}"
        );
    }

    #[test]
    fn long_passphrases_and_random_strings_pass() {
        for strong in [
            "a long applicant password",
            "tree nurseries in Hoima 2026",
            "kv8#Lp2!qZ7w",
            "correct horse battery staple at the town hall",
        ] {
            assert_eq!(check(strong, ""), Ok(()), "{strong}");
        }
    }

    #[test]
    fn the_own_address_is_part_of_what_is_guessed() {
        assert!(check("anna.svensson2026", "anna.svensson@kommun.se").is_err());
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        // Twelve Cyrillic characters are 24 bytes but twelve characters.
        assert_eq!(check("пароль-длин1", ""), Ok(()));
        assert_eq!(check("пароль-дли1", ""), Err(PasswordProblem::TooShort));
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
