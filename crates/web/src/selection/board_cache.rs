//! The computed board, kept per cohort and view while the data version stands.
//!
//! Computing the board reads every eligible team and every score of the cohort's submitted
//! reviews (30,000 rows for 2,000 applications with three reviews each) and runs calibration,
//! ranking and the proposal. Nothing of it changes unless a unit of work commits, and every
//! commit raises the data version (`itp_persistence::data_version`), so a board computed at
//! version N is the board for as long as the version is N, on this instance and on every other
//! one. Writes never read from here: an operation computes the board afresh inside its own
//! transaction.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use itp_domain::Code;
use itp_domain::selection::Aggregation;
use itp_persistence::ConnectionTrait;
use itp_persistence::cohort::StoredCohort;

use super::board::{BoardQuery, Computed, compute};
use crate::error::Result;

/// How many computed boards an instance keeps: a few cohorts in selection, each in its views
/// (calibrated or not, mean or median). A board of 2,000 teams is a few megabytes.
const KEPT: usize = 16;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key {
    cohort_id: i32,
    calibrated: bool,
    aggregation: &'static str,
}

impl Key {
    fn of(cohort_id: i32, q: &BoardQuery) -> Key {
        Key {
            cohort_id,
            calibrated: q.calibrate == "1",
            aggregation: itp_domain::code::parse::<Aggregation>(&q.aggregation)
                .unwrap_or_default()
                .code(),
        }
    }
}

#[derive(Default)]
pub struct BoardCache {
    kept: Kept<Computed>,
}

impl BoardCache {
    /// The board for the cohort and view, computed again only if anything committed since.
    pub async fn get<C: ConnectionTrait>(
        &self,
        conn: &C,
        cohort: &StoredCohort,
        q: &BoardQuery,
    ) -> Result<Arc<Computed>> {
        // The version is read before the rows: a change that commits while the board is
        // computed raises it past the one recorded here, so the next request computes again.
        let version = itp_persistence::data_version::current(conn).await?;
        let key = Key::of(cohort.id, q);
        if let Some(board) = self.kept.at(&key, version) {
            return Ok(board);
        }
        let board = Arc::new(compute(conn, cohort, q).await?);
        self.kept.keep(key, version, board.clone());
        Ok(board)
    }
}

/// Values by key, each with the version it was computed at.
struct Kept<T> {
    kept: Mutex<HashMap<Key, (i64, Arc<T>)>>,
}

impl<T> Default for Kept<T> {
    fn default() -> Self {
        Kept {
            kept: Mutex::new(HashMap::new()),
        }
    }
}

impl<T> Kept<T> {
    fn at(&self, key: &Key, version: i64) -> Option<Arc<T>> {
        let kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        kept.get(key)
            .filter(|(at, _)| *at == version)
            .map(|(_, board)| board.clone())
    }

    fn keep(&self, key: Key, version: i64, board: Arc<T>) {
        let mut kept = self.kept.lock().unwrap_or_else(|p| p.into_inner());
        // Boards of an older version are never read again.
        kept.retain(|_, (at, _)| *at >= version);
        if kept.len() >= KEPT {
            kept.clear();
        }
        kept.insert(key, (version, board));
    }

    /// How many boards are kept (for tests).
    #[cfg(test)]
    fn len(&self) -> usize {
        self.kept.lock().map(|k| k.len()).unwrap_or(0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn views_of_one_cohort_are_told_apart_and_an_unknown_aggregation_is_the_default() {
        let q = |c: &str, a: &str| BoardQuery {
            calibrate: c.into(),
            aggregation: a.into(),
            ..Default::default()
        };
        assert_eq!(Key::of(1, &q("", "")), Key::of(1, &q("0", "nonsense")));
        assert_ne!(Key::of(1, &q("1", "")), Key::of(1, &q("", "")));
        assert_ne!(Key::of(1, &q("", "")), Key::of(2, &q("", "")));
        let median = Aggregation::ALL
            .iter()
            .find(|a| **a != Aggregation::default())
            .unwrap()
            .code();
        assert_ne!(Key::of(1, &q("", median)), Key::of(1, &q("", "")));
    }

    #[test]
    fn a_newer_version_drops_the_older_boards_and_the_count_stays_bounded() {
        let cache = Kept::<u32>::default();
        let key = |id| Key {
            cohort_id: id,
            calibrated: false,
            aggregation: "mean",
        };
        let board = || Arc::new(7);
        cache.keep(key(1), 1, board());
        cache.keep(key(2), 1, board());
        assert!(cache.at(&key(1), 1).is_some());
        assert!(
            cache.at(&key(1), 2).is_none(),
            "a stale board is not served"
        );
        cache.keep(key(3), 2, board());
        assert_eq!(cache.len(), 1, "boards of version 1 are gone");
        for id in 0..(KEPT as i32 * 3) {
            cache.keep(key(id), 2, board());
            assert!(cache.len() <= KEPT);
        }
    }
}
