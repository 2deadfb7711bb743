//! Views: pure functions from data to `Markup`, wrapped by [`layout::page`], built from the shared
//! [`components`].

pub mod components;
pub mod confirm;
pub mod error_pages;
pub mod layout;
pub mod print;
pub mod time;

pub use layout::{PageContext, page};
