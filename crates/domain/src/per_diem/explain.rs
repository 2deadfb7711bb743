//! Each line of a statement in words, for the printed statement: which rule, which rate, which
//! reduction.

use crate::code::Code;
use rust_decimal::Decimal;

use super::meals::MealSet;
use super::rates::RateSource;
use super::statement::{CountryReason, DayKind, DayKindReason, DayLine, NightLine, PolicyUsed};
use crate::country::CountryCode;

fn sek(amount: Decimal) -> String {
    crate::format::money(&crate::Money::sek(amount), crate::format::Lang::En)
}

fn percent(p: Decimal) -> String {
    format!("{} %", p.normalize())
}

fn meal_list(meals: MealSet) -> String {
    let names: Vec<&str> = meals.iter().map(|m| m.code()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => (*one).to_owned(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn country_sentence(country: CountryCode, reason: CountryReason, window: &str) -> String {
    let name = format!("{} ({country})", country.name());
    match reason {
        CountryReason::MostTimeInWindow => format!("{name}: most time there between {window}."),
        CountryReason::NextStay => {
            format!("{name}: no stay between {window}, so the country of the next stay.")
        }
        CountryReason::LastStay => {
            format!("{name}: no stay between {window}, so the country of the last stay.")
        }
    }
}

fn rate_sentence(rate: RateSource, country: CountryCode, full_day_rate: Decimal) -> String {
    let amount = sek(full_day_rate);
    match rate {
        RateSource::DomesticMaximum { year } => {
            format!("Rate: Skatteverket's domestic maximum amount for {year}, {amount}.")
        }
        RateSource::Normalbelopp { year, via: None } => {
            format!(
                "Rate: Skatteverket's normalbelopp for {} in {year}, {amount}.",
                country.name()
            )
        }
        RateSource::Normalbelopp {
            year,
            via: Some(via),
        } => format!(
            "Rate: Skatteverket's normalbelopp for {} in {year}, listed as that of {}, {amount}.",
            country.name(),
            via.name()
        ),
        RateSource::OtherCountries { year } => format!(
            "Rate: {} has no normalbelopp of its own in {year}, so Skatteverket's amount for \
             other countries and areas, {amount}.",
            country.name()
        ),
        RateSource::Programme { valid_from } => format!(
            "Rate: the programme policy's rate for {} (version valid from {valid_from}), {amount}.",
            country.name()
        ),
        RateSource::NoProgrammeRate { valid_from } => format!(
            "Rate: the programme policy (version valid from {valid_from}) pays no per diem in {}.",
            country.name()
        ),
    }
}

impl DayLine {
    /// The rules behind the line, in sentences, for the printed statement.
    pub fn explanation(&self) -> String {
        let rule = &self.rule;
        let kind = match self.kind {
            DayKind::Full => "Full day",
            DayKind::Half => "Half day",
        };
        let kind_sentence = match rule.kind_reason {
            DayKindReason::DepartedBeforeNoon { departed } => format!(
                "{kind}: the trip started at {}, before 12:00.",
                departed.format("%H:%M")
            ),
            DayKindReason::DepartedAtOrAfterNoon { departed } => format!(
                "{kind}: the trip started at {}, at or after 12:00.",
                departed.format("%H:%M")
            ),
            DayKindReason::ReturnedAfterSeven { returned } => format!(
                "{kind}: the trip ended at {}, after 19:00.",
                returned.format("%H:%M")
            ),
            DayKindReason::ReturnedAtOrBeforeSeven { returned } => format!(
                "{kind}: the trip ended at {}, at or before 19:00.",
                returned.format("%H:%M")
            ),
            DayKindReason::DepartedAndReturned { departed, returned } => format!(
                "{kind}: the trip started at {} and ended at {} (full only when it starts before \
                 12:00 and ends after 19:00).",
                departed.format("%H:%M"),
                returned.format("%H:%M")
            ),
            DayKindReason::AwayAllDay => format!("{kind}: away the whole day."),
            DayKindReason::ProgrammeTravelDay => format!(
                "{kind}: arrival or departure day, paid at {} of the daily rate.",
                percent(rule.share_percent)
            ),
        };
        let mut sentences = vec![
            kind_sentence,
            country_sentence(self.country, rule.country_reason, "06:00 and 24:00"),
            rate_sentence(rule.rate, self.country, rule.full_day_rate),
        ];
        if let Some(long) = rule.long_stay {
            let lowered = match self.kind {
                DayKind::Full => format!("a full day gets 70 %: {}", sek(self.base)),
                DayKind::Half => "a half day gets nothing".to_owned(),
            };
            sentences.push(format!(
                "Long stay: three months have passed since the stay began on {} (lowered from \
                 {}), so {lowered}.",
                long.stay_began, long.lowered_from
            ));
        } else if rule.share_percent != Decimal::ONE_HUNDRED
            && rule.kind_reason != DayKindReason::ProgrammeTravelDay
        {
            sentences.push(format!(
                "{} of the rate: {}.",
                percent(rule.share_percent),
                sek(self.base)
            ));
        } else if rule.share_percent != Decimal::ONE_HUNDRED {
            sentences.push(format!("Day's amount: {}.", sek(self.base)));
        }
        if !rule.free_meals.is_empty() {
            let parts: Vec<String> = rule
                .free_meals
                .iter()
                .map(|m| percent(rule.meal_percentages.of(m)))
                .collect();
            let mut sentence = format!(
                "Free {}: {} of {} = {}, rounded half up to whole kronor: {}.",
                meal_list(rule.free_meals),
                parts.join(" + "),
                sek(self.base),
                sek(rule.unrounded_reduction),
                sek(self.reduction)
            );
            if rule.reduction_capped {
                sentence.push_str(
                    " The reduction is cut to the day's amount: a day never goes below zero.",
                );
            }
            sentences.push(sentence);
        }
        sentences.push(format!("Amount: {}.", sek(self.amount)));
        sentences.join(" ")
    }
}

impl NightLine {
    /// The rules behind the line, in sentences, for the printed statement.
    pub fn explanation(&self) -> String {
        let rule = &self.rule;
        [
            "Night allowance (the employer paid no lodging) for the night that follows this date."
                .to_owned(),
            country_sentence(self.country, rule.country_reason, "00:00 and 06:00"),
            rate_sentence(rule.rate, self.country, rule.full_day_rate),
            format!("Half the full-day rate: {}.", sek(self.amount)),
        ]
        .join(" ")
    }
}

impl PolicyUsed {
    /// For the statement's heading.
    pub fn description(&self) -> String {
        match self {
            PolicyUsed::Skatteverket => {
                "Skatteverket's rules for per diem (traktamente)".to_owned()
            }
            PolicyUsed::Programme { code, versions } => {
                let dates: Vec<String> = versions.iter().map(|d| d.to_string()).collect();
                let which = match dates.as_slice() {
                    [] => String::new(),
                    [one] => format!(", version valid from {one}"),
                    many => format!(", versions valid from {}", many.join(", ")),
                };
                format!("programme policy {code}{which}")
            }
        }
    }
}
