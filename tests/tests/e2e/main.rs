//! End-to-end tests: the real server over real HTTP, on SQLite by default and on PostgreSQL when
//! `ITP_TEST_DATABASE_URL` is set. One test binary; one module per feature.

mod accounts;
mod application;
mod authorisation_matrix;
mod background_work;
mod budgets;
mod calendar;
mod cohort;
mod confirmations;
mod csrf;
mod errors;
mod exports;
mod held_mail;
mod hostile_input;
mod hosts;
mod jobs;
#[cfg(feature = "browser")]
mod journeys;
mod lists;
mod mail;
mod mail_templates;
mod outbox;
mod participants;
mod per_diem_rates;
mod per_diem_statements;
mod programme;
mod registration;
mod retention;
mod review;
mod selection;
mod sessions;
mod start_pages;
mod storage;
mod throttling;
