//! Inputs for the targets: raw bytes, seed files changed by a few random edits, and
//! structure-aware generators, all with hostile tokens in the mix.

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;

/// Hostile values every target gets, besides its own dictionary.
pub const HOSTILE: &[&str] = &[
    "\0",
    "\u{202e}",
    "\u{200b}",
    "\u{feff}",
    "İ",
    "ß",
    "ǅ",
    "\u{10ffff}",
    "1e309",
    "-1",
    "-0",
    "18446744073709551616",
    "-9223372036854775808",
    "79228162514264337593543950336",
    "0.0000000000000000000000000001",
    "99999-99-99",
    "0000-00-00",
    "NaN",
    "\r\n",
    "%",
    "%FF",
    "&",
    "=",
    "+",
    "\\",
    "\"",
];

#[derive(Debug, Clone)]
enum Edit {
    Flip { at: u32, bit: u8 },
    Byte { at: u32, value: u8 },
    Insert { at: u32, token: usize },
    Replace { at: u32, len: u8, token: usize },
    Delete { at: u32, len: u8 },
    Duplicate { at: u32, len: u8 },
    Truncate { at: u32 },
}

fn edit(tokens: usize) -> impl Strategy<Value = Edit> {
    prop_oneof![
        (any::<u32>(), 0u8..8).prop_map(|(at, bit)| Edit::Flip { at, bit }),
        (any::<u32>(), any::<u8>()).prop_map(|(at, value)| Edit::Byte { at, value }),
        (any::<u32>(), 0..tokens).prop_map(|(at, token)| Edit::Insert { at, token }),
        (any::<u32>(), any::<u8>(), 0..tokens).prop_map(|(at, len, token)| Edit::Replace {
            at,
            len,
            token
        }),
        (any::<u32>(), any::<u8>()).prop_map(|(at, len)| Edit::Delete { at, len }),
        (any::<u32>(), any::<u8>()).prop_map(|(at, len)| Edit::Duplicate { at, len }),
        any::<u32>().prop_map(|at| Edit::Truncate { at }),
    ]
}

fn apply(mut data: Vec<u8>, edits: &[Edit], tokens: &[String]) -> Vec<u8> {
    for e in edits {
        let pos = |at: u32, len: usize| at as usize % (len + 1);
        let n = data.len();
        match *e {
            Edit::Flip { at, bit } if n > 0 => {
                let i = at as usize % n;
                data[i] ^= 1 << bit;
            }
            Edit::Byte { at, value } if n > 0 => {
                let i = at as usize % n;
                data[i] = value;
            }
            Edit::Insert { at, token } => {
                let i = pos(at, n);
                data.splice(i..i, tokens[token].bytes());
            }
            Edit::Replace { at, len, token } => {
                let i = pos(at, n);
                let end = (i + len as usize % 16).min(n);
                data.splice(i..end, tokens[token].bytes());
            }
            Edit::Delete { at, len } => {
                let i = pos(at, n);
                let end = (i + len as usize).min(n);
                data.drain(i..end);
            }
            Edit::Duplicate { at, len } => {
                let i = pos(at, n);
                let end = (i + len as usize).min(n);
                let copy: Vec<u8> = data[i..end].to_vec();
                data.splice(end..end, copy);
            }
            Edit::Truncate { at } => data.truncate(pos(at, n)),
            _ => {}
        }
    }
    data
}

/// A seed with one to eight edits.
pub fn mutated(seeds: Vec<Vec<u8>>, dictionary: &[&str]) -> BoxedStrategy<Vec<u8>> {
    let tokens: Vec<String> = dictionary
        .iter()
        .chain(HOSTILE)
        .map(|s| (*s).to_owned())
        .collect();
    let seeds = if seeds.is_empty() {
        vec![Vec::new()]
    } else {
        seeds
    };
    let count = tokens.len();
    (select(seeds), vec(edit(count), 1..8))
        .prop_map(move |(seed, edits)| apply(seed, &edits, &tokens))
        .boxed()
}

/// Any bytes, and any text made of the dictionary's tokens and random characters.
pub fn unstructured(dictionary: &[&str]) -> BoxedStrategy<Vec<u8>> {
    let tokens: Vec<String> = dictionary
        .iter()
        .chain(HOSTILE)
        .map(|s| (*s).to_owned())
        .collect();
    prop_oneof![
        vec(any::<u8>(), 0..512),
        vec(
            prop_oneof![select(tokens), any::<char>().prop_map(String::from)],
            0..48
        )
        .prop_map(|parts| parts.concat().into_bytes()),
    ]
    .boxed()
}

/// A text from `pool` or, now and then, a hostile or random one.
pub fn text_from(pool: &'static [&'static str]) -> BoxedStrategy<String> {
    prop_oneof![
        6 => select(pool).prop_map(str::to_owned),
        1 => select(HOSTILE).prop_map(str::to_owned),
        1 => ".{0,12}",
        1 => (select(pool), select(HOSTILE)).prop_map(|(a, b)| format!("{a}{b}")),
    ]
    .boxed()
}
