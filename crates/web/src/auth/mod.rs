//! Signing in and out, setting a password from a one-time link, and the person's own account.

pub mod register;
pub mod routes;
pub mod service;
mod views;
