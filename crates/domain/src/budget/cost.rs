//! A cost item entered by hand on the budget page, and marking an item paid.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Category;
use crate::Code;
use crate::money::{Currency, Money};
use crate::validation::{FieldErrors, optional_text, required_text};

/// The largest single cost, in its currency's units: above it, a typing mistake.
pub const MAX_COST: i64 = 10_000_000_000;

/// What the manual cost form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CostInput {
    pub category: String,
    pub supplier: String,
    pub description: String,
    pub incurred_on: String,
    pub currency: String,
    pub amount: String,
    /// Why finance lets a stopped line go beyond its plan; asked for only then.
    pub approval_reason: String,
}

/// A validated manual cost, in its own currency (converted by the operation, which has the
/// rate table).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManualCost {
    pub category: Category,
    pub supplier: String,
    pub description: String,
    pub incurred_on: NaiveDate,
    pub original: Money,
    pub approval_reason: String,
}

impl CostInput {
    pub fn validate(&self) -> Result<ManualCost, FieldErrors> {
        let mut errors = FieldErrors::new();
        let category = Category::parse(&self.category);
        if category.is_none() {
            errors.add("category", "Choose the budget line the cost belongs to.");
        }
        let supplier = required_text(&mut errors, "supplier", "supplier", &self.supplier, 200);
        let description = required_text(
            &mut errors,
            "description",
            "description",
            &self.description,
            1_000,
        );
        let approval_reason = optional_text(
            &mut errors,
            "approval_reason",
            "reason",
            &self.approval_reason,
            1_000,
        );
        let incurred_on = date(
            &mut errors,
            "incurred_on",
            "date of the cost",
            &self.incurred_on,
        );
        let currency = match Currency::parse(if self.currency.trim().is_empty() {
            "SEK"
        } else {
            &self.currency
        }) {
            Ok(c) => Some(c),
            Err(_) => {
                errors.add(
                    "currency",
                    "Enter a currency code of three letters, such as USD.",
                );
                None
            }
        };
        let original = currency.and_then(|c| match Money::parse(&self.amount, c) {
            Ok(m) if m.amount() <= Decimal::ZERO => {
                errors.add("amount", "The amount must be more than zero.");
                None
            }
            Ok(m) if m.amount() > Decimal::from(MAX_COST) => {
                errors.add("amount", "The amount is too large for one cost.");
                None
            }
            Ok(m) => Some(m),
            Err(_) => {
                errors.add(
                    "amount",
                    "Enter the amount with at most two decimals, such as 1 250,00.",
                );
                None
            }
        });
        match (category, incurred_on, original) {
            (Some(category), Some(incurred_on), Some(original)) if errors.is_empty() => {
                Ok(ManualCost {
                    category,
                    supplier,
                    description,
                    incurred_on,
                    original,
                    approval_reason,
                })
            }
            _ => Err(errors),
        }
    }
}

/// What the mark-paid form sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PaymentInput {
    pub paid_on: String,
    pub voucher: String,
}

/// A payment: its date and the voucher (verifikation) it is booked under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub paid_on: NaiveDate,
    pub voucher: String,
}

impl PaymentInput {
    pub fn validate(&self) -> Result<Payment, FieldErrors> {
        let mut errors = FieldErrors::new();
        let paid_on = date(&mut errors, "paid_on", "payment date", &self.paid_on);
        let voucher = required_text(
            &mut errors,
            "voucher",
            "voucher reference",
            &self.voucher,
            64,
        );
        match paid_on {
            Some(paid_on) if errors.is_empty() => Ok(Payment { paid_on, voucher }),
            _ => Err(errors),
        }
    }
}

fn date(errors: &mut FieldErrors, field: &str, label: &str, text: &str) -> Option<NaiveDate> {
    match NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d") {
        Ok(d) if (2000..=2100).contains(&chrono::Datelike::year(&d)) => Some(d),
        Ok(_) => {
            errors.add(field, format!("The {label} must be between 2000 and 2100."));
            None
        }
        Err(_) => {
            errors.add(field, format!("Enter the {label} as YYYY-MM-DD."));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn good() -> CostInput {
        CostInput {
            category: "venue_training".into(),
            supplier: "Makerere University".into(),
            description: "Conference hall, three days".into(),
            incurred_on: "2026-11-03".into(),
            currency: "ugx".into(),
            amount: "1 250 000".into(),
            approval_reason: String::new(),
        }
    }

    #[test]
    fn a_foreign_cost_keeps_its_currency() {
        let c = good().validate().unwrap();
        assert_eq!(c.original.currency().code(), "UGX");
        assert_eq!(c.original.amount(), dec!(1250000));
        assert_eq!(c.category, Category::VenueAndTraining);
    }

    #[test]
    fn an_empty_currency_is_sek() {
        let c = CostInput {
            currency: String::new(),
            ..good()
        }
        .validate()
        .unwrap();
        assert_eq!(c.original.currency(), Currency::SEK);
    }

    #[test]
    fn every_problem_is_named_by_its_field() {
        let e = CostInput {
            category: "travel".into(),
            supplier: " ".into(),
            description: String::new(),
            incurred_on: "03/11/2026".into(),
            currency: "dollars".into(),
            amount: "-3".into(),
            approval_reason: String::new(),
        }
        .validate()
        .unwrap_err();
        for f in [
            "category",
            "supplier",
            "description",
            "incurred_on",
            "currency",
        ] {
            assert!(e.for_field(f).is_some(), "{f}");
        }
        let e = CostInput {
            amount: "0".into(),
            ..good()
        }
        .validate()
        .unwrap_err();
        assert!(e.for_field("amount").is_some());
    }

    #[test]
    fn a_payment_needs_a_date_and_a_voucher() {
        let e = PaymentInput {
            paid_on: "x".into(),
            voucher: "".into(),
        }
        .validate()
        .unwrap_err();
        assert!(e.for_field("paid_on").is_some() && e.for_field("voucher").is_some());
        let p = PaymentInput {
            paid_on: "2026-11-20".into(),
            voucher: " V-1042 ".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(p.voucher, "V-1042");
    }
}
