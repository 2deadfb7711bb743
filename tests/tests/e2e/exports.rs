//! Finance exports over HTTP: both CSV dialects read back with the csv crate, SIE 4 read back by
//! a reader written here (not the writer's), sums against the database to the öre, formulas
//! inert, the audit entry of an export that names people, and the managers' scope.

use itp_domain::per_diem::StatementState;
use itp_persistence::audit::{self, Filter};
use itp_persistence::per_diem::statements;
use itp_tests::{TestApp, TestClient};
use reqwest::StatusCode;
use sea_orm::ConnectionTrait;

async fn download(client: &TestClient, path: &str) -> (StatusCode, String, Vec<u8>) {
    let res = client.get(path).await;
    let status = res.status();
    let ct = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, ct, res.bytes().await.unwrap().to_vec())
}

fn read(bytes: &[u8], separator: u8) -> Vec<csv::StringRecord> {
    csv::ReaderBuilder::new()
        .delimiter(separator)
        .from_reader(bytes)
        .records()
        .map(Result::unwrap)
        .collect()
}

fn headers(bytes: &[u8], separator: u8) -> Vec<String> {
    csv::ReaderBuilder::new()
        .delimiter(separator)
        .from_reader(bytes)
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect()
}

/// `1234,50` or `1234.50` as öre, refusing anything else.
fn ore(cell: &str, decimal: char) -> i64 {
    let (whole, fraction) = cell.split_once(decimal).expect("two decimals");
    assert_eq!(fraction.len(), 2, "{cell}");
    let negative = whole.starts_with('-');
    let v = whole.trim_start_matches('-').parse::<i64>().unwrap() * 100
        + fraction.parse::<i64>().unwrap();
    if negative { -v } else { v }
}

/// Every cohort's cost items in öre as the database sums them: committed (paid or not), and paid.
async fn stored_costs(app: &TestApp) -> (i64, i64) {
    let conn = &app.state.db.conn;
    let (mut committed, mut paid) = (0, 0);
    for c in itp_persistence::per_diem::cohorts::list(conn, None)
        .await
        .unwrap()
    {
        for s in itp_persistence::budget::cost_items::sums(conn, c.id)
            .await
            .unwrap()
            .values()
        {
            committed += s.committed_ore;
            paid += s.paid_ore;
        }
    }
    (committed, paid)
}

async fn stored_total(app: &TestApp, states: &[StatementState]) -> i64 {
    statements::list(&app.state.db.conn, None, None)
        .await
        .unwrap()
        .iter()
        .filter(|s| states.is_empty() || states.contains(&s.state))
        .map(|s| s.total.to_minor_units().unwrap())
        .sum()
}

#[tokio::test]
async fn per_diem_payouts_open_in_swedish_excel_and_sum_to_the_ore() {
    let app = TestApp::spawn_with_demo().await;
    let finance = app.signed_in("finance@example.org").await;
    let (status, ct, bytes) =
        download(&finance, "/exports/per-diem/download?format=csv-excel-sv").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    assert_eq!(ct, "text/csv; charset=utf-8");
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "a byte-order mark");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.lines().count() > 1);
    assert!(text.contains("\r\n") && !text.replace("\r\n", "").contains('\n'));
    let cols = headers(&bytes[3..], b';');
    assert_eq!(cols[0], "statement");
    let amount = cols.iter().position(|c| c == "amount_sek").unwrap();
    let rows = read(&bytes[3..], b';');
    assert!(!rows.is_empty(), "the demo has statements");
    let sum: i64 = rows.iter().map(|r| ore(&r[amount], ',')).sum();
    assert_eq!(sum, stored_total(&app, &[]).await);

    // The same report as RFC 4180: commas, decimal points, no byte-order mark.
    let (status, _, plain) = download(&finance, "/exports/per-diem/download?format=csv").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!plain.starts_with(&[0xEF, 0xBB, 0xBF]));
    let rows = read(&plain, b',');
    let sum: i64 = rows.iter().map(|r| ore(&r[amount], '.')).sum();
    assert_eq!(sum, stored_total(&app, &[]).await);

    // Filtered by state, the sum is that state's.
    let (_, _, approved) = download(
        &finance,
        "/exports/per-diem/download?format=csv&state=approved",
    )
    .await;
    let sum: i64 = read(&approved, b',')
        .iter()
        .map(|r| ore(&r[amount], '.'))
        .sum();
    assert_eq!(sum, stored_total(&app, &[StatementState::Approved]).await);

    // The export names people: it is in the audit log with who, filters and rows.
    let log = audit::list(
        &app.state.db.conn,
        &Filter {
            action: Some("export.run".into()),
            ..Filter::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    assert_eq!(log.total, 3);
    let last = &log.entries[0];
    assert_eq!(last.actor_label, "finance@example.org");
    assert_eq!(last.entity_id.as_deref(), Some("per-diem"));
    assert!(last.changes.contains("state=approved"), "{}", last.changes);
    assert!(
        last.changes
            .contains(&format!("\"{}\"", read(&approved, b',').len())),
        "{}",
        last.changes
    );
}

#[tokio::test]
async fn a_name_that_is_a_formula_comes_out_inert() {
    let app = TestApp::spawn_with_demo().await;
    let id = statements::list(&app.state.db.conn, None, None)
        .await
        .unwrap()[0]
        .id;
    let conn = &app.state.db.conn;
    conn.execute_raw(sea_orm::Statement::from_sql_and_values(
        conn.get_database_backend(),
        match conn.get_database_backend() {
            sea_orm::DbBackend::Postgres => {
                "UPDATE per_diem_statements SET traveller_name = $1 WHERE id = $2"
            }
            _ => "UPDATE per_diem_statements SET traveller_name = ? WHERE id = ?",
        },
        ["=HYPERLINK(\"http://x\",\"y\")".into(), id.into()],
    ))
    .await
    .unwrap();
    let finance = app.signed_in("finance@example.org").await;
    for (format, sep) in [("csv-excel-sv", b';'), ("csv", b',')] {
        let (_, _, bytes) = download(
            &finance,
            &format!("/exports/per-diem/download?format={format}"),
        )
        .await;
        let body = bytes
            .strip_prefix(&[0xEF, 0xBB, 0xBF][..])
            .unwrap_or(&bytes[..]);
        let rows = read(body, sep);
        let row = rows.iter().find(|r| r[0] == id.to_string()).unwrap();
        assert_eq!(&row[1], "'=HYPERLINK(\"http://x\",\"y\")", "{format}");
    }
}

/// An SIE file read the way an importer reads it, apart from the writer: CP437 bytes, records
/// by CR LF, fields by spaces outside quotes and braces.
mod sie {
    /// The few CP437 letters a Swedish ledger needs; any other byte above 0x7F is not expected.
    pub fn decode(bytes: &[u8]) -> String {
        bytes
            .iter()
            .map(|b| match b {
                0x86 => 'å',
                0x84 => 'ä',
                0x94 => 'ö',
                0x8F => 'Å',
                0x8E => 'Ä',
                0x99 => 'Ö',
                0x82 => 'é',
                0x81 => 'ü',
                0xFA => '·',
                b if b.is_ascii() => *b as char,
                other => panic!("unexpected byte {other:#x}"),
            })
            .collect()
    }

    pub fn fields(line: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut cur = String::new();
        let (mut quoted, mut braces, mut escaped, mut any) = (false, 0, false, false);
        for c in line.chars() {
            match c {
                _ if escaped => {
                    cur.push(c);
                    escaped = false;
                }
                '\\' if quoted => escaped = true,
                '"' if braces == 0 => {
                    quoted = !quoted;
                    any = true;
                }
                '{' if !quoted => {
                    braces += 1;
                    cur.push(c);
                }
                '}' if !quoted => {
                    braces -= 1;
                    cur.push(c);
                }
                ' ' if !quoted && braces == 0 => {
                    if any || !cur.is_empty() {
                        out.push(std::mem::take(&mut cur));
                    }
                    any = false;
                }
                _ => cur.push(c),
            }
        }
        if any || !cur.is_empty() {
            out.push(cur);
        }
        out
    }

    pub fn ore(amount: &str) -> i64 {
        super::ore(amount, '.')
    }
}

#[tokio::test]
async fn the_ledger_as_sie_4_balances_every_voucher_and_sums_to_the_approved_statements() {
    let app = TestApp::spawn_with_demo().await;
    let finance = app.signed_in("finance@example.org").await;
    let (status, _, bytes) = download(&finance, "/exports/ledger/download?format=sie4").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let text = sie::decode(&bytes);
    assert!(text.ends_with("\r\n"));
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines[0], "#FLAGGA 0");
    for label in ["#PROGRAM", "#FORMAT PC8", "#GEN", "#SIETYP 4", "#FNAMN"] {
        assert!(lines[..12].iter().any(|l| l.starts_with(label)), "{label}");
    }
    let declared: Vec<String> = lines
        .iter()
        .filter(|l| l.starts_with("#KONTO "))
        .map(|l| sie::fields(l)[1].clone())
        .collect();
    // Per voucher its rows; a statement's is owed to the traveller (2820), a cost's to the
    // supplier (2440).
    let (mut vouchers, mut open, mut rows) = (0, false, Vec::<(String, i64)>::new());
    let (mut per_diem, mut payable) = (0i64, 0i64);
    for line in &lines {
        let f = sie::fields(line);
        match f[0].as_str() {
            "#VER" => {
                vouchers += 1;
                rows.clear();
            }
            "{" => open = true,
            "#TRANS" => {
                assert!(open);
                assert!(declared.contains(&f[1]), "account {} is declared", f[1]);
                rows.push((f[1].clone(), sie::ore(&f[3])));
            }
            "}" => {
                let balance: i64 = rows.iter().map(|(_, a)| a).sum();
                assert_eq!(balance, 0, "voucher {vouchers} balances");
                let on = |account: &str| -> i64 {
                    rows.iter()
                        .filter(|(a, _)| a == account)
                        .map(|(_, x)| x)
                        .sum()
                };
                let counters = ["2820", "2440"].map(|a| rows.iter().any(|(r, _)| r == a));
                assert!(
                    counters[0] != counters[1],
                    "voucher {vouchers} has one counter-account: {rows:?}"
                );
                if counters[0] {
                    per_diem += on("7321") + on("7323");
                } else {
                    payable -= on("2440");
                }
                open = false;
            }
            _ => {}
        }
    }
    assert!(vouchers > 0, "the demo has approved statements");
    assert_eq!(
        per_diem,
        stored_total(&app, &[StatementState::Approved, StatementState::Paid]).await
    );
    // Paid costs are posted, to the öre; committed ones are not.
    let (_, paid) = stored_costs(&app).await;
    assert!(paid > 0, "the demo has paid costs");
    assert_eq!(payable, paid);
    assert!(
        text.contains("cost ") && text.contains("voucher "),
        "a cost's voucher names the cost and its voucher"
    );

    // The ledger as CSV has the same postings, one a row, summing to zero.
    let (_, _, csv) = download(&finance, "/exports/ledger/download?format=csv").await;
    let rows = read(&csv, b',');
    let amount = headers(&csv, b',')
        .iter()
        .position(|c| c == "amount_sek")
        .unwrap();
    assert_eq!(rows.iter().map(|r| ore(&r[amount], '.')).sum::<i64>(), 0);
}

#[tokio::test]
async fn finance_moves_a_category_to_another_account_and_the_ledger_follows() {
    let app = TestApp::spawn_with_demo().await;
    let finance = app.signed_in("finance@example.org").await;
    let res = finance
        .post_form(
            "/exports/ledger-accounts/per_diem_abroad",
            &[
                ("account", "7399"),
                ("account_name", "Traktamenten, utlandet (ICLD)"),
                ("cost_centre", "100"),
                ("project", ""),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let bad = finance
        .post_form(
            "/exports/ledger-accounts/per_diem_abroad",
            &[
                ("account", "73"),
                ("account_name", "Kept as typed"),
                ("cost_centre", ""),
                ("project", ""),
            ],
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = bad.text().await.unwrap();
    assert!(page.contains("four digits") && page.contains("Kept as typed"));
    let (_, _, bytes) = download(&finance, "/exports/ledger/download?format=sie4").await;
    let text = sie::decode(&bytes);
    assert!(text.contains("#KONTO 7399 \"Traktamenten, utlandet (ICLD)\""));
    assert!(text.contains("#OBJEKT 1 100 100"));
    assert!(text.contains("#TRANS 7399 {1 \"100\" 6 \"MF\"}"), "{text}");
    let log = audit::list(
        &app.state.db.conn,
        &Filter {
            action: Some("ledger.map_account".into()),
            ..Filter::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    assert_eq!(log.total, 1);
    assert!(log.entries[0].changes.contains("7399"));
}

#[tokio::test]
async fn a_manager_exports_only_their_own_programmes() {
    let app = TestApp::spawn_with_demo().await;
    let manager = app.signed_in("manager@example.org").await;
    let (status, _, bytes) = download(&manager, "/exports/per-diem/download?format=csv").await;
    assert_eq!(status, StatusCode::OK);
    let programme = headers(&bytes, b',')
        .iter()
        .position(|c| c == "programme")
        .unwrap();
    let rows = read(&bytes, b',');
    assert!(!rows.is_empty());
    // The demo manager manages MF and GM.
    assert!(rows.iter().all(|r| ["MF", "GM"].contains(&&r[programme])));

    // Another programme, by code or by cohort, is refused like one that does not exist.
    let rba = itp_persistence::per_diem::cohorts::list(&app.state.db.conn, None)
        .await
        .unwrap()
        .into_iter()
        .find(|c| !["MF", "GM"].contains(&c.programme_code.as_str()))
        .unwrap();
    for query in [
        format!("format=csv&programme={}", rba.programme_code),
        format!("format=csv&cohort={}", rba.id),
    ] {
        let (status, _, body) =
            download(&manager, &format!("/exports/per-diem/download?{query}")).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert!(String::from_utf8_lossy(&body).contains("from the list"));
    }
    // The ledger accounts are finance's.
    assert_eq!(
        manager.get("/exports/ledger-accounts").await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn hostile_filters_are_refused_with_their_reasons() {
    let app = TestApp::spawn_with_demo().await;
    let finance = app.signed_in("finance@example.org").await;
    let (status, _, body) = download(
        &finance,
        "/exports/per-diem/download?format=xlsx&from=2026-13-01&to=%27%3B%20DROP&programme=MF%27--&cohort=-1&state=stolen",
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let page = String::from_utf8(body).unwrap();
    for message in [
        "Choose one of the formats",
        "is not a date",
        "Choose a programme",
        "Choose a cohort",
        "Choose one of the states",
    ] {
        assert!(page.contains(message), "{message}");
    }
    assert!(page.contains("value=\"2026-13-01\""), "kept as typed");
    // SIE is the ledger's only.
    let (status, _, _) = download(&finance, "/exports/per-diem/download?format=sie4").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        finance.get("/exports/no-such-report").await.status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn host_compensation_sums_per_host_and_year() {
    let app = TestApp::spawn_with_demo().await;
    let finance = app.signed_in("finance@example.org").await;
    let (status, _, bytes) = download(&finance, "/exports/hosts/download?format=csv").await;
    assert_eq!(status, StatusCode::OK);
    let cols = headers(&bytes, b',');
    let money = cols.iter().position(|c| c == "compensation_sek").unwrap();
    let rows = read(&bytes, b',');
    assert!(!rows.is_empty());
    let exported: i64 = rows.iter().map(|r| ore(&r[money], '.')).sum();
    let mut stored = 0;
    for host in itp_persistence::hosts::list(&app.state.db.conn)
        .await
        .unwrap()
    {
        for v in itp_persistence::hosts::visits::of_host(&app.state.db.conn, host.id)
            .await
            .unwrap()
        {
            let counted = !matches!(
                v.state,
                itp_domain::hosts::VisitState::Declined | itp_domain::hosts::VisitState::Cancelled
            );
            if counted && let Some(m) = v.logistics.compensation {
                stored += m.to_minor_units().unwrap();
            }
        }
    }
    assert_eq!(exported, stored);
    // Municipalities, not people: no audit entry.
    let log = audit::list(
        &app.state.db.conn,
        &Filter {
            action: Some("export.run".into()),
            ..Filter::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    assert_eq!(log.total, 0);
}

#[tokio::test]
async fn the_command_line_writes_the_same_file_and_is_audited() {
    let app = TestApp::spawn_with_demo().await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("payouts.csv");
    let args = itp_web::reports::cli::ExportArgs {
        report: "per-diem".into(),
        format: "csv-excel-sv".into(),
        from: String::new(),
        to: String::new(),
        programme: String::new(),
        cohort: String::new(),
        state: String::new(),
        out: Some(out.clone()),
    };
    itp_web::reports::cli::export(&app.state, args)
        .await
        .unwrap();
    let file = std::fs::read(&out).unwrap();
    let finance = app.signed_in("finance@example.org").await;
    let (_, _, web) = download(&finance, "/exports/per-diem/download?format=csv-excel-sv").await;
    assert_eq!(
        file, web,
        "the command line and the download write the same file"
    );
    let log = audit::list(
        &app.state.db.conn,
        &Filter {
            action: Some("export.run".into()),
            actor: Some("itp export".into()),
            ..Filter::default()
        },
        0,
        10,
    )
    .await
    .unwrap();
    assert_eq!(log.total, 1);
}

#[tokio::test]
async fn the_exports_page_and_dictionaries_list_the_declared_columns() {
    let app = TestApp::spawn_with_demo().await;
    let finance = app.signed_in("finance@example.org").await;
    let (status, page) = finance.get_text("/exports").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Per-diem payouts") && page.contains("Ledger accounts"));
    let (status, page) = finance.get_text("/exports/per-diem/dictionary").await;
    assert_eq!(status, StatusCode::OK);
    for c in itp_web::reports::dictionary(itp_domain::reports::Report::PerDiem)
        .unwrap()
        .columns
    {
        assert!(
            page.contains(&format!("<code>{}</code>", c.name)),
            "{}",
            c.name
        );
    }
    let (status, form) = finance.get_text("/exports/ledger").await;
    assert_eq!(status, StatusCode::OK);
    assert!(form.contains("value=\"sie4\""));
}

#[tokio::test]
async fn the_costs_report_sums_to_the_budget_to_the_ore_and_keeps_each_currency() {
    let app = TestApp::spawn_with_demo().await;
    let finance = app.signed_in("finance@example.org").await;
    let (status, _, bytes) =
        download(&finance, "/exports/costs/download?format=csv-excel-sv").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]));
    let body = &bytes[3..];
    let cols = headers(body, b';');
    let col = |name: &str| cols.iter().position(|c| c == name).unwrap();
    let rows = read(body, b';');
    assert!(!rows.is_empty(), "the demo has cost items");
    // Per cohort, the rows sum to what the budget counts as committed, to the öre.
    let mut by_cohort: std::collections::BTreeMap<String, i64> = Default::default();
    for r in &rows {
        *by_cohort.entry(r[col("cohort")].to_owned()).or_default() +=
            ore(&r[col("amount_sek")], ',');
    }
    let (stored, _) = stored_costs(&app).await;
    assert_eq!(by_cohort.values().sum::<i64>(), stored);
    // A cost in dollars keeps its dollars beside its kronor, with the rate and its day.
    let usd = rows
        .iter()
        .find(|r| &r[col("currency")] == "USD")
        .expect("the demo has a cost in USD");
    assert!(usd[col("amount")].contains(','), "{:?}", usd);
    assert!(!usd[col("rate")].is_empty() && !usd[col("rate_on")].is_empty());
    // Paid only: every row has its payment day and voucher.
    let (_, _, paid) = download(&finance, "/exports/costs/download?format=csv&state=paid").await;
    let paid_rows = read(&paid, b',');
    assert!(!paid_rows.is_empty() && paid_rows.len() < rows.len());
    let cols = headers(&paid, b',');
    let voucher = cols.iter().position(|c| c == "voucher").unwrap();
    assert!(paid_rows.iter().all(|r| !r[voucher].is_empty()));
    // The export names suppliers and participants' bookings: it is audited.
    assert_eq!(app.export_runs(Some("costs")).await, 2);
}

#[tokio::test]
async fn budget_against_actual_has_the_figures_of_the_budget_page() {
    let app = TestApp::spawn_with_demo().await;
    let finance = app.signed_in("finance@example.org").await;
    let (status, _, bytes) = download(&finance, "/exports/budget/download?format=csv").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let cols = headers(&bytes, b',');
    let col = |name: &str| cols.iter().position(|c| c == name).unwrap();
    let rows = read(&bytes, b',');
    let visas = rows
        .iter()
        .find(|r| &r[col("category")] == "visas")
        .expect("the demo's running cohort has a visa line");
    let cohort_id: i32 = visas[col("cohort_id")].parse().unwrap();
    let lines: Vec<_> = rows
        .iter()
        .filter(|r| r[col("cohort_id")] == visas[col("cohort_id")])
        .collect();
    assert_eq!(lines.len(), 10, "one row per budget line");
    for r in &lines {
        let planned = ore(&r[col("planned_sek")], '.');
        let committed = ore(&r[col("committed_sek")], '.');
        let actual = ore(&r[col("actual_sek")], '.');
        assert_eq!(ore(&r[col("remaining_sek")], '.'), planned - committed);
        assert!(actual <= committed);
        assert_eq!(
            ore(&r[col("forecast_sek")], '.'),
            committed + (planned - committed).max(0),
            "{r:?}"
        );
    }
    // The budget page shows the same planned total.
    let total: i64 = lines.iter().map(|r| ore(&r[col("planned_sek")], '.')).sum();
    let (_, page) = finance
        .get_text(&format!("/cohorts/{cohort_id}/budget"))
        .await;
    let shown = itp_domain::format::money(
        &itp_domain::Money::from_minor_units(total, itp_domain::Currency::SEK),
        itp_domain::format::Lang::En,
    );
    assert!(page.contains(&shown), "{shown} on the budget page");
}

#[tokio::test]
async fn participant_statistics_count_everyone_and_name_no_one() {
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let finance = app.signed_in("finance@example.org").await;
    let (status, _, bytes) = download(&finance, "/exports/participants/download?format=csv").await;
    assert_eq!(
        status,
        StatusCode::OK,
        "{}",
        String::from_utf8_lossy(&bytes)
    );
    let cols = headers(&bytes, b',');
    assert!(
        !cols
            .iter()
            .any(|c| c.contains("name") || c.contains("email"))
    );
    let col = |name: &str| cols.iter().position(|c| c == name).unwrap();
    let rows = read(&bytes, b',');
    let counted: i64 = rows
        .iter()
        .map(|r| r[col("participants")].parse::<i64>().unwrap())
        .sum();
    let mut everyone = 0;
    for c in itp_persistence::per_diem::cohorts::list(conn, None)
        .await
        .unwrap()
    {
        let people = itp_persistence::participants::of_cohort(conn, c.id)
            .await
            .unwrap();
        everyone += people.len() as i64;
        let text = String::from_utf8_lossy(&bytes);
        for p in people.iter().take(5) {
            assert!(!text.contains(&p.full_name), "no names in the statistics");
        }
    }
    assert!(everyone > 0, "the demo has participants");
    assert_eq!(counted, everyone);
    assert!(rows.iter().any(|r| &r[col("completion")] == "completed"));
    assert!(rows.iter().all(|r| !r[col("age_band")].is_empty()));
    // Counts only: not recorded as an export of personal data.
    assert_eq!(app.export_runs(Some("participants")).await, 0);
}
