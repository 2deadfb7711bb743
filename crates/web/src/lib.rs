//! The ITP Admin web application and the `itp` command: axum routes, maud views, sessions,
//! CSRF, scheduled jobs and demo data.
#![forbid(unsafe_code)]

pub mod admin;
pub mod app;
pub mod application;
pub mod auth;
pub mod background;
pub mod backup;
pub mod budget;
pub mod calendar;
pub mod cli;
pub mod cohort;
pub mod config;
pub mod demo;
pub mod download;
pub mod error;
pub mod export;
pub mod forms;
pub mod health;
pub mod home;
pub mod hosts;
pub mod i18n;
pub mod import_file;
pub mod jobs;
pub mod mail;
pub mod mail_templates;
pub mod ops;
pub mod participants;
pub mod per_diem;
pub mod privacy;
pub mod programme;
pub mod reports;
pub mod review;
pub mod security;
pub mod selection;
pub mod storage;
pub mod views;

pub use app::{AppState, RouteSpec, route_table, router, serve};
pub use config::Config;

/// The real clock.
pub struct SystemClock;

impl itp_domain::Clock for SystemClock {
    fn now(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now()
    }
}
