//! Counts written as English words: "1 minute", "2 minutes", "1 woman", "3 women". One place, so
//! no page writes "1 member(s)" or "2 drafts" for one draft.

/// `n` and the noun, the noun in its plural when `n` is not one.
pub fn count(n: impl Into<i64>, noun: &str) -> String {
    let n = n.into();
    format!("{n} {}", noun_for(n, noun))
}

/// The noun alone, singular for one and plural otherwise.
pub fn noun_for(n: i64, noun: &str) -> String {
    if n == 1 {
        noun.to_owned()
    } else {
        plural(noun)
    }
}

/// The plural of an English noun: the irregular ones we use, then the regular rules.
pub fn plural(noun: &str) -> String {
    if let Some((head, last)) = noun.rsplit_once(' ') {
        return format!("{head} {}", plural(last));
    }
    const IRREGULAR: &[(&str, &str)] = &[
        ("person", "people"),
        ("woman", "women"),
        ("man", "men"),
        ("child", "children"),
        ("criterion", "criteria"),
        ("per diem", "per diems"),
    ];
    if let Some((_, many)) = IRREGULAR.iter().find(|(one, _)| *one == noun) {
        return (*many).to_owned();
    }
    let ends = |s: &str| noun.ends_with(s);
    if ends("s") || ends("x") || ends("ch") || ends("sh") {
        format!("{noun}es")
    } else if let Some(stem) = noun.strip_suffix('y')
        && !stem.is_empty()
        && !stem.ends_with(['a', 'e', 'i', 'o', 'u'])
    {
        format!("{stem}ies")
    } else {
        format!("{noun}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts_read_as_english() {
        assert_eq!(count(1, "minute"), "1 minute");
        assert_eq!(count(2, "minute"), "2 minutes");
        assert_eq!(count(0, "draft"), "0 drafts");
        assert_eq!(count(1, "woman"), "1 woman");
        assert_eq!(count(3, "woman"), "3 women");
        assert_eq!(count(2, "team member"), "2 team members");
        assert_eq!(count(2, "country"), "2 countries");
        assert_eq!(count(2, "day"), "2 days");
        assert_eq!(count(2, "address"), "2 addresses");
        assert_eq!(count(4, "person"), "4 people");
    }

    proptest! {
        #[test]
        fn one_is_always_singular_and_other_counts_never_are(noun in "[a-z]{2,12}", n in 2i64..10_000) {
            prop_assert_eq!(count(1, &noun), format!("1 {noun}"));
            prop_assert_ne!(count(n, &noun), format!("{n} {noun}"));
        }
    }
}
