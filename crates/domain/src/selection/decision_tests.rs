//! Stored settings, decisions and the funnel.

use std::collections::BTreeSet;

use proptest::prelude::*;
use rust_decimal_macros::dec;

use super::*;
use crate::application::fields::Gender;
use crate::code::assert_round_trip;
use crate::country::CountryCode;
use crate::programme::TeamRole;

fn team(reference: &str, country: &str, women: usize, men: usize, politician: bool) -> Team {
    let role = if politician {
        TeamRole::Politician
    } else {
        TeamRole::Official
    };
    let mut members = vec![
        Member {
            gender: Gender::Woman,
            role
        };
        women
    ];
    members.extend(vec![
        Member {
            gender: Gender::Man,
            role
        };
        men
    ]);
    Team {
        reference: reference.to_owned(),
        country: CountryCode::parse(country).unwrap(),
        submitted_at: chrono::Utc::now(),
        members,
    }
}

fn input() -> SettingsInput {
    SelectionSettings::usual(true).input()
}

#[test]
fn codes_round_trip() {
    assert_round_trip::<Decision>();
    assert_round_trip::<OfferState>();
    assert_round_trip::<Stage>();
}

#[test]
fn the_usual_settings_are_icld_s_balance_and_read_back_from_their_form() {
    let usual = SelectionSettings::usual(true);
    assert_eq!(usual.input().validate().unwrap(), usual);
    assert_eq!(
        usual.quotas(),
        vec![
            Quota::hard(QuotaRule::MaxTeamsPerCountry(2)),
            Quota::hard(QuotaRule::MinWomenShare(dec!(0.40))),
            Quota::hard(QuotaRule::PoliticianPerTeam),
        ]
    );
    assert!(SelectionSettings::usual(false).quotas().len() == 2);
    assert_eq!(usual.seats_or(25), 25);
}

#[test]
fn each_quota_can_be_soft_or_left_out() {
    let mut i = input();
    i.max_teams_per_country_hard = false;
    i.min_women_percent = String::new();
    i.politician_per_team = false;
    i.seats = "20".into();
    let s = i.validate().unwrap();
    assert_eq!(s.seats_or(25), 20);
    assert_eq!(
        s.quotas(),
        vec![Quota::soft(QuotaRule::MaxTeamsPerCountry(2))]
    );
}

#[test]
fn bad_numbers_are_refused_per_field() {
    let mut i = input();
    i.seats = "0".into();
    i.max_teams_per_country = "two".into();
    i.min_women_percent = "101".into();
    i.review_deadline = "15/01/2027".into();
    i.confirm_days = "0".into();
    let errors = i.validate().unwrap_err();
    for field in [
        "seats",
        "max_teams_per_country",
        "min_women_percent",
        "review_deadline",
        "confirm_days",
    ] {
        assert!(errors.for_field(field).is_some(), "{field}");
    }
}

#[test]
fn the_review_deadline_is_the_end_of_its_day() {
    let mut i = input();
    i.review_deadline = " 2027-01-15 ".into();
    let s = i.validate().unwrap();
    assert_eq!(
        s.review_deadline.unwrap().to_rfc3339(),
        "2027-01-15T23:59:59+00:00"
    );
    assert_eq!(s.input().review_deadline, "2027-01-15");
}

#[test]
fn a_change_names_the_hard_quotas_it_breaks() {
    let a = team("A", "UG", 1, 1, true);
    let b = team("B", "UG", 1, 1, true);
    let c = team("C", "TZ", 0, 2, false);
    let quotas = SelectionSettings::usual(true).quotas();
    let mut one = SelectionSettings::usual(true);
    one.max_teams_per_country = Some(1);
    assert_eq!(
        breaks([&a], &b, 25, &one.quotas()),
        vec![QuotaKind::MaxTeamsPerCountry]
    );
    assert!(breaks([&a], &b, 25, &quotas).is_empty());
    assert_eq!(breaks([&a], &b, 3, &quotas), vec![QuotaKind::Seats]);
    assert_eq!(
        breaks([&a], &c, 25, &quotas),
        vec![QuotaKind::MinWomenShare, QuotaKind::PoliticianPerTeam]
    );
    // A soft quota is never "broken" by a change: the board reports how it stands instead.
    let mut soft = SelectionSettings::usual(true);
    soft.politician_hard = false;
    soft.min_women_hard = false;
    assert!(breaks([&a], &c, 25, &soft.quotas()).is_empty());
}

#[test]
fn the_reserve_order_is_the_applied_order_without_unknown_or_repeated_teams() {
    let teams = vec![team("A", "UG", 1, 1, true), team("B", "TZ", 1, 1, true)];
    let order = reserve_order(&teams, &["B".into(), "X".into(), "A".into(), "B".into()]);
    assert_eq!(order.iter().map(|r| r.team).collect::<Vec<_>>(), vec![1, 0]);
}

#[test]
fn the_funnel_counts_each_team_in_every_stage_it_reached() {
    let t = |country: &str, reached| FunnelTeam {
        country: country.into(),
        genders: vec![Gender::Woman, Gender::Man],
        reached,
    };
    let f = Funnel::of(&[
        t("UG", Stage::Confirmed),
        t("UG", Stage::Eligible),
        t("TZ", Stage::Applied),
    ]);
    assert_eq!(f.count(Stage::Applied), 3);
    assert_eq!(f.count(Stage::Eligible), 2);
    assert_eq!(f.count(Stage::Reviewed), 1);
    assert_eq!(f.count(Stage::Confirmed), 1);
    assert_eq!(f.by_country["UG"][&Stage::Eligible], 2);
    assert_eq!(f.by_gender[&Gender::Woman][&Stage::Applied], 3);
    assert_eq!(f.by_gender[&Gender::Man].get(&Stage::Selected), Some(&1));
}

fn arb_team(i: usize) -> impl Strategy<Value = Team> {
    (0usize..3, 0usize..3, 0usize..3, any::<bool>()).prop_map(move |(c, w, m, p)| {
        let country = ["UG", "TZ", "KE"][c];
        team(&format!("T{i}"), country, w, m.max(usize::from(w == 0)), p)
    })
}

proptest! {
    /// Refilling from the applied reserve order never breaks a hard quota the holders keep,
    /// and offers only reserve teams.
    #[test]
    fn a_refill_in_reserve_order_keeps_the_hard_quotas(
        teams in (0usize..10).prop_flat_map(|n| (0..n).map(arb_team).collect::<Vec<_>>()),
        held in 0usize..4,
        seats in 2u32..12,
    ) {
        let settings = SelectionSettings::usual(true);
        let quotas = settings.quotas();
        let fixed: BTreeSet<String> = teams.iter().take(held).map(|t| t.reference.clone()).collect();
        let reserve: Vec<String> = teams.iter().skip(held).map(|t| t.reference.clone()).rev().collect();
        let ranking = reserve_order(&teams, &reserve);
        let out = refill(&ProposalInput {
            teams: &teams,
            ranking: &ranking,
            seats,
            quotas: &quotas,
            fixed: &fixed,
            excluded: &BTreeSet::new(),
        });
        let holders: Vec<&Team> = teams.iter().filter(|t| fixed.contains(&t.reference)).collect();
        let before = balance(holders.iter().copied(), seats, &quotas);
        let mut after_teams = holders.clone();
        for o in &out.offers {
            prop_assert!(reserve.contains(o));
            after_teams.push(teams.iter().find(|t| &t.reference == o).unwrap());
        }
        let after = balance(after_teams, seats, &quotas);
        for kind in after.broken_hard() {
            prop_assert!(before.broken_hard().contains(&kind),
                "{kind:?} broken by the refill");
        }
        prop_assert!(after.seats_used <= seats || before.seats_used > seats);
    }
}
