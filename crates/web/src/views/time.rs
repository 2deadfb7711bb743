//! Deadlines as people read them: in the call's own time zone, with UTC beside it, and the time
//! left.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use maud::{Markup, html};

pub fn in_zone(at: DateTime<Utc>, zone: &str) -> String {
    local(at, zone, "%A %-d %B %Y, %H:%M")
}

/// The time of day in the zone, "14:05 EAT": when something was just saved.
pub fn clock_in_zone(at: DateTime<Utc>, zone: &str) -> String {
    local(at, zone, "%H:%M")
}

/// `at` formatted in `zone` with the zone's abbreviation after it; in UTC when the zone is not
/// one we know.
fn local(at: DateTime<Utc>, zone: &str, format: &str) -> String {
    match zone.parse::<Tz>() {
        Ok(tz) => format!(
            "{} {}",
            at.with_timezone(&tz).format(format),
            at.with_timezone(&tz).format("%Z")
        ),
        Err(_) => format!("{} UTC", at.format(format)),
    }
}

/// "12 days and 3 hours", "5 hours and 10 minutes", "less than a minute".
pub fn time_left(now: DateTime<Utc>, until: DateTime<Utc>) -> String {
    let left = until - now;
    let (days, hours, minutes) = (
        left.num_days(),
        left.num_hours() % 24,
        left.num_minutes() % 60,
    );
    let unit = |n: i64, one: &str| {
        if n == 1 {
            format!("1 {one}")
        } else {
            format!("{n} {one}s")
        }
    };
    if left.num_seconds() <= 0 {
        "none".to_owned()
    } else if days > 0 {
        format!("{} and {}", unit(days, "day"), unit(hours, "hour"))
    } else if hours > 0 {
        format!("{} and {}", unit(hours, "hour"), unit(minutes, "minute"))
    } else if minutes > 0 {
        unit(minutes, "minute")
    } else {
        "less than a minute".to_owned()
    }
}

pub fn deadline(at: DateTime<Utc>, zone: &str) -> Markup {
    html! {
        time datetime=(at.to_rfc3339()) { (in_zone(at, zone)) }
        @if zone != "UTC" { " (" (at.format("%H:%M UTC")) ")" }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone};

    #[test]
    fn deadline_is_shown_in_the_call_zone() {
        let at = Utc.with_ymd_and_hms(2027, 2, 15, 20, 59, 0).unwrap();
        assert_eq!(
            in_zone(at, "Africa/Nairobi"),
            "Monday 15 February 2027, 23:59 EAT"
        );
        assert_eq!(
            in_zone(at, "Not/AZone"),
            "Monday 15 February 2027, 20:59 UTC"
        );
    }

    #[test]
    fn time_left_reads_naturally() {
        let now = Utc.with_ymd_and_hms(2027, 1, 1, 0, 0, 0).unwrap();
        assert_eq!(
            time_left(now, now + Duration::hours(51)),
            "2 days and 3 hours"
        );
        assert_eq!(
            time_left(now, now + Duration::minutes(61)),
            "1 hour and 1 minute"
        );
        assert_eq!(
            time_left(now, now + Duration::seconds(30)),
            "less than a minute"
        );
        assert_eq!(time_left(now, now - Duration::seconds(30)), "none");
    }
}
