//! The mail of the hosts feature, written in the recipient's language through the same Fluent
//! messages as the pages: Swedish to hosts, English to visiting teams and staff.

use itp_domain::account::Email;

use crate::i18n::{Arg, Lang, t_args};
use crate::mail::{Cause, Message};

/// A rendered message: `hosts-mail-KEY-subject` and `hosts-mail-KEY-body` with `args`.
pub struct Letter {
    pub subject: String,
    pub body: String,
}

pub fn letter(lang: Lang, key: &str, args: &[(&str, Arg<'_>)]) -> Letter {
    let signature = t_args(lang, "hosts-mail-signature", &[]);
    Letter {
        subject: t_args(lang, &format!("hosts-mail-{key}-subject"), args),
        body: format!(
            "{}\n\n-- \n{signature}\n",
            t_args(lang, &format!("hosts-mail-{key}-body"), args)
        ),
    }
}

impl Letter {
    pub fn to<'a>(self, email: &'a Email, name: &'a str, cause: Cause) -> Message<'a> {
        Message::new(email, name, self.subject, self.body, cause)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_host_gets_swedish_and_a_team_english() {
        let args = [
            ("host", Arg::Text("Gotland")),
            ("team", Arg::Text("MF-27-001")),
            ("dates", Arg::Text("28–29 december 2027")),
            ("link", Arg::Text("https://itp.example/study-visits/1")),
            ("reason", Arg::Text("")),
        ];
        let sv = letter(Lang::Sv, "requested", &args);
        assert!(sv.subject.contains("studiebesök"), "{}", sv.subject);
        assert!(sv.body.contains("https://itp.example/study-visits/1"));
        let en = letter(Lang::En, "accepted", &args);
        assert!(en.subject.contains("Gotland"), "{}", en.subject);
        assert!(
            !en.body.contains('{'),
            "every placeholder filled: {}",
            en.body
        );
    }
}
