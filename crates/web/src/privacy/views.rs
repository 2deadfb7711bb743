use chrono::{DateTime, Utc};
use itp_domain::retention::{Kind, Retention};
use itp_domain::validation::FieldErrors;
use maud::{Markup, html};

use super::due::DueLine;
use crate::views::components::{Field, badge, csrf_field, error_summary};
use crate::views::{PageContext, page};

/// The public privacy notice, generated from the retention settings in force.
pub fn privacy(ctx: &PageContext, r: &Retention) -> Markup {
    page(
        ctx,
        "Privacy",
        html! {
            h1 { "How ICLD handles your personal data" }
            p.lead {
                "ICLD (the Swedish International Centre for Local Democracy) runs its international \
                 training programmes with this system. This page says what we keep about you, why, \
                 and for how long. The periods below are the ones this system applies: when one \
                 ends, the data is deleted or pseudonymised by itself."
            }
            h2 { "What we keep and for how long" }
            div.table-wrap {
                table {
                    thead { tr { th scope="col" { "What" } th scope="col" { "How long" } th scope="col" { "Why" } th scope="col" { "Then" } } }
                    tbody {
                        @for kind in Kind::ALL {
                            tr {
                                td { (kind.label()) }
                                td { (r.period(kind)) " " (kind.counted_from()) }
                                td { (kind.why()) }
                                td { (kind.what_happens()) }
                            }
                        }
                    }
                }
            }
            h2 { "Why we may use it" }
            p {
                "We use what you give in an application to assess it and, if your team is selected, \
                 to run the programme with you: travel, visas, insurance, per diems and study visits. \
                 Passports and medical statements are seen only by ICLD's administrators and the \
                 programme's managers, and every opening of one is logged; reviewers never see them."
            }
            h2 { "Your rights" }
            p {
                "You may ask for a copy of everything we hold about you, and ask us to correct it or \
                 to erase it where no law requires us to keep it (for example the bookkeeping law \
                 for payments made to you). Ask the ICLD staff you are in touch with; an \
                 administrator makes the copy or the erasure, and both are recorded."
            }
        },
    )
}

/// What is due next, per kind, for administrators.
pub fn retention(
    ctx: &PageContext,
    lines: &[DueLine],
    now: DateTime<Utc>,
    (email, erase_email): (&str, &str),
    errors: &FieldErrors,
) -> Markup {
    page(
        ctx,
        "Retention of personal data",
        html! {
            h1 { "Retention of personal data" }
            p.lead {
                "What the retention_purge job deletes or pseudonymises, and when. Periods come from \
                 ITP_RETENTION or the defaults; the public " a href="/privacy" { "privacy page" } " states the same."
            }
            p { "As of " time datetime=(now.to_rfc3339()) { (now.format("%Y-%m-%d %H:%M UTC")) } "." }
            div.table-wrap {
                table {
                    thead { tr { th scope="col" { "Kind of data" } th scope="col" { "Kept" } th scope="col" { "Due now" } th scope="col" { "Next due" } } }
                    tbody {
                        @for l in lines {
                            tr {
                                td { (l.kind.label()) }
                                td {
                                    (l.period) " " (l.kind.counted_from()) ", then " (l.kind.what_happens())
                                    @if l.configured { " " (badge("set by ITP_RETENTION", "info")) }
                                }
                                td { @if l.due_now > 0 { (badge(&l.due_now.to_string(), "warn")) " at the next purge" } @else { "Nothing" } }
                                td {
                                    @if let Some((day, what)) = &l.next {
                                        time datetime=(day.to_string()) { (day.format("%-d %B %Y")) } ": " (what)
                                    } @else { "Nothing scheduled" }
                                }
                            }
                        }
                    }
                }
            }
            h2 { "Everything held about one person" }
            p {
                "The access export (GDPR article 15): one JSON document with the person's account, \
                 applications and what they typed, documents' details, statements, mail, reminders \
                 and every audit entry about them. Making one is recorded in the audit log."
            }
            (error_summary(errors))
            form method="post" action="/admin/retention/export" {
                (csrf_field(ctx.csrf()))
                (Field::new("email", "E-mail address of the person", email).required().render(errors))
                button type="submit" { "Export as JSON" }
            }
            h2 { "Erase a person on request" }
            p {
                "Erasure (GDPR article 17): the account is emptied and closed, the person's sessions, \
                 roles, reminders and mail deleted, their applications pseudonymised and documents \
                 deleted, and their name and address replaced wherever other records mention them. \
                 Records a law requires are kept, and the result says which and why. It cannot be undone."
            }
            form method="post" action="/admin/retention/erase" {
                (csrf_field(ctx.csrf()))
                (Field::new("erase_email", "E-mail address of the person to erase", erase_email).required().render(errors))
                button.danger type="submit" { "Erase this person" }
            }
        },
    )
}
