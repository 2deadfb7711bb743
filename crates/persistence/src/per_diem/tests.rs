//! Per-diem storage on every backend at hand: SQLite always, and PostgreSQL too when
//! `ITP_TEST_DATABASE_URL` names a server (each test gets a fresh database there).

use std::collections::BTreeMap;

use chrono::{TimeZone, Utc};
use itp_domain::country::CountryCode;
use itp_domain::per_diem::{
    ForeignRateRow, MealPercentages, Policy, ProgrammePolicyVersion, RateArea, StatementState,
    Trip, parse_open_data, quote,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;
use sea_orm::{EntityTrait, PaginatorTrait};

use super::{cohorts, policies, rates, statements};
use crate::entities::{audit_log, per_diem_foreign_rate};
use crate::test_support::{a_cohort, backends};
use crate::{PersistenceError, begin_write};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap()
}

fn row(year: i32, area: &str, amount: Decimal) -> ForeignRateRow {
    ForeignRateRow {
        year,
        area: RateArea::parse(area).unwrap(),
        amount,
        swedish_name: area.to_owned(),
        via: None,
    }
}

#[tokio::test]
async fn money_round_trips_to_the_ore_on_every_backend() {
    for b in backends().await {
        let conn = &b.db.conn;
        // The largest amount öre in an i64 can hold, one öre, and an ordinary rate.
        for (year, amount) in [
            (2090, dec!(92233720368547758.07)),
            (2091, dec!(0.01)),
            (2092, dec!(290.50)),
        ] {
            rates::set_domestic(conn, year, amount, now())
                .await
                .unwrap();
        }
        let domestic = rates::domestic(conn).await.unwrap();
        let amount_of = |y: i32| domestic.iter().find(|r| r.year == y).unwrap().amount;
        assert_eq!(amount_of(2090), dec!(92233720368547758.07), "{}", b.name);
        assert_eq!(amount_of(2091).to_string(), "0.01", "{}", b.name);
        assert_eq!(amount_of(2092).to_string(), "290.50", "{}", b.name);

        rates::replace_foreign_years(conn, &[row(2090, "UG", dec!(1234567890123))])
            .await
            .unwrap();
        let table = rates::load_table(conn).await.unwrap();
        assert_eq!(
            table
                .foreign_rate(2090, RateArea::parse("UG").unwrap())
                .unwrap()
                .amount,
            dec!(1234567890123),
            "{}",
            b.name
        );

        // Between öre is refused, never rounded.
        assert!(matches!(
            rates::set_domestic(conn, 2093, dec!(1.005), now()).await,
            Err(PersistenceError::Corrupt(_))
        ));
    }
}

#[tokio::test]
async fn a_fresh_database_has_the_shipped_rates_and_keeps_its_own_changes() {
    for b in backends().await {
        let conn = &b.db.conn;
        let table = rates::load_table(conn).await.unwrap();
        assert_eq!(table.domestic_maximum(2025), Some(dec!(290)), "{}", b.name);
        assert_eq!(table.domestic_maximum(2026), Some(dec!(300)), "{}", b.name);
        let ug = RateArea::parse("UG").unwrap();
        assert_eq!(table.foreign_rate(2024, ug).unwrap().amount, dec!(422));
        let greenland = table
            .foreign_rate(2024, RateArea::parse("GL").unwrap())
            .unwrap();
        assert_eq!(greenland.via, Some(RateArea::parse("DK").unwrap()));
        let shipped = parse_open_data(itp_domain::per_diem::rates::SHIPPED_NORMALBELOPP_2024)
            .unwrap()
            .len() as u64;
        assert_eq!(
            rates::foreign_years(conn).await.unwrap()[0].rows,
            shipped,
            "{}",
            b.name
        );
        let audits = audit_log::Entity::find().count(conn).await.unwrap();
        assert_eq!(
            audits, 2,
            "one entry for the domestic amounts, one for 2024"
        );

        // Finance's own amount survives the next start.
        rates::set_domestic(conn, 2026, dec!(310), now())
            .await
            .unwrap();
        rates::replace_foreign_years(conn, &[row(2024, "UG", dec!(430))])
            .await
            .unwrap();
        b.db.migrate().await.unwrap();
        let table = rates::load_table(conn).await.unwrap();
        assert_eq!(table.domestic_maximum(2026), Some(dec!(310)), "{}", b.name);
        assert_eq!(table.foreign_rate(2024, ug).unwrap().amount, dec!(430));
        assert_eq!(
            per_diem_foreign_rate::Entity::find()
                .count(conn)
                .await
                .unwrap(),
            1
        );
        assert_eq!(audit_log::Entity::find().count(conn).await.unwrap(), audits);
    }
}

#[tokio::test]
async fn an_import_replaces_whole_years_and_reports_what_changed() {
    for b in backends().await {
        let conn = &b.db.conn;
        rates::replace_foreign_years(
            conn,
            &[row(2023, "UG", dec!(400)), row(2023, "KE", dec!(410))],
        )
        .await
        .unwrap();
        let tx = begin_write(conn).await.unwrap();
        let report = rates::replace_foreign_years(
            &tx,
            &[
                row(2024, "UG", dec!(430)),
                row(2024, "TZ", dec!(413)),
                row(2024, "other", dec!(493)),
            ],
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let c = report[0].counts;
        assert_eq!(
            (c.year, c.added, c.changed, c.removed, c.unchanged),
            (2024, 0, 1, 168, 2),
            "{}",
            b.name
        );
        assert!(
            report[0]
                .changes
                .to_json()
                .contains(r#"{"field":"UG","before":"422.00","after":"430.00"}"#)
        );
        let table = rates::load_table(conn).await.unwrap();
        assert_eq!(table.foreign_rates().len(), 5, "2023 is left alone");
        assert_eq!(table.domestic_maximum(2024), Some(dec!(290)));
    }
}

fn version(valid_from: &str, se: Decimal) -> ProgrammePolicyVersion {
    ProgrammePolicyVersion {
        valid_from: valid_from.parse().unwrap(),
        daily_rates: BTreeMap::from([(CountryCode::sweden(), se)]),
        travel_day_percent: dec!(50),
        meal_percentages: MealPercentages {
            breakfast: dec!(12.5),
            lunch: dec!(35),
            dinner: dec!(35),
        },
    }
}

#[tokio::test]
async fn policies_keep_their_versions_rates_and_percentages_exactly() {
    for b in backends().await {
        let conn = &b.db.conn;
        let id = policies::create(
            conn,
            "icld",
            "ICLD participants",
            &version("2020-01-01", dec!(250)),
            now(),
        )
        .await
        .unwrap();
        policies::add_version(conn, id, &version("2025-01-01", dec!(300)), now())
            .await
            .unwrap();
        let stored = policies::find_by_code(conn, "Icld").await.unwrap().unwrap();
        assert_eq!(stored.policy.code(), "ICLD");
        assert_eq!(stored.policy.versions().len(), 2, "{}", b.name);
        assert_eq!(
            stored.policy.versions()[0],
            version("2020-01-01", dec!(250))
        );
        assert_eq!(
            stored.policy.versions()[1].meal_percentages.breakfast,
            dec!(12.5)
        );
        assert!(matches!(
            policies::add_version(conn, id, &version("2025-01-01", dec!(1)), now()).await,
            Err(PersistenceError::Conflict(_))
        ));
        assert!(matches!(
            policies::create(
                conn,
                "ICLD",
                "again",
                &version("2020-01-01", dec!(1)),
                now()
            )
            .await,
            Err(PersistenceError::Conflict(_))
        ));
        assert_eq!(policies::list(conn).await.unwrap().len(), 1);
    }
}

const UGANDA: &str = r#"{"policy": "skatteverket", "departure": "2024-03-04T10:00",
    "return": "2024-03-08T18:00", "lodging_paid": false,
    "stays": [{"country": "UG", "from": "2024-03-04T22:00", "to": "2024-03-08T06:00"}],
    "free_meals": {"2024-03-05": ["breakfast"], "2024-03-06": ["breakfast", "lunch"]}}"#;

#[tokio::test]
async fn a_statement_keeps_its_figures_rules_and_explanations() {
    for b in backends().await {
        let conn = &b.db.conn;
        let cohort_id = a_cohort(conn).await;
        cohorts::set_policy(conn, cohort_id, Some("icld"), now())
            .await
            .unwrap();
        let cohort = cohorts::find(conn, cohort_id).await.unwrap().unwrap();
        assert_eq!(cohort.per_diem_policy.as_deref(), Some("ICLD"));
        assert_eq!(cohort.programme_code, "MF");

        let trip = Trip::from_json(UGANDA).unwrap();
        let table = rates::load_table(conn).await.unwrap();
        let statement = quote(&trip, &Policy::Skatteverket, &table).unwrap();
        let content = statements::StatementContent {
            traveller_name: "Karin Sjöberg",
            traveller_user_id: None,
            phase_label: Some("Inception workshop"),
            trip: &trip,
            statement: &statement,
        };
        let id = statements::insert(conn, cohort_id, &content, None, now())
            .await
            .unwrap();
        let stored = statements::find(conn, id).await.unwrap().unwrap();
        assert_eq!(stored.statement, statement, "{}", b.name);
        assert_eq!(stored.trip, trip);
        assert_eq!(stored.header.total.plain(), statement.total.plain());
        assert_eq!(stored.header.state, StatementState::Draft);
        assert_eq!(stored.day_explanations[1], statement.days[1].explanation());
        assert_eq!(stored.night_explanations.len(), statement.nights.len());
        assert_eq!(stored.statement.rates_used(), statement.rates_used());

        // Changing the rates changes nothing stored.
        rates::replace_foreign_years(conn, &[row(2024, "UG", dec!(500))])
            .await
            .unwrap();
        let again = statements::find(conn, id).await.unwrap().unwrap();
        assert_eq!(again.statement, statement);

        let listed = statements::list(conn, Some(&[cohort_id]), None)
            .await
            .unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].first_day.to_string(), "2024-03-04");
        assert!(
            statements::list(conn, Some(&[]), None)
                .await
                .unwrap()
                .is_empty()
        );
    }
}

#[tokio::test]
async fn state_changes_refuse_a_statement_that_moved_on() {
    use StatementState::{Approved, Draft, Paid};
    for b in backends().await {
        let conn = &b.db.conn;
        let cohort_id = a_cohort(conn).await;
        let trip = Trip::from_json(UGANDA).unwrap();
        let table = rates::load_table(conn).await.unwrap();
        let statement = quote(&trip, &Policy::Skatteverket, &table).unwrap();
        let content = statements::StatementContent {
            traveller_name: "Karin Sjöberg",
            traveller_user_id: None,
            phase_label: None,
            trip: &trip,
            statement: &statement,
        };
        let id = statements::insert(conn, cohort_id, &content, None, now())
            .await
            .unwrap();
        statements::transition(conn, id, Draft, Approved, None, now())
            .await
            .unwrap();
        assert!(
            matches!(
                statements::replace_draft(conn, id, &content, now()).await,
                Err(PersistenceError::Conflict(_))
            ),
            "{}",
            b.name
        );
        assert!(matches!(
            statements::transition(conn, id, Draft, Approved, None, now()).await,
            Err(PersistenceError::Conflict(_))
        ));
        let approved = statements::find(conn, id).await.unwrap().unwrap().header;
        assert_eq!(approved.approved_at, Some(now()));
        statements::transition(conn, id, Approved, Draft, None, now())
            .await
            .unwrap();
        let reopened = statements::find(conn, id).await.unwrap().unwrap().header;
        assert_eq!((reopened.state, reopened.approved_at), (Draft, None));
        statements::transition(conn, id, Draft, Approved, None, now())
            .await
            .unwrap();
        statements::transition(conn, id, Approved, Paid, None, now())
            .await
            .unwrap();
        assert_eq!(
            statements::list(conn, None, Some(Paid))
                .await
                .unwrap()
                .len(),
            1
        );
    }
}
