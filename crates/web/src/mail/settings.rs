//! Where mail goes: `ITP_SMTP_URL` and `ITP_MAIL_FROM`, checked at start so a typo stops the app
//! with a clear message instead of failing every message later.

use std::fmt;

use lettre::message::Mailbox;

/// How the connection to the SMTP server is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// Plain SMTP: for a relay on the same machine or a trusted network.
    None,
    /// STARTTLS, and refuse to send if the server does not offer it.
    StartTls,
    /// STARTTLS when the server offers it, plain otherwise.
    Opportunistic,
    /// TLS from the first byte (`smtps://`, usually port 465).
    ImplicitTls,
}

impl Security {
    fn label(self) -> &'static str {
        match self {
            Security::None => "no TLS",
            Security::StartTls => "STARTTLS",
            Security::Opportunistic => "STARTTLS if offered",
            Security::ImplicitTls => "TLS",
        }
    }
}

/// A parsed `ITP_SMTP_URL`. `Debug` and [`SmtpSettings::describe`] never show the password.
#[derive(Clone, PartialEq, Eq)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub security: Security,
    pub credentials: Option<(String, String)>,
}

impl fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.describe())
    }
}

fn percent_decode(text: &str) -> Result<String, String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text
                .get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
                .ok_or("ITP_SMTP_URL has a malformed %-escape in its user or password")?;
            out.push(hex);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| "ITP_SMTP_URL's user or password is not UTF-8".to_owned())
}

impl SmtpSettings {
    /// Reads `smtp://[user:pass@]host[:port][?tls=none|starttls|opportunistic]` or
    /// `smtps://[user:pass@]host[:port]`. A password is never sent unencrypted unless
    /// `tls=none` says so explicitly.
    pub fn parse(text: &str) -> Result<SmtpSettings, String> {
        let url = url::Url::parse(text.trim()).map_err(|e| {
            format!("ITP_SMTP_URL is not a URL ({e}); it should look like smtp://mail.example.org:587?tls=starttls")
        })?;
        let mut tls: Option<String> = None;
        for (key, value) in url.query_pairs() {
            match key.as_ref() {
                "tls" => tls = Some(value.into_owned()),
                other => {
                    return Err(format!(
                        "ITP_SMTP_URL has an unknown setting '{other}'; only tls=none|starttls|opportunistic is known"
                    ));
                }
            }
        }
        let security = match (url.scheme(), tls.as_deref()) {
            ("smtp", None | Some("none")) => Security::None,
            ("smtp", Some("starttls" | "required")) => Security::StartTls,
            ("smtp", Some("opportunistic")) => Security::Opportunistic,
            ("smtps", None) => Security::ImplicitTls,
            ("smtps", Some(other)) => {
                return Err(format!(
                    "ITP_SMTP_URL: smtps:// is TLS from the start; drop tls={other}"
                ));
            }
            ("smtp", Some(other)) => {
                return Err(format!(
                    "ITP_SMTP_URL: tls={other} is not known; use none, starttls or opportunistic"
                ));
            }
            (scheme, _) => {
                return Err(format!(
                    "ITP_SMTP_URL: the scheme must be smtp:// or smtps://, not {scheme}://"
                ));
            }
        };
        let host = url
            .host_str()
            .filter(|h| !h.is_empty())
            .ok_or("ITP_SMTP_URL names no host")?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let port = url.port().unwrap_or(match security {
            Security::None => 25,
            Security::StartTls | Security::Opportunistic => 587,
            Security::ImplicitTls => 465,
        });
        let credentials = match (url.username(), url.password()) {
            ("", None) => None,
            (user, Some(password)) => Some((percent_decode(user)?, percent_decode(password)?)),
            (_, None) => {
                return Err(
                    "ITP_SMTP_URL names a user but no password (smtp://user:password@host)".into(),
                );
            }
        };
        if credentials.is_some() && security == Security::None && tls.is_none() {
            return Err(
                "ITP_SMTP_URL would send the password unencrypted: add ?tls=starttls or use \
                 smtps://, or add ?tls=none if the relay is on a trusted network"
                    .into(),
            );
        }
        Ok(SmtpSettings {
            host,
            port,
            security,
            credentials,
        })
    }

    /// For the start-up log and the outbox page: no password.
    pub fn describe(&self) -> String {
        let user = match &self.credentials {
            Some((user, _)) => format!("{user}:***@"),
            None => String::new(),
        };
        format!(
            "{user}{}:{} ({})",
            self.host,
            self.port,
            self.security.label()
        )
    }
}

/// Mail settings: with no SMTP server, messages stay in the outbox.
#[derive(Debug, Clone, Default)]
pub struct MailConfig {
    pub smtp: Option<SmtpSettings>,
    pub from: Option<Mailbox>,
}

impl MailConfig {
    /// From the two settings as given (empty counts as unset). A server needs a sender address.
    pub fn parse(smtp_url: Option<&str>, from: Option<&str>) -> Result<MailConfig, String> {
        fn given(s: Option<&str>) -> Option<&str> {
            s.map(str::trim).filter(|s| !s.is_empty())
        }
        let smtp = given(smtp_url).map(SmtpSettings::parse).transpose()?;
        let from = given(from)
            .map(|f| {
                f.parse::<Mailbox>().map_err(|e| {
                    format!("ITP_MAIL_FROM '{f}' is not an address ({e}); write it as \"ITP Admin <itp@example.org>\"")
                })
            })
            .transpose()?;
        if smtp.is_some() && from.is_none() {
            return Err(
                "ITP_SMTP_URL is set but ITP_MAIL_FROM is not: say which address mail comes from, \
                 e.g. \"ITP Admin <itp@example.org>\""
                    .into(),
            );
        }
        Ok(MailConfig { smtp, from })
    }

    pub fn describe(&self) -> String {
        match (&self.smtp, &self.from) {
            (Some(smtp), Some(from)) => format!("smtp={} from={from}", smtp.describe()),
            _ => "smtp=off (mail stays in the outbox)".to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_relay_on_port_25() {
        let s = SmtpSettings::parse("smtp://localhost").unwrap();
        assert_eq!(
            (s.host.as_str(), s.port, s.security),
            ("localhost", 25, Security::None)
        );
        assert_eq!(s.credentials, None);
    }

    #[test]
    fn submission_with_starttls_and_an_encoded_password() {
        let s =
            SmtpSettings::parse("smtp://itp%40icld.se:p%40ss%3Aword@mail.example.org?tls=starttls")
                .unwrap();
        assert_eq!(s.port, 587);
        assert_eq!(s.security, Security::StartTls);
        assert_eq!(
            s.credentials,
            Some(("itp@icld.se".to_owned(), "p@ss:word".to_owned()))
        );
        assert!(!s.describe().contains("p@ss"));
        assert!(!format!("{s:?}").contains("p@ss"));
    }

    #[test]
    fn smtps_is_implicit_tls_on_465() {
        let s = SmtpSettings::parse("smtps://u:p@mail.example.org").unwrap();
        assert_eq!((s.port, s.security), (465, Security::ImplicitTls));
    }

    #[test]
    fn a_password_is_not_sent_in_the_clear_unless_asked_for() {
        let err = SmtpSettings::parse("smtp://u:p@mail.example.org:25").unwrap_err();
        assert!(err.contains("unencrypted"), "{err}");
        assert!(SmtpSettings::parse("smtp://u:p@relay.internal:25?tls=none").is_ok());
    }

    #[test]
    fn mistakes_are_explained() {
        for (url, expected) in [
            ("http://mail.example.org", "scheme"),
            ("smtp://mail.example.org?tsl=starttls", "unknown setting"),
            ("smtp://mail.example.org?tls=yes", "not known"),
            ("smtps://mail.example.org?tls=starttls", "drop"),
            ("mail.example.org:25", "scheme"),
            ("smtp://user@mail.example.org?tls=starttls", "no password"),
        ] {
            let err = SmtpSettings::parse(url).unwrap_err();
            assert!(err.contains(expected), "{url}: {err}");
        }
    }

    #[test]
    fn a_server_needs_a_sender_address() {
        assert!(MailConfig::parse(Some("smtp://localhost"), None).is_err());
        assert!(MailConfig::parse(Some("smtp://localhost"), Some("not an address")).is_err());
        let c = MailConfig::parse(
            Some("smtp://localhost"),
            Some("ITP Admin <itp@example.org>"),
        )
        .unwrap();
        assert_eq!(c.from.unwrap().email.to_string(), "itp@example.org");
        let off = MailConfig::parse(Some("  "), None).unwrap();
        assert!(off.smtp.is_none());
        assert!(off.describe().contains("off"));
    }
}
