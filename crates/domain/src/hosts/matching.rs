//! The matching suggestion of the contract (`matching.md`): as many teams as possible placed
//! with a host, and among those assignments the greatest total fit, where a pair's fit is
//! `2 × (themes in common) + (1 if they share a language)`.
//!
//! It is solved as an assignment problem with `pathfinding`'s Kuhn–Munkres: one row per team,
//! one column per slot (a host taking two teams has two), and one "no host" column per team so
//! that every team can stay unplaced. An allowed pair weighs `fit + B`, with `B` larger than any
//! total fit, so one more placed team always outweighs any gain in fit; a pair that is not
//! allowed weighs less than leaving every team unplaced, so it is never chosen. The solver is
//! deterministic, and rows and columns are built in the order of the input, so the same case
//! gives the same suggestion.

use std::collections::BTreeSet;

use pathfinding::kuhn_munkres::kuhn_munkres;
use pathfinding::matrix::Matrix;

use crate::phase::DateSpan;

/// A team as the matching sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamNeed {
    pub reference: String,
    /// Members travelling.
    pub size: u32,
    pub themes: BTreeSet<String>,
    pub languages: BTreeSet<String>,
}

/// A host as the matching sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HostOffer {
    pub code: String,
    pub themes: BTreeSet<String>,
    pub languages: BTreeSet<String>,
    /// The largest team it takes at once.
    pub max_visitors: u32,
    /// How many teams it takes in this window.
    pub teams: u32,
    /// When it can receive visitors.
    pub periods: Vec<DateSpan>,
}

/// Why a pair was suggested: what the team and host have in common.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Why {
    pub common_themes: Vec<String>,
    pub common_languages: Vec<String>,
}

impl Why {
    pub fn fit(&self) -> u32 {
        let themes = u32::try_from(self.common_themes.len()).unwrap_or(u32::MAX / 4);
        2 * themes + u32::from(!self.common_languages.is_empty())
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub team: String,
    pub host: String,
    pub fit: u32,
    pub why: Why,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    /// In the order of the teams.
    pub assignments: Vec<Pair>,
    /// Teams left without a host, in the order of the teams.
    pub unassigned: Vec<String>,
    pub total_fit: u32,
}

/// Whether the team may go to the host at all: it fits the host's largest group and one of the
/// host's periods covers the whole window.
pub fn allowed(window: DateSpan, team: &TeamNeed, host: &HostOffer) -> bool {
    team.size <= host.max_visitors && host.periods.iter().any(|p| p.contains(&window))
}

pub fn why(team: &TeamNeed, host: &HostOffer) -> Why {
    Why {
        common_themes: team.themes.intersection(&host.themes).cloned().collect(),
        common_languages: team
            .languages
            .intersection(&host.languages)
            .cloned()
            .collect(),
    }
}

/// The suggestion for the window: see the module's explanation.
pub fn suggest(window: DateSpan, teams: &[TeamNeed], hosts: &[HostOffer]) -> Suggestion {
    let n = teams.len();
    // One column per slot, no host offering more slots than there are teams.
    let slots: Vec<usize> = hosts
        .iter()
        .enumerate()
        .flat_map(|(h, host)| {
            let taken = usize::try_from(host.teams).unwrap_or(usize::MAX).min(n);
            std::iter::repeat_n(h, taken)
        })
        .collect();
    let best_fit = |t: &TeamNeed| 2 * t.themes.len() as i64 + 1;
    let bonus: i64 = teams.iter().map(best_fit).sum::<i64>() + 1;
    let top = bonus + teams.iter().map(best_fit).max().unwrap_or(0);
    // Below what leaving every team unplaced (0) gains over any assignment of the others.
    let forbidden = -(top * (n as i64 + 1));
    let columns = slots.len() + n;
    let mut weights = Vec::with_capacity(n * columns);
    let mut fits = Vec::with_capacity(n * slots.len());
    for team in teams {
        for &h in &slots {
            let host = &hosts[h];
            if allowed(window, team, host) {
                let w = why(team, host);
                weights.push(i64::from(w.fit()) + bonus);
                fits.push(Some(w));
            } else {
                weights.push(forbidden);
                fits.push(None);
            }
        }
        weights.extend(std::iter::repeat_n(0, n));
    }
    let mut assignments = Vec::new();
    let mut unassigned = Vec::new();
    if n > 0 {
        let matrix = Matrix::from_vec(n, columns, weights)
            .expect("the weight matrix has one row per team and one column per slot");
        let (_, columns_of) = kuhn_munkres(&matrix);
        for (t, column) in columns_of.into_iter().enumerate() {
            let placed = (column < slots.len())
                .then(|| fits[t * slots.len() + column].clone())
                .flatten();
            match placed {
                Some(why) => assignments.push(Pair {
                    team: teams[t].reference.clone(),
                    host: hosts[slots[column]].code.clone(),
                    fit: why.fit(),
                    why,
                }),
                None => unassigned.push(teams[t].reference.clone()),
            }
        }
    }
    let total_fit = assignments.iter().map(|p| p.fit).sum();
    Suggestion {
        assignments,
        unassigned,
        total_fit,
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use proptest::prelude::*;

    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, m, d).unwrap()
    }

    fn span(from: NaiveDate, to: NaiveDate) -> DateSpan {
        DateSpan::new(from, to).unwrap()
    }

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| (*s).to_owned()).collect()
    }

    fn team(r: &str, size: u32, themes: &[&str], languages: &[&str]) -> TeamNeed {
        TeamNeed {
            reference: r.into(),
            size,
            themes: set(themes),
            languages: set(languages),
        }
    }

    fn host(code: &str, max: u32, teams: u32, themes: &[&str], languages: &[&str]) -> HostOffer {
        HostOffer {
            code: code.into(),
            themes: set(themes),
            languages: set(languages),
            max_visitors: max,
            teams,
            periods: vec![span(day(12, 1), day(12, 31))],
        }
    }

    fn window() -> DateSpan {
        span(day(12, 28), day(12, 29))
    }

    fn placed(s: &Suggestion) -> Vec<(&str, &str)> {
        s.assignments
            .iter()
            .map(|p| (p.team.as_str(), p.host.as_str()))
            .collect()
    }

    #[test]
    fn the_worked_example_places_both_teams_rather_than_the_best_single_pair() {
        let teams = [
            team("A", 2, &["finance", "climate"], &["en"]),
            team("B", 4, &["climate"], &["en"]),
        ];
        let hosts = [
            host("X", 4, 1, &["climate"], &["en"]),
            host("Y", 2, 1, &["finance"], &["sv"]),
        ];
        let s = suggest(window(), &teams, &hosts);
        assert_eq!(placed(&s), vec![("A", "Y"), ("B", "X")]);
        assert_eq!(s.total_fit, 5);
        assert!(s.unassigned.is_empty());
        assert_eq!(s.assignments[0].why.common_themes, vec!["finance"]);
        assert!(s.assignments[0].why.common_languages.is_empty());
    }

    #[test]
    fn the_contract_example_fits_three() {
        let teams = [team(
            "MF-27-001",
            3,
            &["municipal finance", "climate"],
            &["en"],
        )];
        let mut h = host("0980", 4, 1, &["climate", "gender equality"], &["en", "sv"]);
        h.periods = vec![span(
            day(12, 1),
            NaiveDate::from_ymd_opt(2028, 1, 15).unwrap(),
        )];
        let s = suggest(window(), &teams, &[h]);
        assert_eq!(placed(&s), vec![("MF-27-001", "0980")]);
        assert_eq!(s.total_fit, 3);
    }

    #[test]
    fn a_host_with_two_slots_takes_two_teams_and_the_rest_wait() {
        // Hand-checked: A and B (size 3) can only go to H, which has two slots; C then goes to
        // G. A–H fits 2 + 1, B–H nothing, C–G 2 + 1: total 6.
        let teams = [
            team("A", 3, &["climate"], &["en"]),
            team("B", 3, &["finance"], &["fr"]),
            team("C", 2, &["gender"], &["en"]),
        ];
        let hosts = [
            host("H", 4, 2, &["climate", "gender"], &["en"]),
            host("G", 2, 1, &["gender"], &["en"]),
        ];
        let s = suggest(window(), &teams, &hosts);
        assert_eq!(placed(&s), vec![("A", "H"), ("B", "H"), ("C", "G")]);
        assert_eq!(s.total_fit, 6, "3 + 0 + 3");
    }

    #[test]
    fn a_host_outside_the_window_or_too_small_is_never_used() {
        let teams = [
            team("A", 5, &["climate"], &["en"]),
            team("B", 2, &["climate"], &["en"]),
        ];
        let mut late = host("L", 10, 1, &["climate"], &["en"]);
        late.periods = vec![span(day(12, 29), day(12, 31))];
        let small = host("S", 4, 1, &["climate"], &["en"]);
        let s = suggest(window(), &teams, &[late, small]);
        assert_eq!(placed(&s), vec![("B", "S")]);
        assert_eq!(s.unassigned, vec!["A"]);
    }

    #[test]
    fn a_pair_without_anything_in_common_is_better_than_no_visit() {
        let s = suggest(
            window(),
            &[team("A", 2, &["finance"], &["fr"])],
            &[host("X", 4, 1, &["climate"], &["sv"])],
        );
        assert_eq!(placed(&s), vec![("A", "X")]);
        assert_eq!(s.total_fit, 0);
    }

    #[test]
    fn no_teams_or_no_hosts_give_an_empty_suggestion() {
        let s = suggest(window(), &[], &[host("X", 4, 1, &[], &[])]);
        assert_eq!((s.assignments.len(), s.total_fit), (0, 0));
        let s = suggest(window(), &[team("A", 2, &[], &[])], &[]);
        assert_eq!(s.unassigned, vec!["A"]);
    }

    /// The best total by trying every assignment: for small cases only.
    fn brute_force(window: DateSpan, teams: &[TeamNeed], hosts: &[HostOffer]) -> (usize, u32) {
        fn go(
            i: usize,
            window: DateSpan,
            teams: &[TeamNeed],
            hosts: &[HostOffer],
            left: &mut Vec<u32>,
        ) -> (usize, u32) {
            if i == teams.len() {
                return (0, 0);
            }
            let mut best = go(i + 1, window, teams, hosts, left);
            for h in 0..hosts.len() {
                if left[h] > 0 && allowed(window, &teams[i], &hosts[h]) {
                    left[h] -= 1;
                    let (n, f) = go(i + 1, window, teams, hosts, left);
                    left[h] += 1;
                    best = best.max((n + 1, f + why(&teams[i], &hosts[h]).fit()));
                }
            }
            best
        }
        let mut left: Vec<u32> = hosts.iter().map(|h| h.teams).collect();
        go(0, window, teams, hosts, &mut left)
    }

    const THEMES: [&str; 4] = ["finance", "climate", "gender", "planning"];
    const LANGUAGES: [&str; 3] = ["en", "sv", "fr"];

    fn pick(mask: u8, from: &[&str]) -> BTreeSet<String> {
        from.iter()
            .enumerate()
            .filter(|(i, _)| mask & (1 << i) != 0)
            .map(|(_, s)| (*s).to_owned())
            .collect()
    }

    fn case() -> impl Strategy<Value = (Vec<TeamNeed>, Vec<HostOffer>)> {
        let t = (1u32..6, any::<u8>(), any::<u8>());
        let h = (
            1u32..6,
            0u32..3,
            any::<u8>(),
            any::<u8>(),
            20u32..28,
            0u32..4,
        );
        (
            proptest::collection::vec(t, 0..6),
            proptest::collection::vec(h, 0..5),
        )
            .prop_map(|(ts, hs)| {
                let teams = ts
                    .into_iter()
                    .enumerate()
                    .map(|(i, (size, th, la))| TeamNeed {
                        reference: format!("T{i}"),
                        size,
                        themes: pick(th, &THEMES),
                        languages: pick(la, &LANGUAGES),
                    })
                    .collect();
                let hosts = hs
                    .into_iter()
                    .enumerate()
                    .map(|(i, (max, teams, th, la, from, len))| HostOffer {
                        code: format!("H{i}"),
                        themes: pick(th, &THEMES),
                        languages: pick(la, &LANGUAGES),
                        max_visitors: max,
                        teams,
                        periods: vec![span(day(12, from), day(12, from + len))],
                    })
                    .collect();
                (teams, hosts)
            })
    }

    proptest! {
        #[test]
        fn the_suggestion_keeps_capacity_and_periods_and_is_optimal((teams, hosts) in case()) {
            let s = suggest(window(), &teams, &hosts);
            prop_assert_eq!(&s, &suggest(window(), &teams, &hosts), "deterministic");
            for h in &hosts {
                let taken = s.assignments.iter().filter(|p| p.host == h.code).count();
                prop_assert!(taken <= h.teams as usize, "{} over capacity", h.code);
            }
            for p in &s.assignments {
                let t = teams.iter().find(|t| t.reference == p.team).unwrap();
                let h = hosts.iter().find(|h| h.code == p.host).unwrap();
                prop_assert!(allowed(window(), t, h), "{} sent to {} outside its periods or size", p.team, p.host);
                prop_assert_eq!(p.fit, why(t, h).fit());
            }
            prop_assert_eq!(s.assignments.len() + s.unassigned.len(), teams.len());
            let best = brute_force(window(), &teams, &hosts);
            prop_assert_eq!((s.assignments.len(), s.total_fit), best);
        }
    }
}
