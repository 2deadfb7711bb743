//! Ledger postings: which account, cost centre and project a cost goes to. The mapping is the
//! organisation's choice and changes with its chart, so finance edits it; the defaults are the
//! BAS accounts `shared/domain/sie4.md` names.

use chrono::NaiveDate;

use crate::budget;
use crate::code::Code;
use crate::sie4::{DIM_COST_CENTRE, DIM_PROJECT, Transaction, Voucher};
use crate::validation::FieldErrors;

/// What a posting is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    PerDiemSweden,
    PerDiemAbroad,
    Flights,
    Lodging,
    Visas,
    Insurance,
    Venue,
    LocalTransport,
    HostCompensation,
    OtherCosts,
    /// The counter-account of a per-diem statement: what is owed to the traveller.
    PayableToTravellers,
    /// The counter-account of a cost: what is owed to the supplier.
    AccountsPayable,
}

crate::codes!(Category as "ledger category" {
    PerDiemSweden = "per_diem_sweden": "Per diem in Sweden",
    PerDiemAbroad = "per_diem_abroad": "Per diem abroad",
    Flights = "flights": "Flights and tickets",
    Lodging = "lodging": "Board and lodging",
    Visas = "visas": "Visas",
    Insurance = "insurance": "Insurance",
    Venue = "venue": "Venues",
    LocalTransport = "local_transport": "Local transport",
    HostCompensation = "host_compensation": "Host compensation",
    OtherCosts = "other": "Other costs",
    PayableToTravellers = "payable_travellers": "Payable to travellers (counter-account)",
    AccountsPayable = "accounts_payable": "Accounts payable (counter-account)",
});

impl Category {
    /// Where a paid cost of a budget line is posted. Every line has a home, so that no cost is
    /// left out of the ledger; mentors go with other external costs, as BAS has no account of
    /// their own.
    pub fn of_budget(line: budget::Category) -> Category {
        match line {
            budget::Category::Flights => Category::Flights,
            budget::Category::Visas => Category::Visas,
            budget::Category::Accommodation => Category::Lodging,
            budget::Category::Insurance => Category::Insurance,
            budget::Category::PerDiem => Category::PerDiemAbroad,
            budget::Category::VenueAndTraining => Category::Venue,
            budget::Category::LocalTransport => Category::LocalTransport,
            budget::Category::HostCompensation => Category::HostCompensation,
            budget::Category::Mentors | budget::Category::Other => Category::OtherCosts,
        }
    }
}

/// Where one category is posted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountMapping {
    pub category: Category,
    pub account: u32,
    pub account_name: String,
    /// Dimension 1; empty for none.
    pub cost_centre: String,
    /// Dimension 6; empty for the programme's code.
    pub project: String,
}

/// The BAS 2024 defaults, until finance says otherwise.
pub fn default_mapping(category: Category) -> AccountMapping {
    let (account, name) = match category {
        Category::PerDiemSweden => (7321, "Skattefria traktamenten, Sverige"),
        Category::PerDiemAbroad => (7323, "Skattefria traktamenten, utlandet"),
        Category::Flights => (5810, "Biljetter"),
        Category::Lodging => (5830, "Kost och logi i utlandet"),
        Category::Visas | Category::Insurance | Category::LocalTransport => (5800, "Resekostnader"),
        Category::Venue => (5010, "Lokalhyra"),
        Category::HostCompensation => (6990, "Övriga externa kostnader"),
        Category::OtherCosts => (6990, "Övriga externa kostnader"),
        Category::PayableToTravellers => (2820, "Kortfristiga skulder till anställda"),
        Category::AccountsPayable => (2440, "Leverantörsskulder"),
    };
    AccountMapping {
        category,
        account,
        account_name: name.to_owned(),
        cost_centre: String::new(),
        project: String::new(),
    }
}

/// A mapping as typed on the edit page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MappingInput {
    pub account: String,
    pub account_name: String,
    pub cost_centre: String,
    pub project: String,
}

/// An object id SIE and the accounting systems take: letters, digits, `-` and `_`.
fn object_code(text: &str) -> bool {
    text.len() <= 20
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl MappingInput {
    pub fn validate(&self, category: Category) -> Result<AccountMapping, FieldErrors> {
        let mut errors = FieldErrors::new();
        let account = match self.account.trim().parse::<u32>() {
            Ok(n) if (1000..=8999).contains(&n) => n,
            _ => {
                errors.add(
                    "account",
                    "Write the account as four digits from 1000 to 8999 (BAS: 7323).",
                );
                0
            }
        };
        let account_name = self.account_name.trim();
        if account_name.is_empty() {
            errors.add("account_name", "Write the account's name as in the chart.");
        } else if account_name.chars().count() > 100 || account_name.chars().any(char::is_control) {
            errors.add(
                "account_name",
                "Keep the name to one line of at most 100 characters.",
            );
        }
        let cost_centre = self.cost_centre.trim();
        if !object_code(cost_centre) {
            errors.add(
                "cost_centre",
                "Write the cost centre as letters, digits, - or _ (at most 20), or leave it empty.",
            );
        }
        let project = self.project.trim();
        if !object_code(project) {
            errors.add(
                "project",
                "Write the project as letters, digits, - or _ (at most 20), or leave it empty for the programme's code.",
            );
        }
        errors.into_result(AccountMapping {
            category,
            account,
            account_name: account_name.to_owned(),
            cost_centre: cost_centre.to_owned(),
            project: project.to_owned(),
        })
    }
}

/// One amount to post: its category, in öre, with what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Posting {
    pub category: Category,
    pub amount_ore: i64,
    pub text: String,
}

impl AccountMapping {
    /// The objects a posting of this mapping carries: its cost centre, and its project or else
    /// the programme's code.
    pub fn objects(&self, programme_code: &str) -> Vec<(u32, String)> {
        let mut objects = Vec::new();
        if !self.cost_centre.is_empty() {
            objects.push((DIM_COST_CENTRE, self.cost_centre.clone()));
        }
        let project = if self.project.is_empty() {
            programme_code
        } else {
            &self.project
        };
        if !project.is_empty() {
            objects.push((DIM_PROJECT, project.to_owned()));
        }
        objects
    }
}

/// A voucher for postings against a counter-account: each posting a debit on its category's
/// account, the counter-account credited with their sum, so it balances by construction.
/// Postings of nothing are left out.
pub fn voucher(
    date: NaiveDate,
    text: String,
    postings: &[Posting],
    counter: Category,
    mapping: impl Fn(Category) -> AccountMapping,
    programme_code: &str,
) -> Voucher {
    let debits = postings
        .iter()
        .filter(|p| p.amount_ore != 0)
        .map(|p| {
            let m = mapping(p.category);
            Transaction {
                account: m.account,
                objects: m.objects(programme_code),
                amount_ore: p.amount_ore,
                text: p.text.clone(),
            }
        })
        .collect();
    let c = mapping(counter);
    Voucher::against(date, text, debits, c.account, c.category.label())
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::code::assert_round_trip;

    #[test]
    fn categories_round_trip_and_have_defaults() {
        assert_round_trip::<Category>();
        assert_eq!(default_mapping(Category::PerDiemAbroad).account, 7323);
        assert_eq!(default_mapping(Category::PerDiemSweden).account, 7321);
        assert_eq!(default_mapping(Category::PayableToTravellers).account, 2820);
        for c in Category::ALL {
            let m = default_mapping(*c);
            assert!((1000..=8999).contains(&m.account), "{c:?}");
        }
    }

    #[test]
    fn a_mapping_is_four_digits_a_name_and_codes() {
        let ok = MappingInput {
            account: " 7323 ".into(),
            account_name: "Traktamenten utland".into(),
            cost_centre: "100".into(),
            project: "".into(),
        }
        .validate(Category::PerDiemAbroad)
        .unwrap();
        assert_eq!(ok.account, 7323);
        assert_eq!(ok.objects("MF"), [(1, "100".into()), (6, "MF".into())]);
        let bad = MappingInput {
            account: "73230".into(),
            account_name: "".into(),
            cost_centre: "1 0".into(),
            project: "\"x\"".into(),
        }
        .validate(Category::PerDiemAbroad)
        .unwrap_err();
        for f in ["account", "account_name", "cost_centre", "project"] {
            assert!(bad.for_field(f).is_some(), "{f}");
        }
    }

    #[test]
    fn every_budget_line_posts_to_a_cost_account_never_a_counter_account() {
        assert_eq!(
            Category::of_budget(budget::Category::Flights),
            Category::Flights
        );
        assert_eq!(
            Category::of_budget(budget::Category::Accommodation),
            Category::Lodging
        );
        assert_eq!(
            Category::of_budget(budget::Category::Mentors),
            Category::OtherCosts
        );
        for line in budget::Category::ALL {
            let posted = Category::of_budget(*line);
            assert!(
                !matches!(
                    posted,
                    Category::PayableToTravellers | Category::AccountsPayable
                ),
                "{line:?}"
            );
        }
    }

    proptest! {
        #[test]
        fn every_voucher_balances(amounts in prop::collection::vec(-10_000_000i64..10_000_000, 0..8)) {
            let postings: Vec<Posting> = amounts.iter().enumerate().map(|(i, a)| Posting {
                category: if i % 2 == 0 { Category::PerDiemAbroad } else { Category::PerDiemSweden },
                amount_ore: *a,
                text: format!("day {i}"),
            }).collect();
            let v = voucher(
                NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
                "Statement".into(),
                &postings,
                Category::PayableToTravellers,
                default_mapping,
                "MF",
            );
            prop_assert_eq!(v.balance(), 0);
            prop_assert_eq!(v.transactions.len(), amounts.iter().filter(|a| **a != 0).count() + 1);
        }
    }
}
