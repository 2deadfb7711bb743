//! Per diem in the web app and the `itp` command: Skatteverket's rate tables and their import
//! (finance and admin), the programmes' own per-diem policies, and per-diem statements that
//! programme managers prepare for their cohorts and finance approves and pays.

pub mod cli;
mod policy_routes;
mod policy_views;
mod rates_routes;
mod rates_views;
pub mod service;
mod statement_actions;
mod statement_form;
mod statement_routes;
mod statement_service;
mod statement_views;

use itp_domain::Money;
use itp_domain::country;
use maud::{Markup, html};
use rust_decimal::Decimal;

use crate::app::Routes;

pub fn routes(r: Routes) -> Routes {
    statement_routes::routes(policy_routes::routes(rates_routes::routes(r)))
}

/// `1,710.00 SEK`.
fn sek(amount: Decimal) -> String {
    Money::sek(amount).to_string()
}

/// `15 %`.
fn percent(p: Decimal) -> String {
    format!("{} %", p.normalize())
}

/// A submitted form as its name–value pairs, for forms whose fields are numbered rows.
pub(crate) struct Pairs(pub Vec<(String, String)>);

impl Pairs {
    /// The first value of a field, or empty.
    fn get(&self, name: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// How many numbered rows (`{prefix}1`, `{prefix}2`, …) the form sent; capped, so a crafted
    /// form cannot make us build a million rows.
    fn rows(&self, prefix: &str) -> usize {
        self.0
            .iter()
            .filter_map(|(k, _)| k.strip_prefix(prefix)?.parse::<usize>().ok())
            .filter(|n| *n <= MAX_ROWS)
            .max()
            .unwrap_or(0)
    }
}

const MAX_ROWS: usize = 60;

/// The countries for an input's suggestions: code and English name.
fn country_datalist() -> Markup {
    html! {
        datalist #countries {
            @for c in country::all() { option value=(c.code) { (c.name_en) } }
        }
    }
}
