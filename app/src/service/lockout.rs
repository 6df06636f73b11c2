//! The waits and the lock that failed sign-ins earn, for users and staff alike: from the
//! third failure in a row each attempt waits longer, from the tenth the account is locked
//! for 15 minutes. Failures count across both steps (password and code) until a sign-in
//! completes, so knowing the password does not buy unlimited guesses at the code.
use super::throttle;
use super::ServiceError;
use crate::model::account::SignInRefusal;
use chrono::{DateTime, Duration, Utc};
use sea_orm::ConnectionTrait;

/// From this many failures in a row the account is locked for `LOCK_FOR` (LOCKED in the
/// console); before that, each failure from the third on makes the next attempt wait longer.
pub const LOCK_AFTER: i32 = 10;
pub const LOCK_FOR: Duration = Duration::minutes(15);

/// How long the account must wait after its `failures`-th failure in a row.
pub fn delay_after(failures: i32) -> Option<Duration> {
    match failures {
        n if n >= LOCK_AFTER => Some(LOCK_FOR),
        n if n >= 3 => Some(Duration::seconds(1 << (n - 3).min(10))),
        _ => None,
    }
}

/// Whether staff see the account as LOCKED.
pub fn is_locked(failures: i32, locked_until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    failures >= LOCK_AFTER && locked_until.is_some_and(|t| t > now)
}

/// Why an attempt must wait, for the audit trail: the lock, or a wait between failures.
pub fn wait_reason(
    failures: i32,
    locked_until: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> SignInRefusal {
    if is_locked(failures, locked_until, now) {
        SignInRefusal::Locked
    } else {
        SignInRefusal::TooManyAttempts
    }
}

/// Refuses an attempt made before the account's wait is over.
pub fn wait_until(until: Option<DateTime<Utc>>, now: DateTime<Utc>) -> Result<(), ServiceError> {
    match until {
        Some(until) if until > now => Err(ServiceError::TooManyAttempts(
            (until - now).num_seconds().max(1) as u64,
        )),
        _ => Ok(()),
    }
}

/// An email without an account earns the same waits as an account would, so that waits do
/// not tell which emails exist. `key` is per kind of sign-in and address.
pub async fn wait_for_unknown(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if let Some((failures, last)) = throttle::failures(db, key).await? {
        let until = DateTime::from_timestamp(last, 0).unwrap_or(now)
            + delay_after(failures).unwrap_or_default();
        wait_until(Some(until), now)?;
    }
    Ok(())
}

pub async fn unknown_failed(
    db: &impl ConnectionTrait,
    key: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    throttle::fail(db, key, now.timestamp(), LOCK_FOR.num_seconds()).await?;
    Ok(())
}
