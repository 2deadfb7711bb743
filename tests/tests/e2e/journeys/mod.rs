//! Browser journeys (cargo feature `browser`): people's paths through the app in headless
//! Chromium, axe-core on every page. One file per feature; see `itp_tests::browser`.

mod accounts;
mod application;
mod cohort;
mod every_page;
mod exports_mail;
mod first_users;
mod harness_self_check;
mod hosts;
mod participants_budget;
mod per_diem;
mod review;
mod selection;
mod without_javascript;
