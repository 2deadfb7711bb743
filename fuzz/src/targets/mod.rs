//! One module per parser of outside input.

pub mod application_import;
pub mod email;
pub mod export_filters;
pub mod forms;
pub mod mail_template;
pub mod match_case;
pub mod money;
pub mod retention;
pub mod riksbank;
pub mod selection_case;
pub mod skatteverket;
pub mod trip;
