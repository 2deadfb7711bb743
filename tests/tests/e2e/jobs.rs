//! Scheduled jobs: the jobs page with "run now", the deadline job closing a call with a
//! controllable clock, draft reminders sent once however often the job runs, and the nightly
//! backup with its rotation.

use std::time::Duration as StdDuration;

use chrono::{DateTime, Duration, Utc};
use itp_domain::cohort::CohortStatus;
use itp_domain::reminder::DraftReminder;
use itp_persistence::mail::{self, Filter};
use itp_persistence::{cohort, jobs as records, reminders};
use itp_tests::smtp::SmtpServer;
use itp_tests::{TestApp, backend_name, location};
use itp_web::jobs::{
    self, BudgetAlerts, CloseCalls, NightlyBackup, RemindDrafts, RemindUpcoming, registry,
};
use reqwest::StatusCode;

/// Moves the test clock so that it reads `at` (give or take the test's own running time).
fn set_clock(app: &TestApp, at: DateTime<Utc>) {
    app.clock.advance(at - app.state.clock.now());
}

/// The demo applicant's draft in an open call: (application, its cohort).
async fn demo_draft(app: &TestApp) -> (i32, cohort::StoredCohort) {
    let applicant = app.user_id("applicant@example.org").await;
    for (c, _) in cohort::open_calls(&app.state.db.conn).await.unwrap() {
        let drafts = reminders::drafts_of(&app.state.db.conn, c.id)
            .await
            .unwrap();
        if let Some(d) = drafts.iter().find(|d| d.user_id == applicant) {
            return (d.application_id, c);
        }
    }
    panic!("the demo applicant has a draft in an open call");
}

async fn mail_about(app: &TestApp, cause_type: &str, id: i32) -> Vec<mail::StoredMail> {
    let filter = Filter {
        cause_type: Some(cause_type.to_owned()),
        cause_id: Some(id.to_string()),
        ..Default::default()
    };
    mail::list(&app.state.db.conn, &filter, 0, 1000)
        .await
        .unwrap()
        .mail
}

/// The draft reminders in the outbox about one application.
async fn draft_reminders(app: &TestApp, application_id: i32) -> usize {
    mail_about(app, "application", application_id)
        .await
        .into_iter()
        .filter(|m| m.template.as_deref() == Some("application.draft_reminder"))
        .count()
}

#[tokio::test]
async fn the_jobs_page_lists_every_job_and_run_now_goes_through_the_slot_and_the_audit_log() {
    let app = TestApp::spawn_with_demo().await;
    let admin = app.signed_in("admin@example.org").await;
    let (status, page) = admin.get_text("/admin/jobs").await;
    assert_eq!(status, StatusCode::OK);
    for job in registry::JOBS {
        assert!(page.contains(job.name()), "{} on the page", job.name());
        assert!(page.contains(job.default_schedule()), "{}", job.name());
    }
    assert!(page.contains("(default)"));
    assert!(
        page.contains("Not on this instance: sending mail needs an SMTP server"),
        "without SMTP the mail sender says why it does not run"
    );
    assert!(page.contains("Next run"));

    let res = admin.post_form("/admin/jobs/purge_expired/run", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), "/admin/jobs#job-purge_expired");
    let runs = records::recent_of(&app.state.db.conn, "purge_expired", 5)
        .await
        .unwrap();
    assert_eq!(runs.len(), 1, "one run recorded");
    assert_eq!(runs[0].outcome, "ok");
    assert!(
        runs[0].slot_id.is_some(),
        "run now claims a slot like a scheduled run"
    );
    assert!(runs[0].detail.starts_with("deleted "), "{}", runs[0].detail);

    let (_, page) = admin.get_text("/admin/jobs").await;
    assert!(
        page.contains("purge_expired ran: deleted"),
        "the flash says what it did"
    );
    assert!(
        page.contains(&runs[0].detail),
        "the last run with its counts"
    );
    let (_, audit) = admin.get_text("/admin/audit?action=job.run_now").await;
    assert!(audit.contains("purge_expired"));
    assert!(audit.contains("outcome: ok"));

    let res = admin.post_form("/admin/jobs/no_such_job/run", &[]).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = admin.post_form("/admin/jobs/deliver_mail/run", &[]).await;
    assert_eq!(
        res.status(),
        StatusCode::CONFLICT,
        "no SMTP server to send with"
    );

    let manager = app.signed_in("manager@example.org").await;
    assert_eq!(
        manager.get("/admin/jobs").await.status(),
        StatusCode::FORBIDDEN
    );
    let res = manager
        .post_form("/admin/jobs/purge_expired/run", &[])
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        records::recent_of(&app.state.db.conn, "purge_expired", 5)
            .await
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn the_deadline_job_closes_a_call_at_its_deadline_and_tells_its_managers_once() {
    let app = TestApp::spawn_with_demo().await;
    let (_, call) = demo_draft(&app).await;
    let deadline = call
        .settings
        .call
        .closes_at
        .expect("an open call has a deadline");
    let conn = &app.state.db.conn;
    let managers = cohort::managers(conn, call.id).await.unwrap();
    assert!(
        !managers.is_empty(),
        "the demo call has a responsible manager"
    );

    set_clock(&app, deadline - Duration::minutes(10));
    jobs::run_once(&app.state, &CloseCalls).await.unwrap();
    let before = cohort::find(conn, call.id).await.unwrap().unwrap();
    assert_eq!(
        before.status,
        CohortStatus::CallOpen,
        "not before the deadline"
    );
    assert!(mail_about(&app, "cohort", call.id).await.is_empty());

    set_clock(&app, deadline + Duration::minutes(1));
    let report = jobs::run_once(&app.state, &CloseCalls).await.unwrap();
    assert!(report.summary.contains("managers told"), "{report}");
    let after = cohort::find(conn, call.id).await.unwrap().unwrap();
    assert_eq!(after.status, CohortStatus::Selection, "{report}");
    let told = mail_about(&app, "cohort", call.id).await;
    assert_eq!(told.len(), managers.len(), "one message per manager");
    assert_eq!(told[0].template.as_deref(), Some("cohort.call_closed"));
    assert!(told[0].body.contains(&call.settings.name));
    assert!(told[0].body.contains(&format!("/cohorts/{}", call.id)));

    // Run again, and again after a while: nothing is closed or sent twice.
    jobs::run_once(&app.state, &CloseCalls).await.unwrap();
    app.clock.advance(Duration::hours(3));
    jobs::run_once(&app.state, &CloseCalls).await.unwrap();
    assert_eq!(
        mail_about(&app, "cohort", call.id).await.len(),
        managers.len()
    );

    let admin = app.signed_in("admin@example.org").await;
    let (_, audit) = admin
        .get_text(&format!(
            "/admin/audit?action=cohort.close_call&entity_id={}",
            call.id
        ))
        .await;
    assert!(
        audit.contains("job close_calls"),
        "closed by the job, as the audit log says"
    );
    assert!(audit.contains("call_open → selection"));
}

#[tokio::test]
async fn a_draft_reminder_goes_a_week_and_a_day_before_the_deadline_once_however_often_the_job_runs()
 {
    let smtp = SmtpServer::start().await;
    let app = TestApp::spawn_with_demo_and_smtp(&smtp).await;
    let (draft, call) = demo_draft(&app).await;
    let deadline = call.settings.call.closes_at.unwrap();
    let conn = &app.state.db.conn;

    set_clock(&app, deadline - Duration::days(8));
    jobs::run_once(&app.state, &RemindDrafts).await.unwrap();
    assert_eq!(
        draft_reminders(&app, draft).await,
        0,
        "nothing more than a week ahead"
    );

    set_clock(&app, deadline - Duration::days(6));
    for _ in 0..3 {
        jobs::run_once(&app.state, &RemindDrafts).await.unwrap();
    }
    assert_eq!(
        draft_reminders(&app, draft).await,
        1,
        "the week reminder, once"
    );
    let received = smtp
        .wait_for_mail_to("applicant@example.org", StdDuration::from_secs(10))
        .await;
    assert!(received.subject().contains("is not submitted yet"));
    assert!(
        received.body().contains(" days and "),
        "{}",
        received.body()
    );
    assert!(
        received
            .body()
            .contains(&format!("/applications/{draft}/edit/organisation"))
    );

    set_clock(&app, deadline - Duration::hours(12));
    jobs::run_once(&app.state, &RemindDrafts).await.unwrap();
    jobs::run_once(&app.state, &RemindDrafts).await.unwrap();
    assert_eq!(
        draft_reminders(&app, draft).await,
        2,
        "and the day reminder, once"
    );

    // Both go out over SMTP, each once, before the clock passes the deadline (a reminder's mail
    // expires with the deadline, so a sender slower than the test's clock would drop it).
    let deadline_wait = std::time::Instant::now() + StdDuration::from_secs(10);
    loop {
        let to_applicant = smtp
            .received()
            .into_iter()
            .filter(|m| m.rcpt_to.contains(&"applicant@example.org".to_owned()))
            .filter(|m| m.subject().contains("not submitted yet"))
            .count();
        if to_applicant == 2 {
            break;
        }
        assert!(to_applicant < 2, "a reminder arrived twice");
        assert!(
            std::time::Instant::now() < deadline_wait,
            "the day reminder did not arrive"
        );
        tokio::time::sleep(StdDuration::from_millis(100)).await;
    }

    set_clock(&app, deadline + Duration::hours(1));
    jobs::run_once(&app.state, &RemindDrafts).await.unwrap();
    assert_eq!(
        draft_reminders(&app, draft).await,
        2,
        "nothing after the deadline"
    );

    for kind in [DraftReminder::SevenDays, DraftReminder::OneDay] {
        let cause = reminders::Cause {
            kind: kind.kind(),
            subject_type: "application",
            subject_id: draft,
            user_id: app.user_id("applicant@example.org").await,
        };
        let fact = reminders::find(conn, &cause)
            .await
            .unwrap()
            .expect("recorded");
        assert!(fact.mail_id.is_some(), "the fact names the message it sent");
    }
}

#[tokio::test]
async fn the_nightly_backup_keeps_the_newest_fourteen_each_checked_or_says_why_it_skips() {
    let app = TestApp::spawn_with_demo().await;
    let report = jobs::run_once(&app.state, &NightlyBackup).await.unwrap();
    if backend_name() == "postgres" {
        assert!(report.summary.starts_with("skipped"), "{report}");
        assert!(report.summary.contains("pg_dump"), "{report}");
        return;
    }
    let dir = jobs::backup_directory(&app.state.config.data_dir);
    let first: Vec<_> = std::fs::read_dir(&dir).unwrap().collect();
    assert_eq!(first.len(), 1, "{report}");
    let written = first[0].as_ref().unwrap().path();
    // Fifteen older nights, copies of the first.
    for day in 1..=15 {
        std::fs::copy(
            &written,
            dir.join(format!("itp-200001{day:02}-023000.sqlite")),
        )
        .unwrap();
    }
    app.clock.advance(Duration::days(1));
    let report = jobs::run_once(&app.state, &NightlyBackup).await.unwrap();
    assert!(report.summary.contains("14 backups kept"), "{report}");
    assert!(report.summary.contains("3 old backups removed"), "{report}");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names.len(), 14);
    assert_eq!(
        names[0], "itp-20000104-023000.sqlite",
        "the oldest three went"
    );
    assert!(written.exists(), "yesterday's stays");

    // A kept backup that has gone bad is reported, by name (not the oldest, which the next
    // run's rotation removes).
    std::fs::write(dir.join(&names[5]), b"not a database at all").unwrap();
    app.clock.advance(Duration::days(1));
    let err = jobs::run_once(&app.state, &NightlyBackup)
        .await
        .expect_err("a bad backup fails the run");
    assert!(err.to_string().contains(&names[5]), "{err}");
}

#[tokio::test]
async fn finance_hears_once_when_a_line_reaches_its_warning_level_and_once_when_beyond_it() {
    use itp_domain::budget::Category;
    use itp_domain::{Currency, Money};
    use itp_persistence::budget::cost_items::{self, CostDraft};
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let running = crate::per_diem_statements::cohort(&app, "MF", "running").await;
    let visa_alerts = || async {
        app.outbox_to("finance@example.org")
            .await
            .into_iter()
            .filter(|m| m.template.as_deref() == Some("budget.alert"))
            .filter(|m| m.subject.contains("Visas"))
            .collect::<Vec<_>>()
    };
    // The demo's visa line is committed beyond 90 % of its plan: one alert however often the
    // job runs.
    for _ in 0..2 {
        jobs::run_once(&app.state, &BudgetAlerts).await.unwrap();
        app.clock.advance(Duration::minutes(1));
    }
    let alerts = visa_alerts().await;
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    assert!(
        alerts[0].subject.contains("reached 90 % of its plan"),
        "{}",
        alerts[0].subject
    );
    assert!(
        alerts[0]
            .body
            .contains(&format!("/cohorts/{running}/budget")),
        "{}",
        alerts[0].body
    );

    // Two more visa fees take the line beyond its plan: one more alert, then no more.
    let draft = CostDraft {
        cohort_id: running,
        category: Category::Visas,
        participant_id: None,
        phase_id: None,
        supplier: "Embassy of Sweden, Kampala",
        description: "Schengen visa fees, two late applications",
        incurred_on: app.state.clock.now().date_naive(),
        original: Money::parse("1000", Currency::SEK).unwrap(),
    };
    let outcome = cost_items::add_manual(conn, &draft, None, None, app.state.clock.now())
        .await
        .unwrap();
    assert!(outcome.id().is_some(), "{outcome:?}");
    for _ in 0..2 {
        jobs::run_once(&app.state, &BudgetAlerts).await.unwrap();
        app.clock.advance(Duration::minutes(1));
    }
    let alerts = visa_alerts().await;
    assert_eq!(alerts.len(), 2, "{alerts:?}");
    assert!(
        alerts
            .iter()
            .any(|m| m.subject.contains("gone beyond its plan"))
    );
}

#[tokio::test]
async fn participants_are_reminded_of_their_next_phase_once_unless_excused() {
    use itp_domain::participants::Attendance;
    use itp_persistence::participants;
    let app = TestApp::spawn_with_demo().await;
    let conn = &app.state.db.conn;
    let running = crate::per_diem_statements::cohort(&app, "MF", "running").await;
    let today = app.state.clock.now().date_naive();
    let next = itp_persistence::phase::of_cohort(conn, running)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.phase.dates.start > today)
        .expect("the running cohort has a phase ahead");
    let people = participants::of_cohort(conn, running).await.unwrap();
    assert!(people.len() >= 2);
    let excused = &people[0];
    let record = participants::phases_of(conn, &[excused.id])
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.phase_id == next.id)
        .expect("every participant has a record for every phase");
    participants::set_attendance(conn, record.id, Attendance::Excused, app.state.clock.now())
        .await
        .unwrap();

    // Three days before the phase, at noon in Stockholm; the job runs twice.
    let day = next.phase.dates.start - Duration::days(3);
    set_clock(&app, day.and_hms_opt(11, 0, 0).unwrap().and_utc());
    for _ in 0..2 {
        let report = jobs::run_once(&app.state, &RemindUpcoming).await.unwrap();
        assert!(
            report.summary.contains("participants of phases"),
            "{report}"
        );
        app.clock.advance(Duration::minutes(1));
    }
    for p in &people {
        let reminders: Vec<_> = mail_about(&app, "participant", p.id)
            .await
            .into_iter()
            .filter(|m| m.template.as_deref() == Some("phase.reminder"))
            .collect();
        let expected = usize::from(p.id != excused.id);
        assert_eq!(reminders.len(), expected, "{}: {reminders:?}", p.full_name);
        if let Some(m) = reminders.first() {
            assert!(m.subject.contains(&next.phase.title), "{}", m.subject);
            assert!(m.body.contains(&format!("Hello {}", p.full_name)));
        }
    }
}
