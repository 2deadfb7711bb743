//! The letters of selection, in the style of `crate::mail::templates`: plain text, every value a
//! placeholder. Decision letters are held in the outbox for a manager to read and release; an
//! offer to a reserve team and the reminders go out at once (their deadline is running).

use itp_domain::mail::Template;

/// To a selected team. Placeholders: `name`, `reference`, `cohort`, `link`, `deadline`.
pub const SELECTED: Template = Template {
    key: "selection.selected",
    subject: "Your application {reference} is selected",
    body: "Hello {name},

We are glad to tell you that your team's application {reference} to
{cohort} is selected.

Please confirm your team's places, or tell us that you cannot come,
with this link by {deadline}:

{link}

If we have no answer by then, the places go to the next team on the
reserve list.

--\x20
ITP Admin, ICLD
",
};

/// To a team on the reserve list. Placeholders: `name`, `reference`, `cohort`, `position`.
pub const RESERVE: Template = Template {
    key: "selection.reserve",
    subject: "Your application {reference}: on the reserve list",
    body: "Hello {name},

Thank you for your team's application {reference} to {cohort}. We
could not offer your team places yet: it is number {position} on the
reserve list. If a selected team cannot come, we offer its places to
the reserve list in order and write to you at once.

--\x20
ITP Admin, ICLD
",
};

/// To a team that is not selected. Placeholders: `name`, `reference`, `cohort`.
pub const NOT_SELECTED: Template = Template {
    key: "selection.not_selected",
    subject: "Your application {reference}",
    body: "Hello {name},

Thank you for your team's application {reference} to {cohort}. We
received many strong applications for few places, and we are sorry
that we cannot offer your team places this time.

You are welcome to apply to a later call.

--\x20
ITP Admin, ICLD
",
};

/// To a reserve team offered the places another team declined. Placeholders: `name`,
/// `reference`, `cohort`, `link`, `deadline`.
pub const OFFERED: Template = Template {
    key: "selection.offered",
    subject: "Places for your team: application {reference}",
    body: "Hello {name},

Places have become free in {cohort}, and we offer them to your team
(application {reference}, on our reserve list).

Please confirm your team's places, or tell us that you cannot come,
with this link by {deadline}:

{link}

--\x20
ITP Admin, ICLD
",
};

/// To a team that has not answered an offer whose deadline is near. The link's token is kept
/// only as a hash, so the reminder points to the letter that carried it. Placeholders: `name`,
/// `reference`, `cohort`, `sent`, `deadline`.
pub const CONFIRM_REMINDER: Template = Template {
    key: "selection.confirm_reminder",
    subject: "Reminder: confirm your places ({reference})",
    body: "Hello {name},

Your team's places in {cohort} (application {reference}) wait for
your answer until {deadline}. Please confirm them, or tell us that you
cannot come, with the link in our letter of {sent}. If you cannot
find it, write to us and we send you a new one.

--\x20
ITP Admin, ICLD
",
};

/// To a reviewer with reviews still open. Placeholders: `name`, `cohort`, `open`, `deadline`,
/// `link`.
pub const REVIEW_REMINDER: Template = Template {
    key: "review.reminder",
    subject: "Reviews waiting for you: {cohort}",
    body: "Hello {name},

{open} of the applications to {cohort} assigned to you wait for your
review. The reviews are due by {deadline}.

Your reviews are here:

{link}

--\x20
ITP Admin, ICLD
",
};

/// Every letter of selection, for checks.
pub const ALL: [&Template; 6] = [
    &SELECTED,
    &RESERVE,
    &NOT_SELECTED,
    &OFFERED,
    &CONFIRM_REMINDER,
    &REVIEW_REMINDER,
];

#[cfg(test)]
mod tests {
    use super::*;
    use itp_domain::mail::Values;

    #[test]
    fn every_letter_is_well_formed_with_a_unique_key() {
        let mut keys = Vec::new();
        for t in ALL {
            t.placeholders().expect(t.key);
            assert!(!keys.contains(&t.key), "{}", t.key);
            assert!(
                !crate::mail::templates::ALL.iter().any(|m| m.key == t.key),
                "{}",
                t.key
            );
            keys.push(t.key);
        }
    }

    #[test]
    fn the_selection_letter_carries_the_link_and_the_deadline() {
        let mail = SELECTED
            .render(
                &Values::new()
                    .set("name", "Amina")
                    .set("reference", "MF-27-001")
                    .set("cohort", "MF 2027")
                    .set("link", "https://itp.example.org/selection/offers/abc")
                    .set("deadline", "2027-02-01 12:00 UTC"),
            )
            .unwrap();
        assert_eq!(mail.subject, "Your application MF-27-001 is selected");
        assert!(
            mail.body
                .contains("\nhttps://itp.example.org/selection/offers/abc\n")
        );
        assert!(mail.body.contains("by 2027-02-01 12:00 UTC"));
        assert!(!mail.body.contains('{'));
    }
}
