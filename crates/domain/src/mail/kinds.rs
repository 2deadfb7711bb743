//! The kinds of mail whose text an administrator or a programme's manager may change: for each,
//! the placeholders it may use (and those it must use), its language, and the kind of record a
//! preview is rendered from. The built-in text of each kind stays the default; a stored text
//! overrides it (see `stored`).

/// One placeholder a kind of mail may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder {
    pub name: &'static str,
    /// What it is filled with, for the editor.
    pub meaning: &'static str,
    /// The mail is useless without it (the link to act on, the deadline to act by).
    pub required: bool,
}

const fn optional(name: &'static str, meaning: &'static str) -> Placeholder {
    Placeholder {
        name,
        meaning,
        required: false,
    }
}

const fn required(name: &'static str, meaning: &'static str) -> Placeholder {
    Placeholder {
        name,
        meaning,
        required: true,
    }
}

/// The language a kind of mail is written in: the recipients' (Swedish for host
/// municipalities, English for teams and staff).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateLanguage {
    English,
    Swedish,
}

impl TemplateLanguage {
    pub fn label(self) -> &'static str {
        match self {
            TemplateLanguage::English => "English",
            TemplateLanguage::Swedish => "Swedish",
        }
    }

    /// The `lang` attribute of the text.
    pub fn code(self) -> &'static str {
        match self {
            TemplateLanguage::English => "en",
            TemplateLanguage::Swedish => "sv",
        }
    }
}

/// The record a preview is rendered from, so the editor shows the text as one real recipient
/// would read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Preview {
    /// An application of the programme (decision letters, confirmation requests).
    Application,
    /// A cohort of the programme (call closed, review reminders, phase reminders).
    Cohort,
    /// A study visit of one of the programme's cohorts (host requests, visit reminders).
    StudyVisit,
    /// The person editing (account mail, which belongs to no programme).
    Person,
}

/// A kind of mail with a changeable text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateKind {
    /// The key stored with the text and with every message written from it.
    pub key: &'static str,
    pub label: &'static str,
    pub language: TemplateLanguage,
    pub preview: Preview,
    /// Whether a programme may have its own text; account mail belongs to no programme.
    pub per_programme: bool,
    pub placeholders: &'static [Placeholder],
}

impl TemplateKind {
    pub fn placeholder(&self, name: &str) -> Option<&Placeholder> {
        self.placeholders.iter().find(|p| p.name == name)
    }

    /// The placeholder names, as the editor lists them: `{name}, {link}`.
    pub fn names(&self) -> String {
        self.placeholders
            .iter()
            .map(|p| format!("{{{}}}", p.name))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

const NAME: Placeholder = optional("name", "the recipient's name");
const REFERENCE: Placeholder = optional("reference", "the application's reference");
const COHORT: Placeholder = optional("cohort", "the cohort's name");
const PROGRAMME: Placeholder = optional("programme", "the programme's name");
const OFFER_LINK: Placeholder = required("link", "the link to confirm or decline the places");
const OFFER_DEADLINE: Placeholder = required("deadline", "when the offer runs out");

/// Every kind of mail whose text can be changed.
pub const KINDS: &[TemplateKind] = &[
    TemplateKind {
        key: "selection.selected",
        label: "Decision letter: selected",
        language: TemplateLanguage::English,
        preview: Preview::Application,
        per_programme: true,
        placeholders: &[NAME, REFERENCE, COHORT, OFFER_LINK, OFFER_DEADLINE],
    },
    TemplateKind {
        key: "selection.reserve",
        label: "Decision letter: reserve list",
        language: TemplateLanguage::English,
        preview: Preview::Application,
        per_programme: true,
        placeholders: &[
            NAME,
            REFERENCE,
            COHORT,
            optional("position", "the team's place on the reserve list"),
        ],
    },
    TemplateKind {
        key: "selection.not_selected",
        label: "Decision letter: not selected",
        language: TemplateLanguage::English,
        preview: Preview::Application,
        per_programme: true,
        placeholders: &[NAME, REFERENCE, COHORT],
    },
    TemplateKind {
        key: "selection.offered",
        label: "Offer to a reserve team",
        language: TemplateLanguage::English,
        preview: Preview::Application,
        per_programme: true,
        placeholders: &[NAME, REFERENCE, COHORT, OFFER_LINK, OFFER_DEADLINE],
    },
    TemplateKind {
        key: "selection.confirm_reminder",
        label: "Reminder: confirm the places",
        language: TemplateLanguage::English,
        preview: Preview::Application,
        per_programme: true,
        placeholders: &[
            NAME,
            REFERENCE,
            COHORT,
            optional("sent", "when the letter with the link was sent"),
            OFFER_DEADLINE,
        ],
    },
    TemplateKind {
        key: "review.reminder",
        label: "Reminder: open reviews",
        language: TemplateLanguage::English,
        preview: Preview::Cohort,
        per_programme: true,
        placeholders: &[
            NAME,
            COHORT,
            optional("open", "how many reviews are open"),
            optional("deadline", "when the reviews are due"),
            required("link", "the link to the reviewer's reviews"),
        ],
    },
    TemplateKind {
        key: "cohort.call_closed",
        label: "Call closed (to managers)",
        language: TemplateLanguage::English,
        preview: Preview::Cohort,
        per_programme: true,
        placeholders: &[
            NAME,
            COHORT,
            PROGRAMME,
            optional("applications", "how many applications were submitted"),
            optional("drafts", "how many drafts were never submitted"),
            required("link", "the link to the cohort's page"),
        ],
    },
    TemplateKind {
        key: "application.draft_reminder",
        label: "Reminder: unsubmitted draft",
        language: TemplateLanguage::English,
        preview: Preview::Application,
        per_programme: true,
        placeholders: &[
            NAME,
            COHORT,
            PROGRAMME,
            optional("organisation", "the applying organisation"),
            required("deadline", "the call's deadline"),
            optional("left", "the time left until the deadline"),
            required("link", "the link to the draft"),
        ],
    },
    TemplateKind {
        key: "phase.reminder",
        label: "Reminder: upcoming phase (to participants)",
        language: TemplateLanguage::English,
        preview: Preview::Cohort,
        per_programme: true,
        placeholders: &[
            NAME,
            COHORT,
            optional("phase", "the phase's title"),
            required("dates", "the phase's dates"),
            optional("place", "where the phase takes place"),
            optional("link", "the link to the team's application"),
        ],
    },
    TemplateKind {
        key: "budget.alert",
        label: "Budget alert (to finance)",
        language: TemplateLanguage::English,
        preview: Preview::Cohort,
        per_programme: true,
        placeholders: &[
            NAME,
            COHORT,
            PROGRAMME,
            required("line", "the budget line (category)"),
            required(
                "level",
                "what the line has reached: 90 % of its plan, or beyond it",
            ),
            optional("planned", "the line's plan, in SEK"),
            optional("committed", "what is committed on the line, in SEK"),
            required("link", "the link to the cohort's budget"),
        ],
    },
    TemplateKind {
        key: "hosts.requested",
        label: "Study visit request (to hosts)",
        language: TemplateLanguage::Swedish,
        preview: Preview::StudyVisit,
        per_programme: true,
        placeholders: &[
            optional("host", "the host municipality"),
            optional("team", "the visiting team's reference"),
            optional("dates", "the visit's dates"),
            required("link", "the link to accept or decline"),
        ],
    },
    TemplateKind {
        key: "hosts.visit_reminder",
        label: "Reminder: upcoming study visit (to hosts)",
        language: TemplateLanguage::Swedish,
        preview: Preview::StudyVisit,
        per_programme: true,
        placeholders: &[
            optional("name", "the host contact's name"),
            optional("host", "the host municipality"),
            optional("team", "the visiting team's reference"),
            required("dates", "the visit's dates"),
            optional("link", "the link to the visit"),
        ],
    },
    TemplateKind {
        key: "account.invitation",
        label: "Invitation to an account",
        language: TemplateLanguage::English,
        preview: Preview::Person,
        per_programme: false,
        placeholders: &[
            NAME,
            optional("role", "the role the account is given"),
            required("link", "the link to choose a password"),
            required("expires", "when the link stops working"),
        ],
    },
];

/// The kind of mail stored under `key`.
pub fn kind(key: &str) -> Option<&'static TemplateKind> {
    KINDS.iter().find(|k| k.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_placeholders_declared_once() {
        for k in KINDS {
            assert_eq!(
                KINDS.iter().filter(|o| o.key == k.key).count(),
                1,
                "{}",
                k.key
            );
            for p in k.placeholders {
                assert_eq!(
                    k.placeholders.iter().filter(|o| o.name == p.name).count(),
                    1,
                    "{}: {}",
                    k.key,
                    p.name
                );
                assert!(
                    p.name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                    "{}",
                    p.name
                );
            }
        }
    }

    #[test]
    fn host_mail_is_swedish_and_account_mail_belongs_to_no_programme() {
        assert_eq!(
            kind("hosts.requested").unwrap().language,
            TemplateLanguage::Swedish
        );
        assert!(!kind("account.invitation").unwrap().per_programme);
        assert_eq!(kind("nothing"), None);
        assert_eq!(
            kind("selection.selected").unwrap().names(),
            "{name}, {reference}, {cohort}, {link}, {deadline}"
        );
    }
}
