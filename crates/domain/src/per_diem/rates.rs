//! Rate tables for the Skatteverket policy: the domestic maximum amount per year and the foreign
//! normalbelopp per year and country, with each year's "Övriga länder och områden" (other
//! countries and areas) for countries without a row of their own.

use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::PerDiemError;
use super::skatteverket::{ForeignRateRow, parse_open_data};
use crate::country::{CountryCode, UnknownCountry};

/// Skatteverket's domestic maximum amounts (maximibelopp), SEK a day: 0.5 % of the year's price
/// base amount rounded to the nearest 10 SEK (the contract; Inkomstskattelagen 12 kap. 10 §).
pub const SHIPPED_DOMESTIC_MAXIMUMS: [(i32, i64); 5] = [
    (2020, 240),
    (2023, 260),
    (2024, 290),
    (2025, 290),
    (2026, 300),
];

/// Skatteverket's normalbelopp for 2024 as its open data publishes them (SKV A 2023:18).
pub const SHIPPED_NORMALBELOPP_2024: &str =
    include_str!("../../data/skatteverket-normalbelopp-2024.json");

/// What a foreign rate row covers: one country, or the year's other countries and areas.
/// Serialises as the country code, or `"other"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RateArea {
    Country(CountryCode),
    /// Skatteverket's "Övriga länder och områden".
    OtherCountries,
}

impl RateArea {
    pub const OTHER: &'static str = "other";

    pub fn parse(text: &str) -> Result<RateArea, UnknownCountry> {
        if text.trim().eq_ignore_ascii_case(Self::OTHER) {
            Ok(RateArea::OtherCountries)
        } else {
            CountryCode::parse(text).map(RateArea::Country)
        }
    }

    pub fn as_str(&self) -> &'static str {
        match self {
            RateArea::Country(code) => code.as_str(),
            RateArea::OtherCountries => Self::OTHER,
        }
    }

    /// For display: the English country name, or "other countries and areas".
    pub fn name(&self) -> &'static str {
        match self {
            RateArea::Country(code) => code.name(),
            RateArea::OtherCountries => "other countries and areas",
        }
    }
}

impl fmt::Display for RateArea {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for RateArea {
    type Err = UnknownCountry;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RateArea::parse(s)
    }
}

impl Serialize for RateArea {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for RateArea {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        RateArea::parse(&s).map_err(serde::de::Error::custom)
    }
}

/// A foreign normalbelopp, SEK a full day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignRate {
    pub amount: Decimal,
    /// Set when Skatteverket's row referred to another ("Grönland: Se Danmark").
    pub via: Option<RateArea>,
}

/// Where a day's full rate came from: printed on the statement and kept with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum RateSource {
    /// Skatteverket's domestic maximum amount of the year (the day is in Sweden).
    DomesticMaximum { year: i32 },
    /// The country's own normalbelopp of the year, possibly by a reference to another row.
    Normalbelopp { year: i32, via: Option<RateArea> },
    /// The country has no row of its own: the year's "Övriga länder och områden".
    OtherCountries { year: i32 },
    /// The programme policy version valid from this date has a rate for the country.
    Programme { valid_from: NaiveDate },
    /// The programme policy version valid from this date pays nothing in the country.
    NoProgrammeRate { valid_from: NaiveDate },
}

#[derive(Debug, Clone, Default, PartialEq)]
struct ForeignYear {
    countries: HashMap<CountryCode, ForeignRate>,
    other: Option<ForeignRate>,
}

impl ForeignYear {
    fn get(&self, area: RateArea) -> Option<&ForeignRate> {
        match area {
            RateArea::Country(code) => self.countries.get(&code),
            RateArea::OtherCountries => self.other.as_ref(),
        }
    }

    fn set(&mut self, area: RateArea, rate: ForeignRate) {
        match area {
            RateArea::Country(code) => {
                self.countries.insert(code, rate);
            }
            RateArea::OtherCountries => self.other = Some(rate),
        }
    }
}

/// The Skatteverket policy's rates. The caller loads it (from the database) and passes it in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RateTable {
    domestic: BTreeMap<i32, Decimal>,
    foreign: BTreeMap<i32, ForeignYear>,
}

impl RateTable {
    /// An empty table: no year has any rate.
    pub fn new() -> RateTable {
        RateTable::default()
    }

    /// The domestic maximum amounts of [`SHIPPED_DOMESTIC_MAXIMUMS`] and Skatteverket's 2024
    /// normalbelopp list, as the application ships them.
    pub fn with_shipped_defaults() -> RateTable {
        static SHIPPED: OnceLock<RateTable> = OnceLock::new();
        SHIPPED
            .get_or_init(|| {
                let mut table = RateTable::new();
                for (year, amount) in SHIPPED_DOMESTIC_MAXIMUMS {
                    table.set_domestic_maximum(year, Decimal::from(amount));
                }
                // A test parses the shipped file, so this cannot fail at run time.
                let rows = parse_open_data(SHIPPED_NORMALBELOPP_2024)
                    .expect("the shipped 2024 normalbelopp file is valid");
                table.replace_foreign_years(rows);
                table
            })
            .clone()
    }

    pub fn set_domestic_maximum(&mut self, year: i32, amount: Decimal) {
        self.domestic.insert(year, amount);
    }

    pub fn domestic_maximum(&self, year: i32) -> Option<Decimal> {
        self.domestic.get(&year).copied()
    }

    /// Every domestic maximum amount, by year.
    pub fn domestic_maximums(&self) -> impl Iterator<Item = (i32, Decimal)> + '_ {
        self.domestic.iter().map(|(y, a)| (*y, *a))
    }

    /// Sets one foreign rate, leaving the rest of the year alone (for loading a stored table).
    pub fn set_foreign_rate(&mut self, year: i32, area: RateArea, rate: ForeignRate) {
        self.foreign.entry(year).or_default().set(area, rate);
    }

    pub fn foreign_rate(&self, year: i32, area: RateArea) -> Option<ForeignRate> {
        self.foreign.get(&year)?.get(area).copied()
    }

    /// Every foreign rate, sorted by year, then country code, the catch-all last.
    pub fn foreign_rates(&self) -> Vec<(i32, RateArea, ForeignRate)> {
        let mut all: Vec<(i32, RateArea, ForeignRate)> = Vec::new();
        for (year, table) in &self.foreign {
            let start = all.len();
            all.extend(
                table
                    .countries
                    .iter()
                    .map(|(c, r)| (*year, RateArea::Country(*c), *r)),
            );
            all[start..].sort_by_key(|(_, area, _)| *area);
            all.extend(table.other.map(|r| (*year, RateArea::OtherCountries, r)));
        }
        all
    }

    /// The years that have a foreign table.
    pub fn foreign_years(&self) -> impl Iterator<Item = i32> + '_ {
        self.foreign.keys().copied()
    }

    /// Imports rows as Skatteverket publishes them: the whole foreign table of every year the
    /// rows hold is replaced (its lists are complete, so no stale row may linger); other years
    /// and the domestic amounts stay. Returns the years replaced.
    pub fn replace_foreign_years(
        &mut self,
        rows: impl IntoIterator<Item = ForeignRateRow>,
    ) -> Vec<i32> {
        let mut fresh: BTreeMap<i32, ForeignYear> = BTreeMap::new();
        for row in rows {
            let rate = ForeignRate {
                amount: row.amount,
                via: row.via,
            };
            fresh.entry(row.year).or_default().set(row.area, rate);
        }
        let years: Vec<i32> = fresh.keys().copied().collect();
        self.foreign.extend(fresh);
        years
    }

    /// Rule 4's full-day rate of a country in a year: the domestic maximum in Sweden, else the
    /// country's normalbelopp, else the year's other countries and areas.
    pub(crate) fn full_day_rate(
        &self,
        year: i32,
        country: CountryCode,
    ) -> Result<(RateSource, Decimal), PerDiemError> {
        if country.is_sweden() {
            return self
                .domestic_maximum(year)
                .map(|amount| (RateSource::DomesticMaximum { year }, amount))
                .ok_or(PerDiemError::MissingDomesticRate { year });
        }
        let table = self.foreign.get(&year);
        if let Some(rate) = table.and_then(|t| t.countries.get(&country)) {
            return Ok((
                RateSource::Normalbelopp {
                    year,
                    via: rate.via,
                },
                rate.amount,
            ));
        }
        table
            .and_then(|t| t.other)
            .map(|rate| (RateSource::OtherCountries { year }, rate.amount))
            .ok_or_else(|| PerDiemError::MissingForeignRate {
                country: country.to_string(),
                country_name: country.name().to_owned(),
                year,
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn code(c: &str) -> CountryCode {
        CountryCode::parse(c).unwrap()
    }

    fn row(year: i32, area: &str, amount: Decimal) -> ForeignRateRow {
        ForeignRateRow {
            year,
            area: RateArea::parse(area).unwrap(),
            amount,
            swedish_name: area.to_owned(),
            via: None,
        }
    }

    #[test]
    fn shipped_defaults_hold_the_contracts_figures() {
        let rates = RateTable::with_shipped_defaults();
        for (year, amount) in [
            (2020, dec!(240)),
            (2023, dec!(260)),
            (2024, dec!(290)),
            (2025, dec!(290)),
            (2026, dec!(300)),
        ] {
            assert_eq!(rates.domestic_maximum(year), Some(amount), "{year}");
        }
        for (c, amount) in [
            ("UG", dec!(422)),
            ("TZ", dec!(413)),
            ("KE", dec!(435)),
            ("ZM", dec!(425)),
            ("ZW", dec!(660)),
            ("ZA", dec!(318)),
            ("BW", dec!(407)),
            ("ID", dec!(488)),
        ] {
            assert_eq!(rates.full_day_rate(2024, code(c)).unwrap().1, amount, "{c}");
        }
        assert_eq!(
            rates
                .foreign_rate(2024, RateArea::OtherCountries)
                .unwrap()
                .amount,
            dec!(493)
        );
        assert_eq!(rates.foreign_years().collect::<Vec<_>>(), [2024]);
    }

    #[test]
    fn sweden_takes_the_domestic_maximum() {
        let rates = RateTable::with_shipped_defaults();
        let (source, amount) = rates.full_day_rate(2025, CountryCode::sweden()).unwrap();
        assert_eq!(source, RateSource::DomesticMaximum { year: 2025 });
        assert_eq!(amount, dec!(290));
        assert_eq!(
            rates
                .full_day_rate(2021, CountryCode::sweden())
                .unwrap_err()
                .to_string(),
            "no domestic maximum amount for 2021: add the year's amount to the rate table"
        );
    }

    #[test]
    fn country_without_a_row_takes_other_countries() {
        let rates = RateTable::with_shipped_defaults();
        // Namibia has no row of its own on the 2024 list.
        let (source, amount) = rates.full_day_rate(2024, code("NA")).unwrap();
        assert_eq!(source, RateSource::OtherCountries { year: 2024 });
        assert_eq!(amount, dec!(493));
    }

    #[test]
    fn reference_rows_resolve_within_the_year() {
        let rates = RateTable::with_shipped_defaults();
        let (source, amount) = rates.full_day_rate(2024, code("GL")).unwrap();
        assert_eq!(amount, dec!(1274));
        assert_eq!(
            source,
            RateSource::Normalbelopp {
                year: 2024,
                via: Some(RateArea::Country(code("DK")))
            }
        );
    }

    #[test]
    fn year_without_any_foreign_table_is_an_error_naming_country_and_year() {
        let rates = RateTable::with_shipped_defaults();
        assert_eq!(
            rates
                .full_day_rate(2025, code("UG"))
                .unwrap_err()
                .to_string(),
            "no normalbelopp for Uganda (UG) in 2025, and no \"Övriga länder och områden\" row for 2025: import Skatteverket's list for 2025"
        );
    }

    #[test]
    fn import_replaces_whole_years_and_leaves_others_alone() {
        let mut rates = RateTable::new();
        rates.set_domestic_maximum(2024, dec!(290));
        rates.replace_foreign_years(vec![
            row(2023, "UG", dec!(400)),
            row(2024, "UG", dec!(422)),
            row(2024, "KE", dec!(435)),
        ]);
        let years = rates.replace_foreign_years(vec![
            row(2024, "UG", dec!(430)),
            row(2024, "other", dec!(493)),
        ]);
        assert_eq!(years, [2024]);
        assert_eq!(
            rates
                .foreign_rate(2024, RateArea::parse("UG").unwrap())
                .unwrap()
                .amount,
            dec!(430)
        );
        assert_eq!(
            rates.foreign_rate(2024, RateArea::parse("KE").unwrap()),
            None,
            "no stale row"
        );
        assert_eq!(
            rates
                .foreign_rate(2023, RateArea::parse("UG").unwrap())
                .unwrap()
                .amount,
            dec!(400)
        );
        assert_eq!(rates.domestic_maximum(2024), Some(dec!(290)));
        assert_eq!(rates.foreign_rates().len(), 3);
    }

    #[test]
    fn rate_area_reads_and_writes_codes_and_other() {
        assert_eq!(RateArea::parse("other").unwrap(), RateArea::OtherCountries);
        assert_eq!(
            serde_json::to_string(&RateArea::parse("ug").unwrap()).unwrap(),
            "\"UG\""
        );
        assert_eq!(
            serde_json::from_str::<RateArea>("\"OTHER\"").unwrap(),
            RateArea::OtherCountries
        );
        assert!(RateArea::parse("Atlantis").is_err());
    }
}
