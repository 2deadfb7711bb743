//! Mail texts per programme and kind, edited in the app: the list of kinds with the text that
//! applies to each, an editor with a preview rendered from a real record of the programme, and a
//! test mail to oneself through the outbox. The rules (which placeholders each kind may and must
//! use) are `itp_domain::mail::KINDS`; which text a message is written from is
//! `crate::mail::texts`.

mod preview;
mod routes;
mod service;
mod views;

pub use routes::routes;
