//! A manager books what the running cohort's travel list says is missing (one participant's way
//! home, with its fare in USD, and another's night in Visby), sees the bookings land on the
//! cohort's budget; finance then reads the budget, the flights line and the per-diem statement
//! computed from an itinerary. And two people edit one budget line: the second form is stale,
//! is refused with nothing lost, and saved on purpose. Every page passes axe.

use fantoccini::Locator;
use itp_domain::budget::{Category, CostSourceKind};
use itp_domain::cohort::CohortStatus;
use itp_domain::{Currency, Money};
use itp_persistence::budget::cost_items::{self, CostSource};
use itp_persistence::budget::lines;
use itp_persistence::participants::travel::{self, StoredLeg, StoredStay};
use itp_persistence::participants::{self, StoredParticipant};
use itp_persistence::phase::StoredPhase;
use itp_tests::browser::{Failure, Journey, Options, Step, axe, journey};
use itp_tests::{TestApp, ensure};

/// The running MF cohort, where the demo's thirty participants travel.
async fn running_mf(app: &TestApp) -> i32 {
    let conn = &app.state.db.conn;
    let mf = itp_persistence::programme::find_by_code(conn, "MF")
        .await
        .unwrap()
        .expect("demo programme MF");
    itp_persistence::cohort::of_programme(conn, mf.id)
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.status == CohortStatus::Running)
        .expect("a running MF cohort")
        .id
}

/// One participant's bookings in one phase.
struct Booked {
    participant: StoredParticipant,
    legs: Vec<StoredLeg>,
    stays: Vec<StoredStay>,
}

async fn bookings(app: &TestApp, cohort: i32, phase: i32) -> Vec<Booked> {
    let conn = &app.state.db.conn;
    let mut out = Vec::new();
    for p in participants::of_cohort(conn, cohort).await.unwrap() {
        let records: Vec<i32> = participants::phases_of(conn, &[p.id])
            .await
            .unwrap()
            .into_iter()
            .filter(|r| r.phase_id == phase)
            .map(|r| r.id)
            .collect();
        let legs = travel::legs_of(conn, &records).await.unwrap();
        let stays = travel::stays_of(conn, &records).await.unwrap();
        out.push(Booked {
            participant: p,
            legs,
            stays,
        });
    }
    out
}

/// One of a phase's forms on the participant page (`legs`, `stays`: the end of its action).
/// Every phase has the same forms, with the same field names, so steps look inside the phase's
/// section and that form.
#[derive(Clone, Copy)]
struct PhaseForm {
    phase: i32,
    action: &'static str,
}

impl PhaseForm {
    fn section(&self, xpath: &str) -> String {
        format!("//section[@aria-labelledby='phase-{}']{xpath}", self.phase)
    }

    fn within(&self, xpath: &str) -> String {
        self.section(&format!(
            "//form[substring(@action, string-length(@action) - {}) = '/{}']{xpath}",
            self.action.len(),
            self.action
        ))
    }

    /// Opens the form's folded details ("Add a leg", "Add a hotel stay").
    async fn unfold(&self, j: &Journey, summary: &str) -> Step {
        let xpath = self.section(&format!("//summary[normalize-space()='{summary}']"));
        j.client()
            .find(Locator::XPath(&xpath))
            .await
            .map_err(|e| Failure(format!("no '{summary}' in phase {}: {e}", self.phase)))?
            .click()
            .await?;
        Ok(())
    }

    async fn field(&self, j: &Journey, name: &str) -> Step<fantoccini::elements::Element> {
        let xpath = self.within(&format!("//*[@name='{name}']"));
        j.client()
            .find(Locator::XPath(&xpath))
            .await
            .map_err(|e| Failure(format!("no field {name} in {xpath}: {e}")))
    }

    async fn type_in(&self, j: &Journey, name: &str, value: &str) -> Step {
        let field = self.field(j, name).await?;
        field.clear().await?;
        field.send_keys(value).await?;
        Ok(())
    }

    /// Sets a date or date-time field as a script would (typing into them depends on the
    /// browser's locale).
    async fn set(&self, j: &Journey, name: &str, value: &str) -> Step {
        let field = self.field(j, name).await?;
        let arg = serde_json::to_value(&field)
            .map_err(|e| Failure(format!("field {name} as a script argument: {e}")))?;
        j.client()
            .execute(
                "arguments[0].value = arguments[1]; \
                 arguments[0].dispatchEvent(new Event('change', { bubbles: true }));",
                vec![arg, value.into()],
            )
            .await?;
        Ok(())
    }

    /// Presses the form's button `label`; the page it leads to is checked with axe-core as
    /// every other page of a journey is.
    async fn press(&self, j: &Journey, label: &str) -> Step {
        let xpath = self.within(&format!("//button[normalize-space()='{label}']"));
        let button = j
            .client()
            .find(Locator::XPath(&xpath))
            .await
            .map_err(|e| Failure(format!("no button '{label}' in {xpath}: {e}")))?;
        j.click_and_wait(button).await?;
        let page = j.path().await?;
        let blocking: Vec<String> = axe::check(j.client())
            .await
            .map_err(Failure)?
            .iter()
            .filter(|v| v.is_blocking())
            .map(|v| v.describe(&page))
            .collect();
        ensure!(
            blocking.is_empty(),
            "{} serious or critical accessibility violation(s) on {page}:\n  {}",
            blocking.len(),
            blocking.join("\n  ")
        );
        Ok(())
    }
}

/// The text of the element `css`, with the no-break spaces of amounts as plain spaces (as
/// WebDriver gives them).
/// The element's text with no-break spaces as plain ones, as amounts are compared here.
async fn text_of(j: &Journey, css: &str) -> Step<String> {
    Ok(j.text_of(css).await?.replace('\u{a0}', " "))
}

/// The committed and planned totals of the budget page, as the database has them.
async fn totals(app: &TestApp, cohort: i32) -> (String, String) {
    let (committed, planned) = app.budget_totals_ore(cohort).await;
    let shown = |ore| {
        Money::from_minor_units(ore, Currency::SEK)
            .to_string()
            .replace('\u{a0}', " ")
    };
    (shown(committed), shown(planned))
}

#[tokio::test]
async fn a_manager_books_what_is_missing_and_finance_reads_the_budget() {
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let cohort = running_mf(&app).await;
    let phases = itp_persistence::phase::of_cohort(conn, cohort)
        .await
        .unwrap();
    let today = app.state.clock.now().date_naive();
    let trip: StoredPhase = itp_web::participants::next_travelled(&phases, today)
        .expect("the demo's cohort travels to a phase still to come")
        .clone();
    let booked = bookings(&app, cohort, trip.id).await;
    // The demo leaves one participant without the way home and one without a hotel one night.
    let homeless = booked
        .iter()
        .find(|b| b.legs.len() == 1)
        .expect("a participant without a return journey");
    let outbound = homeless.legs[0].leg.clone();
    let gap = booked
        .iter()
        .find(|b| b.stays.len() == 2)
        .expect("a participant with a night without a hotel");
    let night = gap.stays[0].stay.check_out;
    let hotel = gap.stays[0].stay.hotel.clone();
    let (start, end) = (trip.phase.dates.start, trip.phase.dates.end);
    let route = format!("{} → {}", outbound.to_place, outbound.from_place);
    let statement = travel::statements_of_cohort(conn, cohort)
        .await
        .unwrap()
        .into_iter()
        .next()
        .expect("the demo's statement computed from an itinerary");
    let traveller = participants::of_cohort(conn, cohort)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.id == statement.0)
        .expect("the statement's traveller")
        .full_name;
    let (p1, p2, phase) = (&homeless.participant, &gap.participant, trip.id);
    let app = &app;
    journey(
        app,
        "a manager books what is missing and finance reads the budget",
        Options::default(),
        async |j| {
            j.sign_in("manager@example.org").await?;
            j.goto(&format!("/cohorts/{cohort}/participants")).await?;
            j.expect_text("30 participants").await?;
            j.follow(&p1.full_name).await?;
            let trip_section = format!("section[aria-labelledby=\"phase-{phase}\"]");
            let warned = text_of(j, &trip_section).await?;
            ensure!(
                warned.contains("No return journey booked."),
                "the phase warns of the missing way home: {warned}"
            );

            // The way home, booked in USD.
            let leg_form = PhaseForm {
                phase,
                action: "legs",
            };
            leg_form.unfold(j, "Add a leg").await?;
            leg_form
                .type_in(j, "from_place", &outbound.to_place)
                .await?;
            leg_form
                .type_in(j, "from_country", outbound.to_country.as_str())
                .await?;
            leg_form.set(j, "departs", &format!("{end}T16:00")).await?;
            leg_form
                .type_in(j, "departs_zone", outbound.arrives_zone.name())
                .await?;
            leg_form
                .type_in(j, "to_place", &outbound.from_place)
                .await?;
            leg_form
                .type_in(j, "to_country", outbound.from_country.as_str())
                .await?;
            let home = (end + chrono::Duration::days(1)).to_string();
            leg_form.set(j, "arrives", &format!("{home}T06:10")).await?;
            leg_form
                .type_in(j, "arrives_zone", outbound.departs_zone.name())
                .await?;
            leg_form.type_in(j, "carrier", "Kenya Airways").await?;
            leg_form.type_in(j, "booking_reference", "KQ4R7T").await?;
            leg_form.type_in(j, "cost", "6100.00").await?;
            leg_form.type_in(j, "currency", "USD").await?;
            leg_form.press(j, "Add the leg").await?;
            j.expect_text(&format!("The leg {route} was added."))
                .await?;
            let after = text_of(j, &trip_section).await?;
            ensure!(
                !after.contains("No return journey booked.") && after.contains("KQ4R7T"),
                "the way home is listed and no longer missing: {after}"
            );

            // The browser's booking is a cost item on the flights line, in its own currency.
            let records: Vec<i32> = participants::phases_of(&app.state.db.conn, &[p1.id])
                .await
                .unwrap()
                .iter()
                .map(|r| r.id)
                .collect();
            let leg = travel::legs_of(&app.state.db.conn, &records)
                .await
                .unwrap()
                .into_iter()
                .find(|l| l.leg.booking_reference == "KQ4R7T")
                .ok_or_else(|| Failure("the leg typed in the browser is not stored".into()))?;
            let item = cost_items::of_source(
                &app.state.db.conn,
                &CostSource::booking(CostSourceKind::ItineraryLeg, leg.id),
            )
            .await
            .unwrap()
            .ok_or_else(|| Failure("the leg's cost is not committed on the budget".into()))?;
            ensure!(
                item.category == Category::Flights
                    && item.participant_id == Some(p1.id)
                    && item.original.plain() == "6100.00"
                    && item.original.currency() == Currency::USD
                    && item.incurred_on == end,
                "the leg's cost item: {item:?}"
            );
            let on_cohort =
                cost_items::of_cohort(&app.state.db.conn, cohort, Some(Category::Flights))
                    .await
                    .unwrap();
            ensure!(
                on_cohort.iter().any(|c| c.id == item.id),
                "the leg's cost item is not among the cohort's flights"
            );

            // The other participant's missing night.
            j.goto(&format!("/cohorts/{cohort}/participants")).await?;
            j.follow(&p2.full_name).await?;
            let missing = format!("No hotel for the night of {night}.");
            let warned = text_of(j, &trip_section).await?;
            ensure!(
                warned.contains(&missing),
                "the phase warns of the night without a hotel: {warned}"
            );
            let stay_form = PhaseForm {
                phase,
                action: "stays",
            };
            stay_form.unfold(j, "Add a hotel stay").await?;
            stay_form.type_in(j, "hotel", &hotel).await?;
            stay_form.set(j, "check_in", &night.to_string()).await?;
            stay_form
                .set(
                    j,
                    "check_out",
                    &(night + chrono::Duration::days(1)).to_string(),
                )
                .await?;
            stay_form.type_in(j, "cost", "950").await?;
            stay_form.type_in(j, "currency", "SEK").await?;
            stay_form.press(j, "Add the stay").await?;
            // The message reads "(1 nights)" for one night; only its start is checked here.
            j.expect_text(&format!("The stay at {hotel} was added"))
                .await?;
            let after = text_of(j, &trip_section).await?;
            ensure!(
                !after.contains("No hotel for the night of"),
                "the night is no longer without a hotel: {after}"
            );
            ensure!(start <= night && night < end, "the night is in the phase");

            // The cohort's budget counts both.
            j.goto(&format!("/cohorts/{cohort}/budget")).await?;
            j.expect_text("Budget lines").await?;
            let (committed, planned) = totals(app, cohort).await;
            let total = text_of(j, "#budget-total").await?;
            ensure!(
                total.contains(&committed) && total.contains(&planned),
                "the total row shows {committed} committed of {planned} planned: {total}"
            );
            j.expect_text(&format!("{route} (KQ4R7T)")).await?;
            j.sign_out().await?;

            // Finance reads the same figures, the flights line and the computed statement.
            j.sign_in("finance@example.org").await?;
            j.goto(&format!("/cohorts/{cohort}/budget")).await?;
            let total = text_of(j, "#budget-total").await?;
            ensure!(
                total.contains(&committed),
                "finance sees {committed} committed: {total}"
            );
            j.follow("Flights").await?;
            j.expect_text("Cost items of this line").await?;
            j.expect_text("Kenya Airways").await?;
            j.goto(&format!("/per-diem/statements/{}", statement.2))
                .await?;
            j.expect_text("Per-diem statement").await?;
            j.expect_text(&traveller).await
        },
    )
    .await;
}

#[tokio::test]
async fn a_stale_budget_line_form_is_refused_with_nothing_lost_and_saved_again() {
    let app = TestApp::spawn_with_demo().await;
    let cohort = running_mf(&app).await;
    let other = app.signed_in("admin@example.org").await;
    let app = &app;
    journey(
        app,
        "a stale budget line form is refused and saved again",
        Options::default(),
        async |j| {
            j.sign_in("manager@example.org").await?;
            j.goto(&format!("/cohorts/{cohort}/budget")).await?;
            j.follow("Visas").await?;
            j.expect_text("Unit-cost calculator").await?;
            // While the manager's form is open, someone else saves the line.
            let read_at = lines::find(&app.state.db.conn, cohort, Category::Visas)
                .await
                .unwrap()
                .version
                .to_string();
            let res = other
                .post_form(
                    &format!("/cohorts/{cohort}/budget/lines/visas"),
                    &[("version", read_at.as_str()), ("planned", "48000")],
                )
                .await;
            ensure!(
                res.status().is_redirection(),
                "the other person's save: {}",
                res.status()
            );
            j.fill("planned", "51 250,50").await?;
            j.fill("note", "Two more visas").await?;
            j.press("Save the plan").await?;
            j.expect_text("Someone else saved this line while you were editing it")
                .await?;
            let theirs = text_of(j, "#stale-planned").await?;
            ensure!(theirs.contains("48,000.00"), "their value: {theirs}");
            let kept = j.value_of("planned").await?;
            ensure!(
                kept == "51 250,50",
                "what the manager typed is kept: {kept:?}"
            );
            let stored = lines::find(&app.state.db.conn, cohort, Category::Visas)
                .await
                .unwrap();
            ensure!(
                stored.plan.planned.plain() == "48000.00",
                "the stale form wrote nothing: {}",
                stored.plan.planned.plain()
            );
            // Saving again, with their value in view, replaces it.
            j.press("Save the plan").await?;
            j.expect_text("The plan of Visas is saved.").await?;
            let stored = lines::find(&app.state.db.conn, cohort, Category::Visas)
                .await
                .unwrap();
            ensure!(
                stored.plan.planned.plain() == "51250.50" && stored.plan.note == "Two more visas",
                "the second save: {} {:?}",
                stored.plan.planned.plain(),
                stored.plan.note
            );
            Ok(())
        },
    )
    .await;
}
