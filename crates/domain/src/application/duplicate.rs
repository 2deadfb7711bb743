//! A second application by the same organisation to the same call: a possible duplicate, for a
//! manager to look at (it may be a resubmission after a withdrawal, or two departments of one
//! municipality). The same organisation is the same country and the same name as stored
//! (names are stored trimmed), so the list finds them through its organisation index.

use std::collections::HashMap;

/// One application as the rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Applicant<'a> {
    pub id: i32,
    pub organisation: &'a str,
    pub country: &'a str,
}

fn key<'a>(a: &Applicant<'a>) -> Option<(&'a str, &'a str)> {
    let name = a.organisation.trim();
    (!name.is_empty()).then_some((name, a.country.trim()))
}

/// For each application with a possible duplicate among `applications`, the other ones, in id
/// order. An application without an organisation name duplicates nothing.
pub fn possible_duplicates(applications: &[Applicant<'_>]) -> HashMap<i32, Vec<i32>> {
    let mut groups: HashMap<(&str, &str), Vec<i32>> = HashMap::new();
    for a in applications {
        if let Some(k) = key(a) {
            groups.entry(k).or_default().push(a.id);
        }
    }
    let mut others = HashMap::new();
    for ids in groups.values_mut().filter(|ids| ids.len() > 1) {
        ids.sort_unstable();
        ids.dedup();
        for &id in ids.iter() {
            others.insert(id, ids.iter().copied().filter(|o| *o != id).collect());
        }
    }
    others.retain(|_, v: &mut Vec<i32>| !v.is_empty());
    others
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn app(id: i32, organisation: &'static str, country: &'static str) -> Applicant<'static> {
        Applicant {
            id,
            organisation,
            country,
        }
    }

    #[test]
    fn the_same_name_in_the_same_country_is_a_possible_duplicate() {
        let found = possible_duplicates(&[
            app(1, "Jinja City Council", "UG"),
            app(2, "Jinja City Council", "UG"),
            app(3, "Jinja City Council", "KE"),
            app(4, "Gulu City", "UG"),
            app(5, "", "UG"),
            app(6, "", "UG"),
        ]);
        assert_eq!(found.get(&1), Some(&vec![2]));
        assert_eq!(found.get(&2), Some(&vec![1]));
        assert_eq!(
            found.len(),
            2,
            "another country, another name, no name: none"
        );
    }

    proptest! {
        #[test]
        fn being_a_duplicate_is_mutual_and_never_of_oneself(
            names in prop::collection::vec((0..4usize, 0..2usize), 0..20)
        ) {
            const NAMES: [&str; 4] = ["A", "B", "C", " "];
            const COUNTRIES: [&str; 2] = ["UG", "KE"];
            let apps: Vec<Applicant<'_>> = names
                .iter()
                .enumerate()
                .map(|(i, (n, c))| Applicant { id: i as i32, organisation: NAMES[*n], country: COUNTRIES[*c] })
                .collect();
            let found = possible_duplicates(&apps);
            for (id, others) in &found {
                prop_assert!(!others.contains(id));
                for o in others {
                    prop_assert!(found[o].contains(id));
                }
            }
        }
    }
}
