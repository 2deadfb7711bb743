//! Login throttling per account: after five failed attempts the account is locked for a minute,
//! and each further lock doubles, up to fifteen minutes (OWASP Authentication Cheat Sheet:
//! exponential back-off per account). A success resets everything.

use chrono::{DateTime, Duration, Utc};

pub const FREE_ATTEMPTS: u32 = 5;
const FIRST_LOCK_SECONDS: i64 = 60;
const MAX_LOCK_SECONDS: i64 = 15 * 60;

/// What is remembered about failed logins for one e-mail address.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LoginThrottle {
    /// Failures since the last success or the last lock.
    pub failures: u32,
    /// How many times the account has been locked since the last success.
    pub lockouts: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

impl LoginThrottle {
    /// `Err(until)` while the account is locked: the attempt is refused whatever the password.
    pub fn check(&self, now: DateTime<Utc>) -> Result<(), DateTime<Utc>> {
        match self.locked_until {
            Some(until) if until > now => Err(until),
            _ => Ok(()),
        }
    }

    /// Admits one attempt, counted as failed before its password is checked (a success clears the
    /// count afterwards): `Ok(state to store)` or `Err(until)` while locked. Because the count is
    /// taken before the slow check, parallel attempts cannot all pass on one stale count.
    pub fn reserve(self, now: DateTime<Utc>) -> Result<LoginThrottle, DateTime<Utc>> {
        self.check(now)?;
        Ok(self.after_failure(now))
    }

    /// The state after a failed attempt made while not locked.
    pub fn after_failure(self, now: DateTime<Utc>) -> LoginThrottle {
        // Once a lock has been served, a single further failure locks again, for longer.
        let allowed = if self.lockouts == 0 { FREE_ATTEMPTS } else { 1 };
        let failures = self.failures + 1;
        if failures < allowed {
            return LoginThrottle { failures, ..self };
        }
        let lockouts = self.lockouts + 1;
        LoginThrottle {
            failures: 0,
            lockouts,
            locked_until: Some(now + lock_duration(lockouts)),
        }
    }
}

/// Whole minutes until `until`, rounded up and at least one: what "try again in N minutes" says.
pub fn minutes_until(until: DateTime<Utc>, now: DateTime<Utc>) -> i64 {
    (((until - now).num_seconds() + 59) / 60).max(1)
}

/// 1, 2, 4, 8, then 15 minutes for every later lock.
pub fn lock_duration(lockouts: u32) -> Duration {
    let doublings = lockouts.saturating_sub(1).min(10);
    let seconds = (FIRST_LOCK_SECONDS << doublings).min(MAX_LOCK_SECONDS);
    Duration::seconds(seconds)
}

/// At most `max` requests per client address in each `window` (a fixed window that starts with
/// the first request after the previous one ended). For forms anyone can send, such as
/// registering or asking for a password link, which cost a mail each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RequestLimit {
    pub max: u32,
    pub window: Duration,
}

/// How many requests a client made in its current window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub started_at: DateTime<Utc>,
    pub hits: u32,
}

/// Registrations and password-link requests from one client address: twenty an hour lets a
/// team register together from one office, and stops a script filling the outbox.
pub const SELF_SERVICE: RequestLimit = RequestLimit {
    max: 20,
    window: Duration::hours(1),
};

impl RequestLimit {
    /// The window after one more request, or `Err(when the client may try again)`.
    pub fn admit(
        self,
        current: Option<Window>,
        now: DateTime<Utc>,
    ) -> Result<Window, DateTime<Utc>> {
        match current {
            Some(w) if w.started_at + self.window > now => {
                if w.hits >= self.max {
                    Err(w.started_at + self.window)
                } else {
                    Ok(Window {
                        hits: w.hits + 1,
                        ..w
                    })
                }
            }
            _ => Ok(Window {
                started_at: now,
                hits: 1,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn t0() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap()
    }

    #[test]
    fn five_failures_lock_for_one_minute() {
        let mut s = LoginThrottle::default();
        for _ in 0..4 {
            s = s.after_failure(t0());
            assert!(s.check(t0()).is_ok());
        }
        s = s.after_failure(t0());
        assert_eq!(s.check(t0()), Err(t0() + Duration::minutes(1)));
        assert!(s.check(t0() + Duration::seconds(61)).is_ok());
    }

    #[test]
    fn minutes_are_rounded_up_and_never_zero() {
        assert_eq!(minutes_until(t0() + Duration::seconds(61), t0()), 2);
        assert_eq!(minutes_until(t0() + Duration::seconds(60), t0()), 1);
        assert_eq!(minutes_until(t0(), t0()), 1);
    }

    #[test]
    fn each_further_lock_doubles_up_to_fifteen_minutes() {
        let minutes: Vec<i64> = (1..=7).map(|n| lock_duration(n).num_minutes()).collect();
        assert_eq!(minutes, vec![1, 2, 4, 8, 15, 15, 15]);
    }

    #[test]
    fn a_failure_after_a_served_lock_locks_again_for_longer() {
        let mut s = LoginThrottle::default();
        for _ in 0..5 {
            s = s.after_failure(t0());
        }
        let later = t0() + Duration::minutes(2);
        s = s.after_failure(later);
        assert_eq!(s.check(later), Err(later + Duration::minutes(2)));
    }

    #[test]
    fn a_client_gets_its_limit_per_window_then_waits_for_the_next() {
        let limit = RequestLimit {
            max: 3,
            window: Duration::hours(1),
        };
        let mut w = None;
        for _ in 0..3 {
            w = Some(limit.admit(w, t0()).unwrap());
        }
        assert_eq!(limit.admit(w, t0()), Err(t0() + Duration::hours(1)));
        let later = t0() + Duration::hours(1);
        assert_eq!(
            limit.admit(w, later),
            Ok(Window {
                started_at: later,
                hits: 1
            })
        );
    }

    proptest! {
        #[test]
        fn a_window_never_admits_more_than_its_limit(
            max in 1u32..50,
            offsets in proptest::collection::vec(0i64..7200, 1..200),
        ) {
            let limit = RequestLimit { max, window: Duration::hours(1) };
            let mut sorted = offsets.clone();
            sorted.sort_unstable();
            let mut w = None;
            let mut admitted: Vec<DateTime<Utc>> = Vec::new();
            for s in sorted {
                let at = t0() + Duration::seconds(s);
                if let Ok(next) = limit.admit(w, at) {
                    w = Some(next);
                    admitted.push(at);
                }
            }
            for (i, a) in admitted.iter().enumerate() {
                let within = admitted[i..].iter().filter(|b| **b < *a + Duration::hours(1)).count();
                prop_assert!(within <= 2 * max as usize);
            }
        }

        #[test]
        fn however_many_attempts_arrive_at_once_only_five_are_checked(n in 1usize..200) {
            let mut stored = LoginThrottle::default();
            let admitted = (0..n)
                .filter(|_| match stored.reserve(t0()) {
                    Ok(next) => {
                        stored = next;
                        true
                    }
                    Err(_) => false,
                })
                .count();
            prop_assert_eq!(admitted, n.min(FREE_ATTEMPTS as usize));
        }

        #[test]
        fn a_lock_never_exceeds_fifteen_minutes(n in 0u32..10_000) {
            prop_assert!(lock_duration(n) <= Duration::minutes(15));
        }
    }
}
