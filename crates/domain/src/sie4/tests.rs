use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn header() -> Header {
    Header {
        identification: Identification {
            program_version: "0.1.0".into(),
            generated: day(2026, 12, 1),
            company: "ICLD Visby".into(),
            org_no: Some("802000-0000".into()),
            financial_year: Some((day(2026, 1, 1), day(2026, 12, 31))),
        },
        accounts: vec![
            Account {
                number: 7323,
                name: "Skattefria traktamenten, utlandet".into(),
            },
            Account {
                number: 2820,
                name: "Kortfristiga skulder till anställda".into(),
            },
        ],
        dimensions: vec![
            Dimension {
                number: DIM_COST_CENTRE,
                name: "Kostnadsställe".into(),
            },
            Dimension {
                number: DIM_PROJECT,
                name: "Projekt".into(),
            },
        ],
        objects: vec![Object {
            dimension: DIM_PROJECT,
            id: "MF-2026".into(),
            name: "Municipal Financing 2026".into(),
        }],
    }
}

fn statement(ore: i64, name: &str) -> Voucher {
    Voucher::against(
        day(2026, 3, 12),
        format!("Per diem MF-2026, {name}"),
        vec![Transaction {
            account: 7323,
            objects: vec![(DIM_PROJECT, "MF-2026".into())],
            amount_ore: ore,
            text: format!("Per diem abroad, {name}"),
        }],
        2820,
        "Payable to traveller",
    )
}

/// A reader written apart from the writer, the way an importer reads: records by line (CR LF),
/// fields split on spaces outside quotes and braces, `\"` inside quotes.
fn records(bytes: &[u8]) -> Vec<(String, Vec<String>)> {
    let text = decode(bytes);
    assert!(text.ends_with("\r\n"), "every line ends in CR LF");
    text.split("\r\n")
        .filter(|l| !l.is_empty())
        .map(|line| {
            assert!(!line.contains('\n') && !line.contains('\r'), "{line:?}");
            let mut fields = Vec::new();
            let mut current = String::new();
            let (mut quoted, mut braces, mut escaped, mut had_quotes) = (false, 0, false, false);
            for c in line.chars() {
                if escaped {
                    current.push(c);
                    escaped = false;
                } else if quoted && c == '\\' {
                    escaped = true;
                } else if c == '"' && braces == 0 {
                    quoted = !quoted;
                    had_quotes = true;
                } else if c == '{' && !quoted {
                    braces += 1;
                    current.push(c);
                } else if c == '}' && !quoted {
                    braces -= 1;
                    current.push(c);
                } else if c == ' ' && !quoted && braces == 0 {
                    if !current.is_empty() || had_quotes {
                        fields.push(std::mem::take(&mut current));
                    }
                    had_quotes = false;
                } else {
                    current.push(c);
                }
            }
            if !current.is_empty() || had_quotes {
                fields.push(current);
            }
            let label = fields.remove(0);
            (label, fields)
        })
        .collect()
}

fn file(vouchers: &[Voucher]) -> Vec<u8> {
    let (writer, mut out) = SieWriter::header(&header()).unwrap();
    for v in vouchers {
        out.extend(writer.voucher(v).unwrap());
    }
    out
}

fn parse_amount(text: &str) -> i64 {
    let (whole, fraction) = text.split_once('.').expect("a decimal point");
    assert_eq!(fraction.len(), 2, "two decimals: {text}");
    let negative = whole.starts_with('-');
    let ore = whole.trim_start_matches('-').parse::<i64>().unwrap() * 100
        + fraction.parse::<i64>().unwrap();
    if negative { -ore } else { ore }
}

#[test]
fn the_identification_records_come_first_in_their_order() {
    let recs = records(&file(&[statement(171_000, "A. Nakato")]));
    let labels: Vec<&str> = recs.iter().map(|(l, _)| l.as_str()).collect();
    assert_eq!(
        labels[..10],
        [
            "#FLAGGA", "#PROGRAM", "#FORMAT", "#GEN", "#SIETYP", "#ORGNR", "#FNAMN", "#RAR",
            "#KPTYP", "#VALUTA"
        ]
    );
    assert_eq!(recs[2].1, ["PC8"]);
    assert_eq!(recs[3].1, ["20261201"]);
    assert_eq!(recs[4].1, ["4"]);
    assert_eq!(recs[6].1, ["ICLD Visby"]);
    assert_eq!(recs[7].1, ["0", "20260101", "20261231"]);
}

#[test]
fn a_voucher_is_written_as_the_specification_shows() {
    let (writer, _) = SieWriter::header(&header()).unwrap();
    let bytes = writer.voucher(&statement(171_000, "A. Nakato")).unwrap();
    assert_eq!(
        decode(&bytes),
        "#VER \"\" \"\" 20260312 \"Per diem MF-2026, A. Nakato\"\r\n{\r\n\
         #TRANS 7323 {6 \"MF-2026\"} 1710.00 20260312 \"Per diem abroad, A. Nakato\"\r\n\
         #TRANS 2820 {} -1710.00 20260312 \"Payable to traveller\"\r\n}\r\n"
    );
}

#[test]
fn swedish_letters_are_the_cp437_bytes_byte_by_byte() {
    assert_eq!(encode("åäöÅÄÖ"), [0x86, 0x84, 0x94, 0x8F, 0x8E, 0x99]);
    assert_eq!(encode("é"), [0x82]);
    // Not in CP437: the base letter, or a question mark, never UTF-8.
    assert_eq!(encode("ș"), b"s");
    assert_eq!(encode("ł"), b"?");
    assert_eq!(encode("日"), b"?");
    let bytes = file(&[statement(100, "Åsa Öberg")]);
    assert!(String::from_utf8(bytes.clone()).is_err(), "not UTF-8");
    assert!(decode(&bytes).contains("Åsa Öberg"));
    assert!(decode(&bytes).contains("Kortfristiga skulder till anställda"));
}

#[test]
fn a_character_that_composes_to_two_gives_a_mark_for_each() {
    // U+FB2A is excluded from composition: its NFC form is shin and a shin dot, and
    // CP437 has neither, so the ledger shows two marks where the name had one letter.
    assert_eq!(decode(&encode("\u{FB2A}")), "??");
    assert_eq!(decode(&encode("Aš\u{FB2A}")), "As??");
}

#[test]
fn quotes_and_line_breaks_in_texts_cannot_break_a_record() {
    let v = statement(500, "Kato \"the elder\"\r\n#VER x");
    let recs = records(&file(&[v]));
    let trans: Vec<_> = recs.iter().filter(|(l, _)| l == "#TRANS").collect();
    assert_eq!(trans.len(), 2);
    assert_eq!(trans[0].1[4], "Per diem abroad, Kato \"the elder\"  #VER x");
    assert_eq!(recs.iter().filter(|(l, _)| l == "#VER").count(), 1);
}

#[test]
fn an_unbalanced_voucher_is_refused() {
    let (writer, _) = SieWriter::header(&header()).unwrap();
    let mut v = statement(100, "x");
    v.transactions[0].amount_ore = 101;
    assert_eq!(
        writer.voucher(&v),
        Err(SieError::Unbalanced {
            text: v.text.clone(),
            balance: 1
        })
    );
}

#[test]
fn an_undeclared_account_or_object_is_refused() {
    let (writer, _) = SieWriter::header(&header()).unwrap();
    let mut v = statement(100, "x");
    v.transactions[0].account = 5810;
    assert_eq!(writer.voucher(&v), Err(SieError::UndeclaredAccount(5810)));
    let mut v = statement(100, "x");
    v.transactions[0].objects = vec![(DIM_PROJECT, "TP-2027".into())];
    assert_eq!(
        writer.voucher(&v),
        Err(SieError::UndeclaredObject(6, "TP-2027".into()))
    );
    let mut h = header();
    h.dimensions.clear();
    assert_eq!(
        SieWriter::header(&h).map(|_| ()),
        Err(SieError::UndeclaredDimension(6))
    );
}

#[test]
fn amounts_have_a_point_and_two_decimals() {
    assert_eq!(amount(0), "0.00");
    assert_eq!(amount(5), "0.05");
    assert_eq!(amount(-123_450), "-1234.50");
    assert_eq!(amount(i64::MIN), "-92233720368547758.08");
}

fn voucher_strategy() -> impl Strategy<Value = Voucher> {
    (
        prop::collection::vec(-10_000_000i64..10_000_000, 1..6),
        "[a-zA-ZåäöÅÄÖéü \"\\\\{}]{0,20}",
    )
        .prop_map(|(amounts, text)| {
            Voucher::against(
                day(2026, 6, 1),
                text.clone(),
                amounts
                    .into_iter()
                    .map(|a| Transaction {
                        account: 7323,
                        objects: vec![(DIM_PROJECT, "MF-2026".into())],
                        amount_ore: a,
                        text: text.clone(),
                    })
                    .collect(),
                2820,
                "Payable",
            )
        })
}

proptest! {
    #[test]
    fn every_voucher_read_back_balances_to_zero(vouchers in prop::collection::vec(voucher_strategy(), 0..8)) {
        let recs = records(&file(&vouchers));
        let mut sums = Vec::new();
        let mut current: Option<i64> = None;
        for (label, fields) in &recs {
            match label.as_str() {
                "#VER" => current = Some(0),
                "#TRANS" => *current.as_mut().unwrap() += parse_amount(&fields[2]),
                "}" => sums.push(current.take().unwrap()),
                _ => {}
            }
        }
        prop_assert_eq!(sums.len(), vouchers.len());
        prop_assert!(sums.iter().all(|s| *s == 0), "{:?}", sums);
    }

    #[test]
    fn texts_in_cp437_round_trip(text in "[ -~åäöÅÄÖéüÉçñ]{0,40}") {
        prop_assert_eq!(decode(&encode(&text)), text);
    }

    #[test]
    fn a_character_cp437_lacks_becomes_its_base_letter_or_a_question_mark(c in any::<char>()) {
        // Encoding works on the composed (NFC) form, and some characters compose to two:
        // U+FB2A `שׁ` is U+05E9 U+05C1 in NFC, so it comes back as one piece for each.
        let given = c.to_string();
        let back = decode(&encode(&given));
        let mut pieces = String::new();
        for d in given.nfc() {
            let piece = decode(&encode(&d.to_string()));
            let base: String = d.nfd().filter(|b| cp437(*b).is_some()).collect();
            prop_assert!(
                piece == d.to_string() || piece == base || piece == "?",
                "{:?} (part of {:?}) came back as {:?}", d, given, piece
            );
            pieces.push_str(&piece);
        }
        prop_assert_eq!(back, pieces);
    }

    #[test]
    fn the_texts_of_a_voucher_read_back_as_written(text in "[a-zA-ZåäöÅÄÖ \"\\\\{}]{1,20}") {
        let v = statement(100, &text);
        let recs = records(&file(std::slice::from_ref(&v)));
        let (_, ver) = recs.iter().find(|(l, _)| l == "#VER").unwrap();
        prop_assert_eq!(&ver[3], &v.text);
    }
}
