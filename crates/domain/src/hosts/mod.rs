//! Host municipalities and regions: who can host a study visit, what they can show, how teams
//! are matched to them, and the life of one study visit.

pub mod case;
pub mod hosting;
pub mod matching;
pub mod municipalities;
pub mod registration;
pub mod team;
pub mod visit;

pub use case::MatchCase;
pub use hosting::{AgendaItem, AgendaRow, Logistics, LogisticsInput, Report};
pub use matching::{HostOffer, Pair, Suggestion, TeamNeed, Why, suggest};
pub use municipalities::{Municipality, MunicipalityKind, by_code, official_list};
pub use registration::{HostLanguage, HostState, Registration, RegistrationInput, Theme};
pub use visit::{Side, VisitAction, VisitRefused, VisitState};
