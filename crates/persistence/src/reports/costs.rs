//! Cost items for the costs report, by cohort, day and id: streamed, so a report of any size is
//! written while it is read. Only the report's columns are read: decoding the others (two
//! timestamps among them) took a fifth of an export's time. On SQLite the rows come straight
//! from the file ([`sqlite_reader`]), which more than doubled the report's speed.

use chrono::NaiveDate;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use sea_orm::{
    ColumnTrait, DbBackend, EntityTrait, FromQueryResult, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, Select,
};

use crate::entities::cost_item as cost;
use crate::{Database, Result, sqlite_reader};

/// One cost item as the report reads it: amounts in minor units, the rate as stored.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct CostLine {
    pub id: i32,
    pub cohort_id: i32,
    pub category: String,
    pub source_kind: String,
    pub participant_id: Option<i32>,
    pub supplier: String,
    pub description: String,
    pub incurred_on: NaiveDate,
    pub currency: String,
    pub amount_minor: i64,
    pub rate: String,
    pub rate_on: NaiveDate,
    pub amount_ore: i64,
    pub state: String,
    pub paid_on: Option<NaiveDate>,
    pub voucher: String,
}

/// The columns the report reads, in [`CostLine`]'s order (the SQLite reader decodes them by
/// position).
const COLUMNS: [cost::Column; 16] = [
    cost::Column::Id,
    cost::Column::CohortId,
    cost::Column::Category,
    cost::Column::SourceKind,
    cost::Column::ParticipantId,
    cost::Column::Supplier,
    cost::Column::Description,
    cost::Column::IncurredOn,
    cost::Column::Currency,
    cost::Column::AmountMinor,
    cost::Column::Rate,
    cost::Column::RateOn,
    cost::Column::AmountOre,
    cost::Column::State,
    cost::Column::PaidOn,
    cost::Column::Voucher,
];

impl CostLine {
    fn from_sqlite(row: &rusqlite::Row<'_>) -> rusqlite::Result<CostLine> {
        Ok(CostLine {
            id: row.get(0)?,
            cohort_id: row.get(1)?,
            category: row.get(2)?,
            source_kind: row.get(3)?,
            participant_id: row.get(4)?,
            supplier: row.get(5)?,
            description: row.get(6)?,
            incurred_on: sqlite_reader::date(row, 7)?,
            currency: row.get(8)?,
            amount_minor: row.get(9)?,
            rate: row.get(10)?,
            rate_on: sqlite_reader::date(row, 11)?,
            amount_ore: row.get(12)?,
            state: row.get(13)?,
            paid_on: sqlite_reader::optional_date(row, 14)?,
            voucher: row.get(15)?,
        })
    }
}

/// The cost items of `cohorts` (in `state` when one is given), incurred between `from` and
/// `to` when given, by cohort, day and id: from the SQLite file itself where there is one
/// ([`sqlite_reader`]), else through the pool.
pub async fn items<'a>(
    db: &'a Database,
    cohorts: &[i32],
    state: Option<&str>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Result<BoxStream<'a, Result<CostLine>>> {
    let query = select(cohorts, state, from, to);
    Ok(match &db.sqlite_file {
        Some(file) => sqlite_reader::rows(
            file.clone(),
            query.build(DbBackend::Sqlite),
            CostLine::from_sqlite,
        )
        .boxed(),
        None => query
            .into_model::<CostLine>()
            .stream(&db.conn)
            .await?
            .map(|row| row.map_err(Into::into))
            .boxed(),
    })
}

fn select(
    cohorts: &[i32],
    state: Option<&str>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Select<cost::Entity> {
    let mut query = cost::Entity::find()
        .select_only()
        .columns(COLUMNS)
        .filter(cost::Column::CohortId.is_in(cohorts.iter().copied()))
        .order_by_asc(cost::Column::CohortId)
        .order_by_asc(cost::Column::IncurredOn)
        .order_by_asc(cost::Column::Id);
    if let Some(state) = state {
        query = query.filter(cost::Column::State.eq(state));
    }
    if let Some(from) = from {
        query = query.filter(cost::Column::IncurredOn.gte(from));
    }
    if let Some(to) = to {
        query = query.filter(cost::Column::IncurredOn.lte(to));
    }
    query
}

#[cfg(test)]
mod tests {
    use chrono::{Duration, TimeZone, Utc};
    use futures_util::TryStreamExt;
    use itp_domain::Code;
    use itp_domain::budget::{Category, Conversion, Payment, to_ore};
    use itp_domain::money::{Currency, Money};
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;
    use sea_orm::ConnectionTrait;

    use super::*;
    use crate::budget::cost_items::{Converted, CostDraft, insert_synthetic};
    use crate::test_support::{a_cohort, backends};

    const SUPPLIERS: [&str; 3] = ["SAS", "Hotel Åre; \"Fjäll\"", ""];

    async fn seeded(db: &Database, n: usize) -> i32 {
        let cohort = a_cohort(&db.conn).await;
        let day = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
        let usd = Currency::parse("USD").unwrap();
        let descriptions: Vec<String> = (0..n).map(|i| format!("Cost {i}")).collect();
        let items: Vec<Converted> = descriptions
            .iter()
            .enumerate()
            .map(|(i, description)| {
                let on = day + Duration::days((i % 40) as i64);
                let (original, sek_per_unit) = if i % 5 == 0 {
                    (
                        Money::from_minor_units(12_345 + i as i64, usd),
                        dec!(10.4321),
                    )
                } else {
                    (Money::sek(Decimal::new(99_950 + i as i64, 2)), Decimal::ONE)
                };
                Converted {
                    draft: CostDraft {
                        cohort_id: cohort,
                        category: Category::ALL[i % Category::ALL.len()],
                        participant_id: None,
                        phase_id: None,
                        supplier: SUPPLIERS[i % SUPPLIERS.len()],
                        description,
                        incurred_on: on,
                        original,
                    },
                    conversion: Conversion {
                        original,
                        sek_per_unit,
                        rate_on: on - Duration::days(1),
                        sek: Money::sek(to_ore(original.amount() * sek_per_unit)),
                    },
                    paid: (i % 3 != 0).then(|| Payment {
                        paid_on: on + Duration::days(10),
                        voucher: format!("V{i}"),
                    }),
                }
            })
            .collect();
        let now = Utc.with_ymd_and_hms(2027, 5, 1, 9, 0, 0).unwrap();
        insert_synthetic(&db.conn, &items, now).await.unwrap();
        cohort
    }

    async fn read(
        db: &Database,
        cohorts: &[i32],
        state: Option<&str>,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> Vec<CostLine> {
        items(db, cohorts, state, from, to)
            .await
            .unwrap()
            .try_collect()
            .await
            .unwrap()
    }

    #[tokio::test]
    async fn the_sqlite_file_and_the_pool_give_the_same_rows_for_every_filter() {
        for b in backends().await {
            let cohort = seeded(&b.db, 300).await;
            let pool = Database {
                sqlite_file: None,
                ..b.db.clone()
            };
            assert_eq!(b.db.sqlite_file.is_some(), b.name == "sqlite", "{}", b.name);
            let d = |day| NaiveDate::from_ymd_opt(2027, 3, day);
            let filters = [
                (vec![cohort], None, None, None),
                (vec![cohort], Some("paid"), None, None),
                (vec![cohort], Some("committed"), d(5), d(20)),
                (vec![cohort], None, d(40), None),
                (vec![], None, None, None),
                (vec![cohort + 1], None, None, None),
            ];
            for (cohorts, state, from, to) in filters {
                let direct = read(&b.db, &cohorts, state, from, to).await;
                let pooled = read(&pool, &cohorts, state, from, to).await;
                assert_eq!(
                    direct, pooled,
                    "{}: {cohorts:?} {state:?} {from:?} {to:?}",
                    b.name
                );
                let keys: Vec<_> = direct
                    .iter()
                    .map(|l| (l.cohort_id, l.incurred_on, l.id))
                    .collect();
                assert!(keys.is_sorted(), "{}: in report order", b.name);
                assert!(direct.iter().all(|l| state.is_none_or(|s| l.state == s)));
                assert!(
                    direct
                        .iter()
                        .all(|l| from.is_none_or(|f| l.incurred_on >= f))
                );
                assert!(direct.iter().all(|l| to.is_none_or(|t| l.incurred_on <= t)));
            }
            let all = read(&b.db, &[cohort], None, None, None).await;
            assert_eq!(all.len(), 300, "{}", b.name);
            let sek: i64 = all.iter().map(|l| l.amount_ore).sum();
            let stored: Option<Decimal> =
                b.db.conn
                    .query_one_raw(sea_orm::Statement::from_string(
                        b.db.conn.get_database_backend(),
                        "SELECT CAST(SUM(amount_ore) AS TEXT) AS s FROM cost_items",
                    ))
                    .await
                    .unwrap()
                    .unwrap()
                    .try_get::<String>("", "s")
                    .ok()
                    .map(|s| s.parse().unwrap());
            assert_eq!(Some(Decimal::from(sek)), stored, "{}", b.name);
            assert!(
                all.iter()
                    .any(|l| l.paid_on.is_none() && l.voucher.is_empty())
            );
            assert!(all.iter().any(|l| l.supplier == "Hotel Åre; \"Fjäll\""));
        }
    }

    #[tokio::test]
    async fn a_row_the_file_cannot_give_is_an_error_not_the_end_of_the_report() {
        for b in backends().await {
            if b.db.sqlite_file.is_none() {
                continue;
            }
            let cohort = seeded(&b.db, 300).await;
            b.db.conn
                .execute_unprepared(
                    "UPDATE cost_items SET incurred_on = 'soon' \
                     WHERE id = (SELECT MAX(id) FROM cost_items)",
                )
                .await
                .unwrap();
            let rows: Vec<Result<CostLine>> = items(&b.db, &[cohort], None, None, None)
                .await
                .unwrap()
                .collect()
                .await;
            let failed = rows.iter().position(Result::is_err).expect("an error");
            assert_eq!(failed, rows.len() - 1, "the error is the last item");
            assert!(rows[..failed].iter().all(Result::is_ok));
        }
    }

    #[tokio::test]
    async fn a_report_dropped_early_leaves_the_file_free() {
        for b in backends().await {
            // More rows than the reader reads ahead, so that it is dropped mid-read.
            let cohort = seeded(&b.db, 2_000).await;
            let mut rows = items(&b.db, &[cohort], None, None, None).await.unwrap();
            assert!(rows.next().await.unwrap().is_ok());
            drop(rows);
            // The reading thread has stopped and closed its connection: a checkpoint that
            // truncates the log needs every reader gone.
            if b.db.sqlite_file.is_some() {
                let mut truncated = false;
                for _ in 0..100 {
                    let row =
                        b.db.conn
                            .query_one_raw(sea_orm::Statement::from_string(
                                DbBackend::Sqlite,
                                "PRAGMA wal_checkpoint(TRUNCATE)",
                            ))
                            .await
                            .unwrap()
                            .unwrap();
                    if row.try_get_by_index::<i32>(0).unwrap() == 0 {
                        truncated = true;
                        break;
                    }
                    tokio::time::sleep(std::time::Duration::from_millis(20)).await;
                }
                assert!(truncated, "a reader still holds the file");
            }
            assert_eq!(read(&b.db, &[cohort], None, None, None).await.len(), 2_000);
        }
    }
}
