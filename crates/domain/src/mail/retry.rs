//! When a delivery that failed is tried again.

use chrono::{DateTime, Duration, Utc};

/// What happens to a message after a failed delivery attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// Back to the queue, not to be tried before this time.
    RetryAt(DateTime<Utc>),
    /// No more attempts: the message is failed until a person retries it.
    GiveUp,
}

/// Back-off between attempts. The waits grow so that a mail server that is down for an evening
/// (a restart, a full disk, a blocklisting) is waited out without hammering it, and a message
/// that cannot go at all ends `failed` within half a working day, where an administrator sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// The wait after the first, second, … failed attempt; after the last one the message fails.
    pub waits_minutes: &'static [i64],
}

impl RetryPolicy {
    /// 1 min, 5 min, 30 min, 2 h, 8 h: six attempts over about ten and a half hours.
    pub const STANDARD: RetryPolicy = RetryPolicy {
        waits_minutes: &[1, 5, 30, 120, 480],
    };

    /// How many attempts a message gets before it fails.
    pub fn max_attempts(&self) -> u32 {
        u32::try_from(self.waits_minutes.len()).unwrap_or(u32::MAX - 1) + 1
    }

    /// Decides after attempt number `attempts_made` (counting the one that just failed) failed.
    /// A permanent failure (the server refused the address or the message, an SMTP 5xx answer)
    /// is never retried: the same message would be refused again.
    pub fn after_failure(
        &self,
        attempts_made: u32,
        permanent: bool,
        now: DateTime<Utc>,
    ) -> AfterFailure {
        if permanent || attempts_made >= self.max_attempts() {
            return AfterFailure::GiveUp;
        }
        let index = usize::try_from(attempts_made.max(1) - 1).unwrap_or(usize::MAX);
        match self.waits_minutes.get(index) {
            Some(minutes) => AfterFailure::RetryAt(now + Duration::minutes(*minutes)),
            None => AfterFailure::GiveUp,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn noon() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap()
    }

    #[test]
    fn first_failure_is_retried_after_a_minute() {
        assert_eq!(
            RetryPolicy::STANDARD.after_failure(1, false, noon()),
            AfterFailure::RetryAt(noon() + Duration::minutes(1))
        );
    }

    #[test]
    fn waits_grow_with_each_failure() {
        let policy = RetryPolicy::STANDARD;
        let mut previous = Duration::zero();
        for attempt in 1..policy.max_attempts() {
            let AfterFailure::RetryAt(at) = policy.after_failure(attempt, false, noon()) else {
                panic!("attempt {attempt} should be retried");
            };
            let wait = at - noon();
            assert!(wait > previous, "attempt {attempt} waits {wait}");
            previous = wait;
        }
    }

    #[test]
    fn the_last_attempt_gives_up() {
        let policy = RetryPolicy::STANDARD;
        assert_eq!(policy.max_attempts(), 6);
        assert!(matches!(
            policy.after_failure(5, false, noon()),
            AfterFailure::RetryAt(_)
        ));
        assert_eq!(policy.after_failure(6, false, noon()), AfterFailure::GiveUp);
        assert_eq!(
            policy.after_failure(40, false, noon()),
            AfterFailure::GiveUp
        );
    }

    #[test]
    fn a_permanent_refusal_is_not_retried() {
        assert_eq!(
            RetryPolicy::STANDARD.after_failure(1, true, noon()),
            AfterFailure::GiveUp
        );
    }

    #[test]
    fn all_retries_end_within_half_a_day() {
        let total: i64 = RetryPolicy::STANDARD.waits_minutes.iter().sum();
        assert!(total < 12 * 60, "{total} minutes");
    }

    #[test]
    fn a_policy_without_waits_tries_once() {
        let once = RetryPolicy { waits_minutes: &[] };
        assert_eq!(once.max_attempts(), 1);
        assert_eq!(once.after_failure(1, false, noon()), AfterFailure::GiveUp);
    }
}
