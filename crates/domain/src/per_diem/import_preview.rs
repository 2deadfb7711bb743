//! What importing Skatteverket's rows would change against the current table, per year and per
//! country: for the preview finance confirms, and for the report of an import.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::rates::{RateArea, RateTable};
use super::skatteverket::ForeignRateRow;

/// One difference that an import would make.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignRateChange {
    pub year: i32,
    pub area: RateArea,
    /// `None`: the import adds the row.
    pub before: Option<Decimal>,
    /// `None`: the import removes the row (the year's new list no longer has it).
    pub after: Option<Decimal>,
}

/// What importing a set of rows would change, for a preview before the import.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ForeignImportPreview {
    /// The years whose foreign table the import replaces.
    pub years: Vec<i32>,
    pub changes: Vec<ForeignRateChange>,
    /// Rows the import leaves as they are.
    pub unchanged: usize,
    /// The same, per year.
    pub unchanged_by_year: BTreeMap<i32, usize>,
}

/// An import's differences in one year, counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearCounts {
    pub year: i32,
    pub added: usize,
    pub changed: usize,
    pub removed: usize,
    pub unchanged: usize,
}

impl ForeignImportPreview {
    /// Added, changed, removed and unchanged rows, per year the import replaces.
    pub fn counts_by_year(&self) -> Vec<YearCounts> {
        self.years
            .iter()
            .map(|&year| {
                let mut counts = YearCounts {
                    year,
                    unchanged: self.unchanged_by_year.get(&year).copied().unwrap_or(0),
                    ..YearCounts::default()
                };
                for change in self.changes_in(year) {
                    match (change.before, change.after) {
                        (None, _) => counts.added += 1,
                        (_, None) => counts.removed += 1,
                        _ => counts.changed += 1,
                    }
                }
                counts
            })
            .collect()
    }

    /// The changes of one year.
    pub fn changes_in(&self, year: i32) -> impl Iterator<Item = &ForeignRateChange> {
        self.changes.iter().filter(move |c| c.year == year)
    }
}

impl RateTable {
    /// What [`RateTable::replace_foreign_years`] would change, without changing anything.
    pub fn preview_foreign_import(&self, rows: &[ForeignRateRow]) -> ForeignImportPreview {
        let mut incoming = RateTable::new();
        let years = incoming.replace_foreign_years(rows.iter().cloned());
        let mut preview = ForeignImportPreview {
            years: years.clone(),
            ..ForeignImportPreview::default()
        };
        let current = self.foreign_rates();
        let fresh = incoming.foreign_rates();
        for year in years {
            let areas: BTreeSet<RateArea> = current
                .iter()
                .chain(fresh.iter())
                .filter(|(y, _, _)| *y == year)
                .map(|(_, area, _)| *area)
                .collect();
            for area in areas {
                let before = self.foreign_rate(year, area).map(|r| r.amount);
                let after = incoming.foreign_rate(year, area).map(|r| r.amount);
                if before == after {
                    preview.unchanged += 1;
                    *preview.unchanged_by_year.entry(year).or_default() += 1;
                } else {
                    preview.changes.push(ForeignRateChange {
                        year,
                        area,
                        before,
                        after,
                    });
                }
            }
        }
        preview
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

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
    fn preview_lists_additions_changes_and_removals() {
        let mut rates = RateTable::new();
        rates.replace_foreign_years(vec![
            row(2024, "UG", dec!(422)),
            row(2024, "KE", dec!(435)),
            row(2024, "TZ", dec!(413)),
        ]);
        let preview = rates.preview_foreign_import(&[
            row(2024, "UG", dec!(430)),
            row(2024, "TZ", dec!(413)),
            row(2024, "other", dec!(493)),
        ]);
        assert_eq!(preview.years, [2024]);
        assert_eq!(preview.unchanged, 1);
        let ke = RateArea::parse("KE").unwrap();
        let ug = RateArea::parse("UG").unwrap();
        assert_eq!(
            preview.changes,
            [
                ForeignRateChange {
                    year: 2024,
                    area: ke,
                    before: Some(dec!(435)),
                    after: None
                },
                ForeignRateChange {
                    year: 2024,
                    area: ug,
                    before: Some(dec!(422)),
                    after: Some(dec!(430))
                },
                ForeignRateChange {
                    year: 2024,
                    area: RateArea::OtherCountries,
                    before: None,
                    after: Some(dec!(493))
                },
            ]
        );
        assert_eq!(
            rates.foreign_rate(2024, ug).unwrap().amount,
            dec!(422),
            "preview changes nothing"
        );
    }

    #[test]
    fn counts_are_kept_per_year() {
        let mut rates = RateTable::new();
        rates.replace_foreign_years(vec![
            row(2023, "UG", dec!(400)),
            row(2024, "UG", dec!(422)),
            row(2024, "KE", dec!(435)),
        ]);
        let preview = rates.preview_foreign_import(&[
            row(2023, "UG", dec!(400)),
            row(2023, "KE", dec!(420)),
            row(2024, "UG", dec!(430)),
            row(2025, "UG", dec!(440)),
        ]);
        let counts: Vec<(i32, usize, usize, usize, usize)> = preview
            .counts_by_year()
            .iter()
            .map(|c| (c.year, c.added, c.changed, c.removed, c.unchanged))
            .collect();
        assert_eq!(
            counts,
            [(2023, 1, 0, 0, 1), (2024, 0, 1, 1, 0), (2025, 1, 0, 0, 0)]
        );
        assert_eq!(preview.changes_in(2024).count(), 2);
    }
}
