//! The codes of budgets: categories of lines, the control on a line, where a cost comes from,
//! and its state.

/// What a budget line pays for. Every cohort budget has these lines, in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Category {
    Flights,
    Visas,
    Accommodation,
    Insurance,
    PerDiem,
    VenueAndTraining,
    LocalTransport,
    HostCompensation,
    Mentors,
    Other,
}

crate::codes!(Category as "budget category" {
    Flights = "flights": "Flights",
    Visas = "visas": "Visas",
    Accommodation = "accommodation": "Accommodation (board and lodging)",
    Insurance = "insurance": "Insurance",
    PerDiem = "per_diem": "Per diem",
    VenueAndTraining = "venue_training": "Venue and training",
    LocalTransport = "local_transport": "Local transport",
    HostCompensation = "host_compensation": "Host compensation",
    Mentors = "mentors": "Mentors",
    Other = "other": "Other",
});

/// How a line reacts to commitments beyond its plan, as finance sets it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Control {
    /// No warnings, no stop.
    Ignore,
    /// Warn (and alert finance) at 90 % of the plan and again beyond it.
    #[default]
    Warn,
    /// As warn, and a commitment beyond 100 % needs finance's approval with a reason.
    Stop,
}

crate::codes!(Control as "budget control" {
    Ignore = "ignore": "Ignore",
    Warn = "warn": "Warn at 90 %",
    Stop = "stop": "Stop at 100 %",
});

/// Where a cost item comes from. A booking elsewhere in the app is one cost item, kept up to
/// date by the feature that owns the booking; a manual item is entered on the budget page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CostSourceKind {
    Manual,
    ItineraryLeg,
    Accommodation,
    Insurance,
    Visa,
    HostCompensation,
}

crate::codes!(CostSourceKind as "cost source" {
    Manual = "manual": "Entered by hand",
    ItineraryLeg = "itinerary_leg": "Itinerary leg",
    Accommodation = "accommodation": "Accommodation booking",
    Insurance = "insurance": "Insurance",
    Visa = "visa": "Visa",
    HostCompensation = "host_compensation": "Host compensation",
});

/// A cost item is committed when booked and paid when finance has paid it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CostState {
    Committed,
    Paid,
}

crate::codes!(CostState as "cost state" {
    Committed = "committed": "Committed",
    Paid = "paid": "Paid",
});

/// Where an exchange rate came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RateSource {
    Manual,
    Riksbank,
}

crate::codes!(RateSource as "rate source" {
    Manual = "manual": "Entered by hand",
    Riksbank = "riksbank": "Riksbank",
});

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Code;

    #[test]
    fn every_code_reads_back_as_its_value() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.code()), Some(*c));
        }
        for c in CostSourceKind::ALL {
            assert_eq!(CostSourceKind::parse(c.code()), Some(*c));
        }
        assert_eq!(Control::parse("stop"), Some(Control::Stop));
        assert_eq!(Category::parse("travel"), None);
    }
}
