//! The text a message of one kind is written from: a stored text for its programme, else the
//! stored text for every programme, else the built-in text (the constants of `templates` and
//! `selection::letters`, or the hosts' Fluent messages). The kinds and their placeholders are
//! declared in `itp_domain::mail::KINDS`.

use itp_domain::account::Email;
use itp_domain::mail::{RenderedText, Template, TemplateKind, TemplateText, Values, kind};
use itp_persistence::ConnectionTrait;
use itp_persistence::mail_templates;

use super::{Cause, Message, templates};
use crate::i18n::{Arg, Lang};
use crate::ops::{OpError, OpResult};
use crate::selection::letters;

/// Where a kind's built-in text lives.
enum Builtin {
    Constant(&'static Template),
    /// A hosts' Fluent message, `hosts-mail-KEY-…`, in the kind's language.
    Fluent(&'static str),
}

fn builtin_of(key: &str) -> Option<Builtin> {
    use Builtin::{Constant, Fluent};
    Some(match key {
        "selection.selected" => Constant(&letters::SELECTED),
        "selection.reserve" => Constant(&letters::RESERVE),
        "selection.not_selected" => Constant(&letters::NOT_SELECTED),
        "selection.offered" => Constant(&letters::OFFERED),
        "selection.confirm_reminder" => Constant(&letters::CONFIRM_REMINDER),
        "review.reminder" => Constant(&letters::REVIEW_REMINDER),
        "cohort.call_closed" => Constant(&templates::CALL_CLOSED),
        "application.draft_reminder" => Constant(&templates::DRAFT_REMINDER),
        "phase.reminder" => Constant(&templates::PHASE_REMINDER),
        "budget.alert" => Constant(&templates::BUDGET_ALERT),
        "account.invitation" => Constant(&templates::INVITATION),
        "hosts.requested" => Fluent("requested"),
        "hosts.visit_reminder" => Fluent("visit-reminder"),
        _ => return None,
    })
}

fn lang_of(kind: &TemplateKind) -> Lang {
    match kind.language {
        itp_domain::mail::TemplateLanguage::Swedish => Lang::Sv,
        itp_domain::mail::TemplateLanguage::English => Lang::En,
    }
}

/// The built-in text of `kind`, with its placeholders as placeholders (the editor starts from
/// it, and a message falls back to it).
pub fn builtin(kind: &TemplateKind) -> TemplateText {
    match builtin_of(kind.key) {
        Some(Builtin::Constant(t)) => TemplateText {
            subject: t.subject.to_owned(),
            body: t.body.to_owned(),
            html: None,
        },
        Some(Builtin::Fluent(key)) => {
            // Each Fluent variable is given its own placeholder as its value, so the message
            // comes out as a template in our syntax.
            let marks: Vec<String> = kind
                .placeholders
                .iter()
                .map(|p| format!("{{{}}}", p.name))
                .collect();
            let args: Vec<(&str, Arg<'_>)> = kind
                .placeholders
                .iter()
                .zip(&marks)
                .map(|(p, m)| (p.name, Arg::Text(m)))
                .collect();
            let letter = crate::hosts::mail::letter(lang_of(kind), key, &args);
            TemplateText {
                subject: letter.subject,
                body: letter.body,
                html: None,
            }
        }
        None => TemplateText {
            subject: kind.label.to_owned(),
            body: String::new(),
            html: None,
        },
    }
}

/// The kind declared under `key`; a key in code that is not declared is a mistake in the code.
pub fn declared(key: &str) -> OpResult<&'static TemplateKind> {
    kind(key).ok_or_else(|| OpError::internal(format!("mail kind {key} is not declared")))
}

/// The text of `key` about `programme_id`, filled with `values`. A stored text that does not
/// render (the code gave fewer values than the kind declares) falls back to the built-in text,
/// so the mail still goes; the mistake is logged.
pub async fn render<C: ConnectionTrait>(
    conn: &C,
    key: &str,
    programme_id: Option<i32>,
    values: &Values<'_>,
) -> OpResult<RenderedText> {
    let kind = declared(key)?;
    let programme_id = programme_id.filter(|_| kind.per_programme);
    if let Some(stored) = mail_templates::effective(conn, key, programme_id).await? {
        match stored.text.render(values) {
            Ok(text) => return Ok(text),
            Err(e) => tracing::error!(
                kind = key,
                template = stored.id,
                "a stored mail text does not render ({e}); the built-in text is used"
            ),
        }
    }
    builtin(kind)
        .render(values)
        .map_err(|e| OpError::internal(format!("mail text {key}: {e}")))
}

/// A message of `key` about `programme_id` to one person, from the text that applies.
pub async fn message<'a, C: ConnectionTrait>(
    conn: &C,
    key: &str,
    programme_id: Option<i32>,
    values: &Values<'_>,
    to: &'a Email,
    to_name: &'a str,
    cause: Cause,
) -> OpResult<Message<'a>> {
    let kind = declared(key)?;
    let text = render(conn, key, programme_id, values).await?;
    Ok(Message::from_text(kind.key, text, to, to_name, cause))
}

#[cfg(test)]
mod tests {
    use super::*;
    use itp_domain::mail::{KINDS, TemplateInput};

    #[test]
    fn every_kind_has_a_built_in_text_that_passes_its_own_checks() {
        for kind in KINDS {
            assert!(builtin_of(kind.key).is_some(), "{}", kind.key);
            let text = builtin(kind);
            let checked = TemplateInput {
                subject: text.subject.clone(),
                body: text.body.clone(),
                html: String::new(),
            }
            .validate(kind);
            assert!(checked.is_ok(), "{}: {checked:?}", kind.key);
        }
    }

    #[test]
    fn the_host_request_is_swedish_with_our_placeholders() {
        let text = builtin(kind("hosts.requested").unwrap());
        assert!(
            text.subject.contains("studiebesök i {host}"),
            "{}",
            text.subject
        );
        assert!(text.body.contains("{link}"), "{}", text.body);
        let values = Values::new()
            .set("host", "Gotland")
            .set("team", "MF-27-001")
            .set("dates", "1–2 mars")
            .set("link", "https://itp.example/v/1");
        let mail = text.render(&values).unwrap();
        assert!(
            mail.body.contains("Gotland kan ta emot grupp MF-27-001"),
            "{}",
            mail.body
        );
    }
}
