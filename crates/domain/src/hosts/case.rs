//! The case of `itp hosts match`: the matching contract's JSON in, the suggestion as JSON out.
//! Bad input is refused with one line that says what is wrong; nothing is guessed.

use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::{Value, json};

use super::matching::{HostOffer, Suggestion, TeamNeed, suggest};
use crate::phase::DateSpan;

/// Bounds that keep one case's work small (the solver is cubic): far above a real cohort of
/// about 25 teams and 20 hosts.
pub const MAX_TEAMS: usize = 200;
pub const MAX_HOSTS: usize = 200;
pub const MAX_SLOTS_PER_HOST: u32 = 10;
const MAX_LIST: usize = 50;
const MAX_TEXT: usize = 200;

/// What is wrong with a case, in one line.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct CaseError(pub String);

fn bad<T>(message: impl Into<String>) -> Result<T, CaseError> {
    Err(CaseError(message.into()))
}

/// A checked case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchCase {
    pub window: DateSpan,
    pub teams: Vec<TeamNeed>,
    pub hosts: Vec<HostOffer>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SpanJson {
    from: NaiveDate,
    to: NaiveDate,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CaseJson {
    window: SpanJson,
    teams: Vec<TeamJson>,
    hosts: Vec<HostJson>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TeamJson {
    #[serde(rename = "ref")]
    reference: String,
    size: i64,
    #[serde(default)]
    themes: Vec<String>,
    #[serde(default)]
    languages: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HostJson {
    code: String,
    #[serde(default)]
    themes: Vec<String>,
    #[serde(default)]
    languages: Vec<String>,
    max_visitors: i64,
    #[serde(default = "one")]
    teams: i64,
    periods: Vec<SpanJson>,
}

fn one() -> i64 {
    1
}

fn span(s: &SpanJson, what: &str) -> Result<DateSpan, CaseError> {
    DateSpan::new(s.from, s.to).map_or_else(
        || {
            bad(format!(
                "{what} ends ({}) before it starts ({})",
                s.to, s.from
            ))
        },
        Ok,
    )
}

fn name(value: &str, what: &str) -> Result<String, CaseError> {
    let v = value.trim();
    if v.is_empty() {
        return bad(format!("{what} is empty"));
    }
    if v.chars().count() > MAX_TEXT || v.chars().any(char::is_control) {
        return bad(format!(
            "{what} is longer than {MAX_TEXT} characters or has control characters"
        ));
    }
    Ok(v.to_owned())
}

fn list(values: &[String], what: &str) -> Result<BTreeSet<String>, CaseError> {
    if values.len() > MAX_LIST {
        return bad(format!("{what} has more than {MAX_LIST} entries"));
    }
    // Themes and languages compare as people write them, without regard to case.
    values
        .iter()
        .map(|v| name(v, what).map(|n| n.to_lowercase()))
        .collect()
}

fn count(value: i64, what: &str, min: i64, max: i64) -> Result<u32, CaseError> {
    if value < min {
        return bad(format!("{what} is {value}; it must be at least {min}"));
    }
    if value > max {
        return bad(format!("{what} is {value}; it must be at most {max}"));
    }
    u32::try_from(value).or_else(|_| bad(format!("{what} is out of range")))
}

impl MatchCase {
    pub fn from_json(text: &str) -> Result<MatchCase, CaseError> {
        let raw: CaseJson = serde_json::from_str(text)
            .map_err(|e| CaseError(format!("the case is not valid: {e}")))?;
        let window = span(&raw.window, "the window")?;
        if raw.teams.len() > MAX_TEAMS || raw.hosts.len() > MAX_HOSTS {
            return bad(format!(
                "a case has at most {MAX_TEAMS} teams and {MAX_HOSTS} hosts"
            ));
        }
        let mut seen = HashSet::new();
        let mut teams = Vec::new();
        for t in &raw.teams {
            let reference = name(&t.reference, "a team's ref")?;
            if !seen.insert(reference.clone()) {
                return bad(format!("team {reference} is listed twice"));
            }
            teams.push(TeamNeed {
                size: count(t.size, &format!("the size of team {reference}"), 1, 1000)?,
                themes: list(&t.themes, &format!("the themes of team {reference}"))?,
                languages: list(&t.languages, &format!("the languages of team {reference}"))?,
                reference,
            });
        }
        let mut seen = HashSet::new();
        let mut hosts = Vec::new();
        for h in &raw.hosts {
            let code = name(&h.code, "a host's code")?;
            if !seen.insert(code.clone()) {
                return bad(format!("host {code} is listed twice"));
            }
            if h.periods.len() > MAX_LIST {
                return bad(format!("host {code} has more than {MAX_LIST} periods"));
            }
            let periods = h
                .periods
                .iter()
                .map(|p| span(p, &format!("a period of host {code}")))
                .collect::<Result<Vec<_>, _>>()?;
            hosts.push(HostOffer {
                themes: list(&h.themes, &format!("the themes of host {code}"))?,
                languages: list(&h.languages, &format!("the languages of host {code}"))?,
                max_visitors: count(
                    h.max_visitors,
                    &format!("max_visitors of host {code}"),
                    1,
                    1000,
                )?,
                teams: count(
                    h.teams,
                    &format!("teams of host {code}"),
                    0,
                    i64::from(MAX_SLOTS_PER_HOST),
                )?,
                periods,
                code,
            });
        }
        Ok(MatchCase {
            window,
            teams,
            hosts,
        })
    }

    pub fn suggest(&self) -> Suggestion {
        suggest(self.window, &self.teams, &self.hosts)
    }
}

impl Suggestion {
    /// The contract's output: assignments and unassigned teams in the order of the teams.
    pub fn to_json(&self) -> Value {
        json!({
            "assignments": self.assignments.iter().map(|p| json!({
                "team": p.team,
                "host": p.host,
                "fit": p.fit,
            })).collect::<Vec<_>>(),
            "unassigned": self.unassigned,
            "total_fit": self.total_fit,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONTRACT: &str = r#"{
      "window": {"from": "2027-12-28", "to": "2027-12-29"},
      "teams": [{"ref": "MF-27-001", "size": 3, "themes": ["municipal finance", "climate"], "languages": ["en"]}],
      "hosts": [{"code": "0980", "themes": ["climate", "gender equality"], "languages": ["en", "sv"],
                 "max_visitors": 4, "teams": 1, "periods": [{"from": "2027-12-01", "to": "2028-01-15"}]}]
    }"#;

    #[test]
    fn the_contract_example_gives_the_contract_output() {
        let case = MatchCase::from_json(CONTRACT).unwrap();
        assert_eq!(
            case.suggest().to_json(),
            json!({"assignments": [{"team": "MF-27-001", "host": "0980", "fit": 3}], "unassigned": [], "total_fit": 3})
        );
    }

    #[test]
    fn bad_cases_are_refused_with_one_line() {
        let cases = [
            ("{", "not valid"),
            (
                r#"{"window": {"from": "2027-12-29", "to": "2027-12-28"}, "teams": [], "hosts": []}"#,
                "the window ends",
            ),
            (
                &CONTRACT.replace("\"2028-01-15\"", "\"2027-11-15\""),
                "a period of host 0980 ends",
            ),
            (
                &CONTRACT.replace("\"size\": 3", "\"size\": 0"),
                "at least 1",
            ),
            (
                &CONTRACT.replace("\"max_visitors\": 4", "\"max_visitors\": 0"),
                "at least 1",
            ),
            (
                &CONTRACT.replace("\"teams\": 1", "\"teams\": 11"),
                "at most 10",
            ),
            (
                &CONTRACT.replace("\"size\": 3", "\"size\": 3, \"colour\": 1"),
                "unknown field",
            ),
            (
                &CONTRACT.replace(
                    r#""teams": [{"ref": "MF-27-001""#,
                    r#""teams": [{"ref": "MF-27-001", "size": 1}, {"ref": "MF-27-001""#,
                ),
                "listed twice",
            ),
            (
                &CONTRACT.replace(
                    "\"hosts\": [",
                    "\"hosts\": [{\"code\": \"0980\", \"max_visitors\": 1, \"periods\": []},",
                ),
                "host 0980 is listed twice",
            ),
        ];
        for (text, expected) in cases {
            let e = MatchCase::from_json(text).unwrap_err().to_string();
            assert!(e.contains(expected), "{e} for {text}");
            assert!(!e.contains('\n'), "one line: {e}");
        }
    }

    #[test]
    fn teams_default_to_one_and_names_compare_without_case() {
        let case = MatchCase::from_json(
            &CONTRACT
                .replace("\"teams\": 1,", "")
                .replace("\"climate\", \"gender", "\"Climate\", \"gender"),
        )
        .unwrap();
        assert_eq!(case.hosts[0].teams, 1);
        assert_eq!(case.suggest().total_fit, 3);
    }
}
