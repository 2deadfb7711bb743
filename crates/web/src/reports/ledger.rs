//! The ledger: postings of approved per-diem statements and of paid cost items on the accounts,
//! cost centres and projects of the mapping finance edits. As CSV one row per posting; as SIE 4
//! one voucher per statement or cost, balanced by construction and checked again by the writer.
//! Committed costs are not posted: they are not yet owed in the books, only in the budget.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use futures_util::StreamExt;
use itp_domain::ledger::{self, AccountMapping, Category, Posting};
use itp_domain::per_diem::StatementState;
use itp_domain::sie4::{
    self, Account, DIM_COST_CENTRE, DIM_PROJECT, Dimension, Header, Identification, Object,
    SieWriter, Voucher,
};
use itp_domain::{Code, Currency, Money, budget};
use itp_persistence::per_diem::statements::StatementHeader;
use itp_persistence::reports::costs::{self, CostLine};
use itp_persistence::reports::per_diem;
use itp_persistence::{Database, DatabaseConnection};

use super::run::Plan;
use crate::error::{AppError, Result};
use crate::export::{Column, Export, FileWriter, RowSender};

const BATCH: usize = 200;

/// One voucher with what it was made from.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerVoucher {
    /// `per-diem statement 41`.
    pub source: String,
    pub voucher: Voucher,
    /// The account names of the voucher's rows, in row order.
    pub account_names: Vec<String>,
}

/// One row of a voucher, as the CSV writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct LedgerLine {
    pub source: String,
    pub date: NaiveDate,
    pub voucher_text: String,
    pub account: u32,
    pub account_name: String,
    pub cost_centre: String,
    pub project: String,
    pub amount_ore: i64,
    pub text: String,
}

fn object(line: &sie4::Transaction, dimension: u32) -> String {
    line.objects
        .iter()
        .find(|(d, _)| *d == dimension)
        .map(|(_, id)| id.clone())
        .unwrap_or_default()
}

impl LedgerVoucher {
    pub fn lines(&self) -> Vec<LedgerLine> {
        self.voucher
            .transactions
            .iter()
            .zip(&self.account_names)
            .map(|(t, name)| LedgerLine {
                source: self.source.clone(),
                date: self.voucher.date,
                voucher_text: self.voucher.text.clone(),
                account: t.account,
                account_name: name.clone(),
                cost_centre: object(t, DIM_COST_CENTRE),
                project: object(t, DIM_PROJECT),
                amount_ore: t.amount_ore,
                text: t.text.clone(),
            })
            .collect()
    }
}

pub static LEDGER: Export<LedgerLine> = Export {
    name: "ledger",
    title: "Ledger postings",
    description: "The postings of approved and paid per-diem statements (by the day they were \
                  approved) and of paid cost items (by the day they were paid) of the cohorts \
                  in the filter: one row per posting, debit positive and credit negative, so \
                  that the rows of one voucher sum to zero. A statement is owed to the \
                  traveller, a cost to its supplier; committed costs are left out until they \
                  are paid. Accounts, cost centres and projects come from the ledger accounts \
                  finance keeps (Exports → Ledger accounts). The same postings come as an SIE 4 \
                  file for the accounting system.",
    columns: &[
        Column::str(
            "source",
            "What the voucher posts: per-diem statement or cost item, and its number.",
            |r| r.source.as_str(),
        ),
        Column::date(
            "date",
            "The voucher's date: the day a statement was approved or a cost was paid.",
            |r| Some(r.date),
        ),
        Column::str("voucher_text", "The voucher's text.", |r| {
            r.voucher_text.as_str()
        }),
        Column::integer("account", "The account number (BAS).", |r| {
            Some(r.account.into())
        }),
        Column::str(
            "account_name",
            "The account's name as in the mapping.",
            |r| r.account_name.as_str(),
        ),
        Column::str(
            "cost_centre",
            "The cost centre (SIE dimension 1); empty for none.",
            |r| r.cost_centre.as_str(),
        ),
        Column::str(
            "project",
            "The project (SIE dimension 6): the mapping's, or else the programme's code.",
            |r| r.project.as_str(),
        ),
        Column::money(
            "amount_sek",
            "The amount in SEK: debit positive, credit negative.",
            |r| Some(Money::from_minor_units(r.amount_ore, Currency::SEK)),
        ),
        Column::str("text", "The posting's text.", |r| r.text.as_str()),
    ],
};

/// The mapping as a function from category to where it is posted.
pub struct Mapping(Vec<AccountMapping>);

impl Mapping {
    pub async fn load(conn: &DatabaseConnection) -> Result<Mapping> {
        Ok(Mapping(itp_persistence::ledger::mapping(conn).await?))
    }

    pub fn of(&self, category: Category) -> AccountMapping {
        self.0
            .iter()
            .find(|m| m.category == category)
            .cloned()
            .unwrap_or_else(|| ledger::default_mapping(category))
    }

    pub fn all(&self) -> &[AccountMapping] {
        &self.0
    }
}

/// The voucher of an approved statement: its days in Sweden and abroad on their per-diem
/// accounts, against what is owed to the traveller.
fn statement_voucher(
    header: &StatementHeader,
    lines: &per_diem::LineTotals,
    programme_code: &str,
    date: NaiveDate,
    mapping: &Mapping,
) -> LedgerVoucher {
    let name = &header.traveller_name;
    let mut postings = vec![
        Posting {
            category: Category::PerDiemSweden,
            amount_ore: lines.sweden_ore,
            text: format!("Per diem in Sweden, {name}"),
        },
        Posting {
            category: Category::PerDiemAbroad,
            amount_ore: lines.abroad_ore,
            text: format!("Per diem abroad, {name}"),
        },
    ];
    // A statement without lines (not eligible) still posts its stored total, if any.
    if lines.sweden_ore == 0
        && lines.abroad_ore == 0
        && let Ok(total) = header.total.to_minor_units()
    {
        postings[1].amount_ore = total;
    }
    let voucher = ledger::voucher(
        date,
        format!(
            "Per diem {programme_code} {}, statement {}",
            header.phase_label.as_deref().unwrap_or_default(),
            header.id
        )
        .replace("  ", " "),
        &postings,
        Category::PayableToTravellers,
        |c| mapping.of(c),
        programme_code,
    );
    LedgerVoucher::named(
        format!("per-diem statement {}", header.id),
        voucher,
        mapping,
    )
}

/// The voucher of a cost paid on `paid`: its amount in SEK on its line's account, against what
/// is owed to the supplier.
fn cost_voucher(
    line: &CostLine,
    paid: NaiveDate,
    programme_code: &str,
    cohort: &str,
    mapping: &Mapping,
) -> LedgerVoucher {
    // A code the budget does not know is an other cost rather than a cost left out.
    let budget_line = budget::Category::parse(&line.category).unwrap_or(budget::Category::Other);
    // Who is paid and what for, whichever of the two the cost has.
    let posting_text = [line.supplier.trim(), line.description.trim()]
        .into_iter()
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(", ");
    let posting = Posting {
        category: Category::of_budget(budget_line),
        amount_ore: line.amount_ore,
        text: posting_text,
    };
    let mut text = format!(
        "{} {programme_code} {cohort}, cost {}",
        budget_line.label(),
        line.id
    );
    if !line.voucher.is_empty() {
        text = format!("{text}, voucher {}", line.voucher);
    }
    let voucher = ledger::voucher(
        paid,
        text,
        &[posting],
        Category::AccountsPayable,
        |c| mapping.of(c),
        programme_code,
    );
    LedgerVoucher::named(format!("cost item {}", line.id), voucher, mapping)
}

impl LedgerVoucher {
    /// The voucher with the mapping's name of each row's account.
    fn named(source: String, voucher: Voucher, mapping: &Mapping) -> LedgerVoucher {
        let account_names = voucher
            .transactions
            .iter()
            .map(|t| {
                mapping
                    .all()
                    .iter()
                    .find(|m| m.account == t.account)
                    .map(|m| m.account_name.clone())
                    .unwrap_or_default()
            })
            .collect();
        LedgerVoucher {
            source,
            voucher,
            account_names,
        }
    }
}

/// Where the vouchers go: whole, to an SIE file, or as their rows, to a CSV.
pub enum Target<'a> {
    Vouchers(&'a RowSender<LedgerVoucher>),
    Lines(&'a RowSender<LedgerLine>),
}

/// Sends the vouchers of the plan to `out`; the number of rows sent (vouchers or lines).
pub async fn send(db: Database, plan: Plan, mapping: Mapping, out: Target<'_>) -> Result<u64> {
    let conn = &db.conn;
    let found = per_diem::statements(
        conn,
        &plan.cohort_ids(),
        &[StatementState::Approved, StatementState::Paid],
    )
    .await?;
    let mut batches = std::pin::pin!(found.chunks(BATCH));
    let mut sent = 0;
    while let Some(batch) = batches.next().await {
        let batch: Vec<StatementHeader> =
            batch.into_iter().collect::<itp_persistence::Result<_>>()?;
        let ids: Vec<i32> = batch.iter().map(|h| h.id).collect();
        let totals = per_diem::line_totals(conn, &ids).await?;
        for header in &batch {
            let Some(approved) = header.approved_at.map(|t| t.date_naive()) else {
                continue;
            };
            if !plan.filter.contains(approved) {
                continue;
            }
            let code = plan
                .cohort(header.cohort_id)
                .map(|c| c.programme_code.clone())
                .unwrap_or_default();
            let lines = totals.get(&header.id).cloned().unwrap_or_default();
            let v = statement_voucher(header, &lines, &code, approved, &mapping);
            sent += out.send(v).await?;
        }
    }
    let mut paid = costs::items(&db, &plan.cohort_ids(), Some("paid"), None, None).await?;
    while let Some(line) = paid.next().await {
        let line = line?;
        let Some(paid) = line.paid_on.filter(|d| plan.filter.contains(*d)) else {
            continue;
        };
        let (code, cohort) = plan
            .cohort(line.cohort_id)
            .map(|c| (c.programme_code.as_str(), c.name.as_str()))
            .unwrap_or_default();
        sent += out
            .send(cost_voucher(&line, paid, code, cohort, &mapping))
            .await?;
    }
    Ok(sent)
}

impl Target<'_> {
    /// Sends a voucher whole or as its lines; the number of rows sent. A voucher that posts
    /// nothing (every amount zero) is left out: the accounting system would refuse it.
    async fn send(&self, v: LedgerVoucher) -> Result<u64> {
        if v.voucher.transactions.len() < 2 {
            return Ok(0);
        }
        match self {
            Target::Vouchers(to) => {
                to.send(v).await?;
                Ok(1)
            }
            Target::Lines(to) => {
                let lines = v.lines();
                let n = lines.len() as u64;
                for line in lines {
                    to.send(line).await?;
                }
                Ok(n)
            }
        }
    }
}

/// What the SIE header declares: the mapping's accounts, both dimensions, and every cost centre
/// and project the mapping and the plan's programmes can post to.
pub fn header(plan: &Plan, mapping: &Mapping, today: NaiveDate) -> Header {
    let mut objects: BTreeSet<Object> = BTreeSet::new();
    for m in mapping.all() {
        if !m.cost_centre.is_empty() {
            objects.insert(Object {
                dimension: DIM_COST_CENTRE,
                id: m.cost_centre.clone(),
                name: m.cost_centre.clone(),
            });
        }
        if !m.project.is_empty() {
            objects.insert(Object {
                dimension: DIM_PROJECT,
                id: m.project.clone(),
                name: m.project.clone(),
            });
        }
    }
    for c in &plan.cohorts {
        objects.insert(Object {
            dimension: DIM_PROJECT,
            id: c.programme_code.clone(),
            name: c.programme_name.clone(),
        });
    }
    // Objects by dimension and id once, whatever their names.
    let mut seen = BTreeSet::new();
    let objects = objects
        .into_iter()
        .filter(|o| seen.insert((o.dimension, o.id.clone())))
        .collect();
    Header {
        identification: Identification {
            program_version: env!("CARGO_PKG_VERSION").to_owned(),
            generated: today,
            company: crate::views::print::ORGANISATION.to_owned(),
            org_no: None,
            financial_year: None,
        },
        accounts: mapping
            .all()
            .iter()
            .map(|m| Account {
                number: m.account,
                name: m.account_name.clone(),
            })
            .collect(),
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
        objects,
    }
}

/// SIE 4 as a file writer: the header first, then a voucher per row.
pub struct SieFile {
    writer: SieWriter,
    out: Vec<u8>,
}

impl SieFile {
    pub fn new(header: &Header) -> Result<SieFile> {
        let (writer, out) = SieWriter::header(header).map_err(AppError::caused_by)?;
        Ok(SieFile { writer, out })
    }
}

impl FileWriter<LedgerVoucher> for SieFile {
    fn row(&mut self, row: &LedgerVoucher) -> Result<()> {
        let bytes = self
            .writer
            .voucher(&row.voucher)
            .map_err(AppError::caused_by)?;
        self.out.extend(bytes);
        Ok(())
    }

    fn pending(&self) -> usize {
        self.out.len()
    }

    fn take(&mut self) -> Result<Vec<u8>> {
        Ok(std::mem::take(&mut self.out))
    }
}
