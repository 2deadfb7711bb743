//! The SMTP side: one lettre transport (with a small connection pool) built from the settings at
//! start, and the in-process wake-up that lets enqueueing code get mail out within a second.

use std::time::Duration;

use itp_domain::mail::RetryPolicy;
use itp_persistence::mail::StoredMail;
use lettre::message::header::{ContentType, Header, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message, MultiPart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::{Address, AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use tokio::sync::Notify;

use super::settings::{MailConfig, Security, SmtpSettings};

/// One SMTP conversation may take this long before it counts as a failed attempt. With
/// [`BATCH`] messages per claim this bounds a batch well inside [`LEASE`].
const SMTP_TIMEOUT: Duration = Duration::from_secs(20);
/// Messages claimed at a time.
pub(crate) const BATCH: u64 = 10;
/// How long a claim lasts before another sender may take the message back.
pub(crate) const LEASE: chrono::Duration = chrono::Duration::minutes(10);

/// Why one delivery failed.
#[derive(Debug)]
pub struct SendError {
    /// The server refused it (5xx) or the message cannot be built: the same again will fail too.
    pub permanent: bool,
    pub message: String,
}

/// The mail sender of this app instance, shared through `AppState`.
pub struct Mailer {
    transport: Option<(AsyncSmtpTransport<Tokio1Executor>, Mailbox, String)>,
    wake: Notify,
    pub policy: RetryPolicy,
}

impl std::fmt::Debug for Mailer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.describe())
    }
}

fn build_transport(smtp: &SmtpSettings) -> Result<AsyncSmtpTransport<Tokio1Executor>, String> {
    let tls_parameters = || {
        TlsParameters::new(smtp.host.clone())
            .map_err(|e| format!("cannot set up TLS for {}: {e}", smtp.host))
    };
    let tls = match smtp.security {
        Security::None => Tls::None,
        Security::StartTls => Tls::Required(tls_parameters()?),
        Security::Opportunistic => Tls::Opportunistic(tls_parameters()?),
        Security::ImplicitTls => Tls::Wrapper(tls_parameters()?),
    };
    let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(smtp.host.clone())
        .port(smtp.port)
        .tls(tls)
        .timeout(Some(SMTP_TIMEOUT));
    if let Some((user, password)) = &smtp.credentials {
        builder = builder.credentials(Credentials::new(user.clone(), password.clone()));
    }
    Ok(builder.build())
}

/// RFC 3834: tells mail servers and people's auto-responders that no one typed this message, so
/// out-of-office replies do not come back to a mailbox nobody reads.
#[derive(Clone)]
struct AutoSubmitted;

impl Header for AutoSubmitted {
    fn name() -> HeaderName {
        HeaderName::new_from_ascii_str("Auto-Submitted")
    }

    fn parse(_: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        Ok(AutoSubmitted)
    }

    fn display(&self) -> HeaderValue {
        HeaderValue::new(Self::name(), "auto-generated".to_owned())
    }
}

fn permanent(message: String) -> SendError {
    SendError {
        permanent: true,
        message,
    }
}

impl Mailer {
    /// Must be called inside the Tokio runtime (the connection pool starts a cleanup task).
    pub fn new(config: &MailConfig) -> Result<Mailer, String> {
        let transport = match (&config.smtp, &config.from) {
            (Some(smtp), Some(from)) => {
                Some((build_transport(smtp)?, from.clone(), smtp.describe()))
            }
            _ => None,
        };
        Ok(Mailer {
            transport,
            wake: Notify::new(),
            policy: RetryPolicy::STANDARD,
        })
    }

    /// `true` when an SMTP server is set; otherwise mail stays in the outbox.
    pub fn is_configured(&self) -> bool {
        self.transport.is_some()
    }

    /// The server and sender, for the outbox page.
    pub fn describe(&self) -> String {
        match &self.transport {
            Some((_, from, server)) => format!("{server}, as {from}"),
            None => "not configured".to_owned(),
        }
    }

    /// Wakes this instance's sender. Call it after the transaction that queued mail committed:
    /// before, the sender would not see the message yet.
    pub fn nudge(&self) {
        self.wake.notify_one();
    }

    pub(crate) async fn woken(&self) {
        self.wake.notified().await;
    }

    /// Hands one message to the SMTP server.
    pub async fn send(&self, mail: &StoredMail) -> Result<(), SendError> {
        let Some((transport, from, _)) = &self.transport else {
            return Err(SendError {
                permanent: false,
                message: "SMTP is not configured".into(),
            });
        };
        let address: Address = mail.to_address.parse().map_err(|e| {
            permanent(format!(
                "The address {} cannot be used: {e}",
                mail.to_address
            ))
        })?;
        let name = (!mail.to_name.is_empty()).then(|| mail.to_name.clone());
        let builder = Message::builder()
            .from(from.clone())
            .to(Mailbox::new(name, address))
            .subject(mail.subject.clone())
            .header(AutoSubmitted);
        // With an HTML alternative the plain text comes first: a client shows the last part
        // it can (RFC 2046 §5.1.4), and one that cannot show HTML still has the whole text.
        let built = match &mail.html_body {
            Some(html) => builder.multipart(MultiPart::alternative_plain_html(
                mail.body.clone(),
                html.clone(),
            )),
            None => builder
                .header(ContentType::TEXT_PLAIN)
                .body(mail.body.clone()),
        };
        let message = built.map_err(|e| permanent(format!("The message cannot be built: {e}")))?;
        match transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) => Err(SendError {
                permanent: e.is_permanent(),
                message: e.to_string(),
            }),
        }
    }
}
