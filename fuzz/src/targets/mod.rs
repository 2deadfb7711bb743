//! One module per parser of outside input.

pub mod application_import;
pub mod email;
pub mod forms;
pub mod match_case;
pub mod money;
pub mod selection_case;
pub mod skatteverket;
pub mod trip;
