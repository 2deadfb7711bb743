//! The official list of Sweden's 290 municipalities and 21 regions with their codes (SCB's
//! kommunkoder and the regions' county codes), shipped with the app so that a host picks itself
//! from it instead of typing its name.

use std::sync::OnceLock;

const LIST: &str = include_str!("../../data/sweden-municipalities-and-regions.csv");

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MunicipalityKind {
    Municipality,
    Region,
}

/// One row of the official list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Municipality {
    /// Four digits for a municipality (0980 Gotland), two for a region (09 Region Gotland).
    pub code: &'static str,
    pub name: &'static str,
    pub kind: MunicipalityKind,
    pub county: &'static str,
}

fn parse(text: &'static str) -> Vec<Municipality> {
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let cells: Vec<&'static str> = line.split(',').map(str::trim).collect();
            let [code, name, kind, _county_code, county] = cells[..] else {
                panic!("the shipped municipality list has a malformed line: {line}");
            };
            let kind = match kind {
                "region" => MunicipalityKind::Region,
                "municipality" => MunicipalityKind::Municipality,
                other => panic!("the shipped municipality list has an unknown kind: {other}"),
            };
            Municipality {
                code,
                name,
                kind,
                county,
            }
        })
        .collect()
}

/// Every municipality and region, regions first, as the list orders them.
pub fn official_list() -> &'static [Municipality] {
    static PARSED: OnceLock<Vec<Municipality>> = OnceLock::new();
    PARSED.get_or_init(|| parse(LIST))
}

pub fn by_code(code: &str) -> Option<&'static Municipality> {
    let code = code.trim();
    official_list().iter().find(|m| m.code == code)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn the_list_holds_290_municipalities_and_21_regions_with_unique_codes() {
        let list = official_list();
        let count = |kind| list.iter().filter(|m| m.kind == kind).count();
        assert_eq!(count(MunicipalityKind::Municipality), 290);
        assert_eq!(count(MunicipalityKind::Region), 21);
        let codes: BTreeSet<&str> = list.iter().map(|m| m.code).collect();
        assert_eq!(codes.len(), 311, "codes are unique");
        for m in list {
            let digits = match m.kind {
                MunicipalityKind::Municipality => 4,
                MunicipalityKind::Region => 2,
            };
            assert_eq!(m.code.len(), digits, "{m:?}");
            assert!(m.code.bytes().all(|b| b.is_ascii_digit()), "{m:?}");
            assert!(!m.name.is_empty() && !m.county.is_empty(), "{m:?}");
        }
    }

    #[test]
    fn codes_find_their_municipality() {
        assert_eq!(by_code("0980").map(|m| m.name), Some("Gotland"));
        assert_eq!(by_code(" 1880 ").map(|m| m.name), Some("Örebro"));
        assert_eq!(
            by_code("09").map(|m| m.kind),
            Some(MunicipalityKind::Region)
        );
        assert_eq!(by_code("9999"), None);
    }
}
