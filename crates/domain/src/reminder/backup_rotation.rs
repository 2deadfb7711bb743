//! Rotation of the nightly backups: the newest [`KEEP_BACKUPS`] stay, older ones go.

/// How many nightly backups are kept.
pub const KEEP_BACKUPS: usize = 14;

/// The names among `names` to delete so that the newest `keep` remain. Backup names carry their
/// time as `YYYYMMDD-HHMMSS`, so the newest sort last.
pub fn to_remove(names: &[String], keep: usize) -> Vec<String> {
    let mut sorted: Vec<&String> = names.iter().collect();
    sorted.sort();
    sorted.dedup();
    let excess = sorted.len().saturating_sub(keep);
    sorted.into_iter().take(excess).cloned().collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn name(day: u32) -> String {
        format!("itp-202612{day:02}-020000.sqlite")
    }

    #[test]
    fn the_oldest_go_and_the_newest_fourteen_stay() {
        let names: Vec<String> = (1..=16).rev().map(name).collect();
        assert_eq!(to_remove(&names, KEEP_BACKUPS), vec![name(1), name(2)]);
        assert!(to_remove(&names[..14], KEEP_BACKUPS).is_empty());
    }

    proptest! {
        #[test]
        fn exactly_the_newest_keep_remain(days in proptest::collection::btree_set(1u32..=31, 0..31), keep in 0usize..20) {
            let names: Vec<String> = days.iter().map(|d| name(*d)).collect();
            let removed = to_remove(&names, keep);
            let kept: Vec<&String> = names.iter().filter(|n| !removed.contains(n)).collect();
            prop_assert_eq!(kept.len(), names.len().min(keep));
            for r in &removed {
                for k in &kept {
                    prop_assert!(r < *k, "{} removed though older than kept {}", r, k);
                }
            }
        }
    }
}
