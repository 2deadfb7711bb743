//! Budget storage on every backend at hand: SQLite always, PostgreSQL when
//! `ITP_TEST_DATABASE_URL` names a server.

use chrono::{NaiveDate, TimeZone, Utc};
use itp_domain::budget::{
    AlertLevel, Category, Control, CostSourceKind, CostState, LineInput, Payment, Rate, RateSource,
};
use itp_domain::{Currency, Money};
use rust_decimal_macros::dec;

use super::cost_items::{self, Approval, CostDraft, CostSource, Outcome};
use super::lines::{self, Saved};
use super::{figures, rates};
use crate::test_support::{a_cohort, backends};

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 9, 0, 0).unwrap()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn draft(cohort_id: i32, category: Category, amount: Money, on: &str) -> CostDraft<'static> {
    CostDraft {
        cohort_id,
        category,
        participant_id: None,
        phase_id: None,
        supplier: "Kenya Airways",
        description: "Nairobi–Stockholm",
        incurred_on: day(on),
        original: amount,
    }
}

async fn plan(
    conn: &impl sea_orm::ConnectionTrait,
    cohort: i32,
    category: Category,
    planned: &str,
) -> i32 {
    let p = LineInput {
        planned: planned.into(),
        ..Default::default()
    }
    .validate()
    .unwrap();
    let current = lines::find(conn, cohort, category).await.unwrap();
    match lines::save_plan(conn, cohort, category, current.version, &p, None, now())
        .await
        .unwrap()
    {
        Saved::Saved { version } => version,
        Saved::Stale(_) => panic!("stale"),
    }
}

#[tokio::test]
async fn a_stale_line_save_changes_nothing_and_returns_what_is_stored() {
    for b in backends().await {
        let conn = &b.db.conn;
        let cohort = a_cohort(conn).await;
        let unsaved = lines::find(conn, cohort, Category::Flights).await.unwrap();
        assert_eq!(unsaved.version, 0);
        let first = LineInput {
            planned: "100000".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        let second = LineInput {
            planned: "120000".into(),
            ..Default::default()
        }
        .validate()
        .unwrap();
        assert_eq!(
            lines::save_plan(conn, cohort, Category::Flights, 0, &first, None, now())
                .await
                .unwrap(),
            Saved::Saved { version: 1 }
        );
        // A second person's form was read at version 0 too.
        let Saved::Stale(current) =
            lines::save_plan(conn, cohort, Category::Flights, 0, &second, None, now())
                .await
                .unwrap()
        else {
            panic!("{}: a second first save went in", b.name)
        };
        assert_eq!(current.plan.planned.amount(), dec!(100000));
        assert!(matches!(
            lines::set_control(
                conn,
                cohort,
                Category::Flights,
                1,
                Control::Stop,
                None,
                now()
            )
            .await
            .unwrap(),
            Saved::Saved { version: 2 }
        ));
        let Saved::Stale(current) =
            lines::save_plan(conn, cohort, Category::Flights, 1, &second, None, now())
                .await
                .unwrap()
        else {
            panic!("{}: a stale save went in", b.name)
        };
        assert_eq!(current.control, Control::Stop);
        assert_eq!(current.plan.planned.amount(), dec!(100000));
        let all = lines::of_cohort(conn, cohort).await.unwrap();
        assert_eq!(all.len(), <Category as itp_domain::Code>::ALL.len());
    }
}

#[tokio::test]
async fn a_foreign_booking_converts_at_the_rate_of_its_date_and_upserts_once() {
    for b in backends().await {
        let conn = &b.db.conn;
        let cohort = a_cohort(conn).await;
        let usd = |on: &str, r| Rate {
            currency: Currency::USD,
            on: day(on),
            sek_per_unit: r,
            source: RateSource::Manual,
        };
        rates::save(
            conn,
            &[
                usd("2026-11-02", dec!(10.4235)),
                usd("2026-11-09", dec!(10.9)),
            ],
            None,
            now(),
        )
        .await
        .unwrap();
        let source = CostSource::booking(CostSourceKind::ItineraryLeg, 41);
        let amount = Money::new(dec!(812.40), Currency::USD);
        let before_rates = draft(cohort, Category::Flights, amount, "2026-11-01");
        let refused =
            cost_items::upsert_from_source(conn, &source, &before_rates, None, None, now())
                .await
                .unwrap();
        assert!(matches!(refused, Outcome::NoRate(_)), "{}", b.name);
        assert!(refused.refusal().unwrap().contains("USD"));

        let d = draft(cohort, Category::Flights, amount, "2026-11-08");
        let id = cost_items::upsert_from_source(conn, &source, &d, None, None, now())
            .await
            .unwrap()
            .id()
            .unwrap();
        let stored = cost_items::find(conn, id).await.unwrap().unwrap();
        // 812.40 × 10.4235 = 8468.05140 → 8 468.05 SEK, at the rate of 2 November.
        assert_eq!(stored.sek.amount(), dec!(8468.05), "{}", b.name);
        assert_eq!(stored.rate_on, day("2026-11-02"));
        assert_eq!(stored.sek_per_unit, dec!(10.4235));
        assert_eq!(stored.original, amount);

        // Saved again with a new amount: the same item, updated.
        let d2 = draft(
            cohort,
            Category::Flights,
            Money::new(dec!(900), Currency::USD),
            "2026-11-10",
        );
        let again = cost_items::upsert_from_source(conn, &source, &d2, None, None, now())
            .await
            .unwrap();
        assert_eq!(again.id(), Some(id));
        let stored = cost_items::find(conn, id).await.unwrap().unwrap();
        assert_eq!(stored.sek.amount(), dec!(9810.00));
        assert_eq!(stored.version, 2);
        let sums = cost_items::sums(conn, cohort).await.unwrap();
        assert_eq!(sums[&Category::Flights].committed_ore, 981_000);
        assert!(cost_items::remove_from_source(conn, &source).await.unwrap());
        assert!(cost_items::sums(conn, cohort).await.unwrap().is_empty());
    }
}

#[tokio::test]
async fn a_stopped_line_needs_an_approval_beyond_its_plan() {
    for b in backends().await {
        let conn = &b.db.conn;
        let cohort = a_cohort(conn).await;
        let v = plan(conn, cohort, Category::Visas, "1000").await;
        lines::set_control(conn, cohort, Category::Visas, v, Control::Stop, None, now())
            .await
            .unwrap();
        let sek = |a| Money::sek(a);
        let warned = cost_items::add_manual(
            conn,
            &draft(cohort, Category::Visas, sek(dec!(950)), "2026-11-02"),
            None,
            None,
            now(),
        )
        .await
        .unwrap();
        assert!(
            matches!(
                warned,
                Outcome::Saved {
                    warning: Some(AlertLevel::Warning),
                    ..
                }
            ),
            "{}",
            b.name
        );
        let beyond = draft(cohort, Category::Visas, sek(dec!(100)), "2026-11-03");
        let refused = cost_items::add_manual(conn, &beyond, None, None, now())
            .await
            .unwrap();
        assert_eq!(
            refused,
            Outcome::NeedsApproval {
                category: Category::Visas,
                over_by: dec!(50)
            }
        );
        let approval = Approval {
            by_user_id: 7,
            reason: "Two visa fees rose in November",
        };
        let saved = cost_items::add_manual(conn, &beyond, Some(&approval), None, now())
            .await
            .unwrap();
        let stored = cost_items::find(conn, saved.id().unwrap())
            .await
            .unwrap()
            .unwrap();
        assert_eq!(stored.over_budget_approved_by, Some(7));
        assert_eq!(stored.over_budget_reason, "Two visa fees rose in November");
        assert_eq!(stored.source, CostSource::manual());
    }
}

#[tokio::test]
async fn marking_paid_is_versioned_and_moves_actual() {
    for b in backends().await {
        let conn = &b.db.conn;
        let cohort = a_cohort(conn).await;
        let id = cost_items::add_manual(
            conn,
            &draft(
                cohort,
                Category::Other,
                Money::sek(dec!(10.01)),
                "2026-11-02",
            ),
            None,
            None,
            now(),
        )
        .await
        .unwrap()
        .id()
        .unwrap();
        let pay = Payment {
            paid_on: day("2026-11-20"),
            voucher: "V-1042".into(),
        };
        assert!(
            cost_items::mark_paid(conn, id, 1, &pay, now())
                .await
                .unwrap()
        );
        assert!(
            !cost_items::mark_paid(conn, id, 1, &pay, now())
                .await
                .unwrap(),
            "{}: stale",
            b.name
        );
        let stored = cost_items::find(conn, id).await.unwrap().unwrap();
        assert_eq!(stored.state, CostState::Paid);
        let budget = figures::cohort_budget(conn, cohort).await.unwrap();
        let other = budget
            .lines
            .iter()
            .find(|(l, _)| l.category == Category::Other)
            .unwrap();
        assert_eq!((other.1.committed_ore, other.1.paid_ore), (1001, 1001));
        let moves = figures::movements(conn, cohort).await.unwrap();
        assert_eq!(moves[&day("2026-11-02")].committed_ore, 1001);
        assert_eq!(moves[&day("2026-11-20")].paid_ore, 1001);
        let all = figures::all_cohorts(conn).await.unwrap();
        assert_eq!(all.len(), 1);
        assert_eq!(all[0].categories[&Category::Other], (0, 1001, 1001));
    }
}
