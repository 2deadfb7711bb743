//! Signing in and out, setting a password from a one-time link, and the person's own account.

pub mod register;
pub mod routes;
mod self_service;
pub mod service;
mod views;
