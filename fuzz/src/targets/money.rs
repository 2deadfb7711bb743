//! Amounts typed by people (`Money::parse`): `1 234,50`, `1234.50`, `-12`.

use itp_domain::money::{Currency, Money};
use proptest::prelude::*;

use crate::Target;
use crate::mutate::text_from;

const PARTS: &[&str] = &[
    "0",
    "1",
    "12",
    "422",
    "1 274",
    "1\u{a0}274",
    "1\u{202f}274",
    ",",
    ".",
    "50",
    "-",
    "+",
    "e",
    "E5",
    " ",
    "kr",
    "SEK",
    "99999999999999999999",
    "0000",
];

fn check(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for currency in [Currency::SEK, Currency::parse("EUR").expect("EUR")] {
        let Ok(money) = Money::parse(text, currency) else {
            continue;
        };
        let minor = money
            .to_minor_units()
            .expect("an accepted amount fits in minor units");
        assert_eq!(
            Money::from_minor_units(minor, currency).amount(),
            money.amount(),
            "minor units must give back the amount of {text:?}"
        );
        let again = Money::parse(&money.plain(), currency).unwrap_or_else(|e| {
            panic!(
                "{:?} (from {text:?}) does not parse again: {e}",
                money.plain()
            )
        });
        assert_eq!(again.amount(), money.amount());
        let shown = money.to_string();
        assert!(shown.ends_with(currency.code()), "{shown}");
    }
    let _ = Currency::parse(text);
}

fn generate() -> BoxedStrategy<Vec<u8>> {
    proptest::collection::vec(text_from(PARTS), 1..6)
        .prop_map(|parts| parts.concat().into_bytes())
        .boxed()
}

pub fn target() -> Target {
    Target {
        name: "money",
        check,
        dictionary: PARTS,
        generator: generate,
    }
}
