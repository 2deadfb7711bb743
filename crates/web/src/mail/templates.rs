//! The texts of the mail the system sends. Plain text only: every client shows it, nothing in it
//! can run, and a screen reader reads it as written.

use itp_domain::mail::Template;

/// To a person for whom an administrator created an account. Placeholders: `name`, `role`,
/// `link`, `expires`.
pub const INVITATION: Template = Template {
    key: "account.invitation",
    subject: "Your ITP Admin account",
    body: "Hello {name},

An account has been created for you in ITP Admin, the system ICLD
uses to run its international training programmes.
Your role: {role}.

Choose your password with this link. It works once, until {expires}:

{link}

If you did not expect this message, you can ignore it: without a
password, nobody can sign in to the account.

--\x20
ITP Admin
",
};

/// To a person whose password an administrator lets them choose again. Placeholders: `name`,
/// `link`, `expires`.
pub const PASSWORD_RESET: Template = Template {
    key: "account.password_reset",
    subject: "Choose a new password for ITP Admin",
    body: "Hello {name},

An administrator has issued a link for you to choose a new password
for ITP Admin. It works once, until {expires}:

{link}

Your current password keeps working until you choose a new one. If
you did not ask for this, tell the ICLD staff you work with.

--\x20
ITP Admin
",
};

/// To someone who registered to apply: proving the address is theirs and choosing a password
/// are one step. Placeholders: `name`, `link`, `expires`.
pub const VERIFY_EMAIL: Template = Template {
    key: "account.verify_email",
    subject: "Confirm your e-mail address for ICLD's training programmes",
    body: "Hello,

You (or someone using your address) asked for an account to apply to
ICLD's international training programmes. To confirm that this is
your address, choose your password with this link. It works once,
until {expires}:

{link}

The name typed on the registration form was: \u{201c}{name}\u{201d}.

Your applications are saved as you write them; you can leave and come
back from any device once you have signed in.

If you did not ask for this, ignore this message: nothing happens
without the link.

--\x20
ITP Admin, ICLD
",
};

/// To an address that already has an account and registered again, or asked for a new
/// password: the answer on the page is the same either way, so the mail says what to do.
/// Placeholders: `name`, `link`, `expires`.
pub const SELF_SERVICE_RESET: Template = Template {
    key: "account.self_service_reset",
    subject: "Your ITP Admin account",
    body: "Hello,

Someone asked to register or to choose a new password with this
address, which already has an account. If it was you, choose a
(new) password with this link. It works once, until {expires}:

{link}

The account is in the name \u{201c}{name}\u{201d}.

If you did not ask for this, ignore this message: your password stays
as it is.

--\x20
ITP Admin, ICLD
",
};

/// To each responsible manager when the close-calls job has closed a call at its deadline.
/// Placeholders: `name`, `cohort`, `programme`, `applications`, `drafts`, `link`.
pub const CALL_CLOSED: Template = Template {
    key: "cohort.call_closed",
    subject: "The call for {cohort} has closed",
    body: "Hello {name},

The call for applications to {cohort} ({programme}) reached its
deadline and is now closed. The cohort has moved to selection.

Submitted applications: {applications}
Drafts never submitted: {drafts}

The cohort's page, with its applications and reviews:

{link}

-- 
ITP Admin
",
};

/// To an applicant whose application is still a draft as the deadline nears (a week and a day
/// before). Placeholders: `name`, `cohort`, `programme`, `organisation`, `deadline`, `left`,
/// `link`.
pub const DRAFT_REMINDER: Template = Template {
    key: "application.draft_reminder",
    subject: "Your application to {cohort} is not submitted yet",
    body: "Hello {name},

Your application to {cohort} ({programme}) for {organisation} is
saved as a draft, but it has not been submitted. Only submitted
applications are considered.

The deadline is {deadline}: {left} from now.
Late applications will not be considered.

Continue and submit it here:

{link}

If you have decided not to apply, you can ignore this message.

-- 
ITP Admin, ICLD
",
};

/// To a participant as a phase of their cohort nears (a week before it starts).
/// Placeholders: `name`, `cohort`, `phase`, `dates`, `place`, `link`.
pub const PHASE_REMINDER: Template = Template {
    key: "phase.reminder",
    subject: "{phase} of {cohort} starts soon",
    body: "Hello {name},

This is a reminder that {phase} of {cohort} takes place on
{dates}, in {place}.

Your team's application, with the programme's phases:

{link}

The programme team writes to you about your travel and lodging.

--\x20
ITP Admin, ICLD
",
};

/// To finance when a budget line under control reaches 90 % of its plan, and again when it goes
/// beyond it. Placeholders: `name`, `cohort`, `programme`, `line`, `level`, `planned`,
/// `committed`, `link`.
pub const BUDGET_ALERT: Template = Template {
    key: "budget.alert",
    subject: "Budget of {cohort}: {line} has {level}",
    body: "Hello {name},

The budget line {line} of {cohort} ({programme}) has {level}.

Planned:   {planned}
Committed: {committed}

The budget, with every cost behind the line:

{link}

--\x20
ITP Admin, ICLD
",
};

/// Every template, for checks.
pub const ALL: [&Template; 8] = [
    &INVITATION,
    &PASSWORD_RESET,
    &VERIFY_EMAIL,
    &SELF_SERVICE_RESET,
    &CALL_CLOSED,
    &DRAFT_REMINDER,
    &PHASE_REMINDER,
    &BUDGET_ALERT,
];

/// To the applicant who submitted a team's application: the reference, what was sent and what
/// happens next. Placeholders: `call`, `reference`, `organisation`, `members`, `project`,
/// `submitted`, `link`.
pub const APPLICATION_SUBMITTED: Template = Template {
    key: "application.submitted",
    subject: "Application {reference} received: {call}",
    body: "Hello,

Thank you: ICLD has received your team's application to {call}.

Reference:      {reference}
Submitted:      {submitted}
Organisation:   {organisation}
Team:           {members}
Change project: {project}

You can read everything you sent, print it, and follow the
application's status here:

{link}

What happens next: after the deadline, ICLD checks each
application's eligibility, reviewers score the change projects,
and ICLD selects the teams. Every applicant hears the outcome by
e-mail. You can withdraw the application until the deadline.

Please quote the reference {reference} when you write to us.

--\x20
ITP Admin, for ICLD
",
};

#[cfg(test)]
mod tests {
    use super::*;
    use itp_domain::mail::Values;

    #[test]
    fn every_template_is_well_formed_and_has_a_unique_key() {
        let mut keys = Vec::new();
        for template in ALL {
            let names = template.placeholders().expect(template.key);
            assert!(names.contains(&"link".to_owned()), "{}", template.key);
            assert!(!keys.contains(&template.key), "{}", template.key);
            keys.push(template.key);
        }
    }

    #[test]
    fn the_invitation_carries_the_link_and_the_expiry() {
        let mail = INVITATION
            .render(
                &Values::new()
                    .set("name", "Ana Kovač")
                    .set("role", "Finance")
                    .set("link", "https://itp.example.org/set-password/abc")
                    .set("expires", "2026-12-05 14:00 UTC"),
            )
            .unwrap();
        assert_eq!(mail.subject, "Your ITP Admin account");
        assert!(mail.body.starts_with("Hello Ana Kovač,"));
        assert!(
            mail.body
                .contains("\nhttps://itp.example.org/set-password/abc\n")
        );
        assert!(mail.body.contains("until 2026-12-05 14:00 UTC"));
        assert!(!mail.body.contains('{'));
    }

    #[test]
    fn the_reset_mail_needs_every_value() {
        assert!(
            PASSWORD_RESET
                .render(&Values::new().set("name", "Ana").set("link", "x"))
                .is_err()
        );
    }
}
