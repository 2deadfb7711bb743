//! Sign-in, sessions, CSRF, password hashing and the security headers every response carries.

pub mod access;
pub mod client;
pub mod csrf;
pub mod guard;
pub mod headers;
pub mod password;
pub mod session;
pub mod tokens;
