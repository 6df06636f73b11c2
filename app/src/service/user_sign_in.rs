//! A user's sign-in to the client area: password, then an authenticator or recovery code (or
//! enrolment first when staff require 2FA). This is where status, email verification and 2FA
//! take effect. Every step takes `now`, so tests control the clock.
use super::throttle;
use super::ServiceError;
use crate::auth::{password::PasswordHasher, recovery, secret_box::SecretBox};
use crate::db::users;
use crate::model::user_list::UserStatus;
use crate::model::validate;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

mod second_factor;

use crate::model::messages;
use second_factor::use_recovery_code;
pub use second_factor::{
    claim_step, confirm_enrolment, enrolment, replace_recovery_codes, totp_step,
};

#[derive(Debug, Clone, Copy)]
pub struct SignInPolicy {
    /// `ROSTER_REQUIRE_VERIFIED_EMAIL`: only users whose email staff marked verified.
    pub require_verified_email: bool,
}

impl Default for SignInPolicy {
    fn default() -> Self {
        Self {
            require_verified_email: true,
        }
    }
}

/// What the user must do after a correct password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserNext {
    Code,
    Enrol,
    /// Signed in (no 2FA).
    Done,
}

/// From this many failures in a row the account is locked for `LOCK_FOR` (LOCKED in Manage
/// Users); before that, each failure from the third on makes the next attempt wait longer.
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
pub fn is_locked(user: &users::Model, now: DateTime<Utc>) -> bool {
    user.failed_logins >= LOCK_AFTER && user.locked_until.is_some_and(|t| t > now)
}

/// A correct password of a user who may sign in.
#[derive(Debug)]
pub struct PasswordAccepted {
    pub id: Uuid,
    pub next: UserNext,
    /// The user's language: the client area switches to it.
    pub language: String,
}

pub async fn check_password(
    db: &impl ConnectionTrait,
    hasher: &PasswordHasher,
    policy: SignInPolicy,
    email: &str,
    password: &str,
    now: DateTime<Utc>,
) -> Result<PasswordAccepted, ServiceError> {
    // Refuse oversized input before any hashing work.
    if password.chars().count() > validate::PASSWORD_MAX || email.len() > validate::EMAIL_MAX {
        return Err(ServiceError::SignInRefused("oversized credentials"));
    }
    let user = users::Entity::find()
        .filter(users::Column::EmailNorm.eq(validate::email_norm(email)))
        .one(db)
        .await?;
    // An unknown email earns the same waits as an account, so they do not tell it apart.
    let unknown_key = format!("email:{}", validate::email_norm(email));
    match &user {
        Some(u) => wait_if_throttled(u, now)?,
        None => {
            if let Some((failures, last)) = throttle::failures(db, &unknown_key).await? {
                let until = DateTime::from_timestamp(last, 0).unwrap_or(now)
                    + delay_after(failures).unwrap_or_default();
                wait_until(until, now)?;
            }
        }
    }
    // Unknown emails are verified against a dummy hash: the same time either way.
    let ok = hasher
        .verify(
            password.to_owned(),
            user.as_ref().map(|u| u.password_hash.clone()),
        )
        .await;
    let Some(user) = user else {
        throttle::fail(db, &unknown_key, now.timestamp(), LOCK_FOR.num_seconds()).await?;
        return Err(ServiceError::SignInRefused("unknown email"));
    };
    if !ok {
        failed(db, &user, now).await?;
        return Err(ServiceError::SignInRefused("wrong password"));
    }
    // These messages come only after a correct password, so they reveal nothing new.
    if user.status == UserStatus::Inactive.key() {
        return Err(ServiceError::SignInBlocked(messages::ACCOUNT_DISABLED));
    }
    if policy.require_verified_email && !user.email_verified {
        return Err(ServiceError::SignInBlocked(messages::EMAIL_NOT_VERIFIED));
    }
    let next = if user.totp_enrolled_at.is_some() {
        UserNext::Code
    } else if user.two_factor_required {
        UserNext::Enrol
    } else {
        UserNext::Done
    };
    if let Some(upgraded) = hasher
        .upgrade(password.to_owned(), &user.password_hash)
        .await
    {
        // Not an edit: the version stays, so no open Edit User form sees a conflict.
        users::Entity::update_many()
            .col_expr(users::Column::PasswordHash, Expr::value(upgraded))
            .filter(users::Column::Id.eq(user.id))
            .exec(db)
            .await?;
    }
    succeeded(db, user.id, next == UserNext::Done, now).await?;
    Ok(PasswordAccepted {
        id: user.id,
        next,
        language: user.language,
    })
}

/// The code step: a TOTP code, or one of the recovery codes.
pub async fn check_code(
    db: &impl ConnectionTrait,
    secrets: &SecretBox,
    id: Uuid,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let user = load(db, id).await?;
    wait_if_throttled(&user, now)?;
    if user.totp_enrolled_at.is_none() {
        return Err(ServiceError::SignInRefused("not enrolled"));
    }
    let accepted = if recovery::looks_like_code(code) {
        use_recovery_code(db, id, code, now).await?
    } else {
        let step = match validate::totp_code(code) {
            Ok(code) => totp_step(secrets, &user, &code, now)?,
            Err(_) => None,
        };
        match step {
            Some(step) => claim_step(db, id, step).await?,
            None => false,
        }
    };
    if !accepted {
        failed(db, &user, now).await?;
        return Err(ServiceError::SignInRefused("wrong or reused code"));
    }
    succeeded(db, id, true, now).await
}

fn wait_if_throttled(user: &users::Model, now: DateTime<Utc>) -> Result<(), ServiceError> {
    user.locked_until
        .map_or(Ok(()), |until| wait_until(until, now))
}

fn wait_until(until: DateTime<Utc>, now: DateTime<Utc>) -> Result<(), ServiceError> {
    if until > now {
        Err(ServiceError::TooManyAttempts(
            (until - now).num_seconds().max(1) as u64,
        ))
    } else {
        Ok(())
    }
}

/// One more failure in a row, and the wait it earns.
async fn failed(
    db: &impl ConnectionTrait,
    user: &users::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let failures = user.failed_logins + 1;
    users::Entity::update_many()
        .col_expr(
            users::Column::FailedLogins,
            Expr::col(users::Column::FailedLogins).add(1),
        )
        .col_expr(
            users::Column::LockedUntil,
            Expr::value(delay_after(failures).map(|d| now + d)),
        )
        .filter(users::Column::Id.eq(user.id))
        .exec(db)
        .await?;
    Ok(())
}

/// A step went through: the failures are forgiven; when the sign-in is complete, it is
/// recorded and a NEW user becomes ACTIVE.
pub(super) async fn succeeded(
    db: &impl ConnectionTrait,
    id: Uuid,
    complete: bool,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let mut update = users::Entity::update_many()
        .col_expr(users::Column::FailedLogins, Expr::value(0))
        .col_expr(
            users::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(users::Column::Id.eq(id));
    if complete {
        update = update.col_expr(users::Column::LastLoginAt, Expr::value(now));
    }
    update.exec(db).await?;
    if complete {
        // Its own statement, so that only the change of status moves the version.
        users::Entity::update_many()
            .col_expr(users::Column::Status, Expr::value(UserStatus::Active.key()))
            .col_expr(
                users::Column::Version,
                Expr::col(users::Column::Version).add(1),
            )
            .col_expr(users::Column::UpdatedAt, Expr::value(now))
            .filter(users::Column::Id.eq(id))
            .filter(users::Column::Status.eq(UserStatus::New.key()))
            .exec(db)
            .await?;
    }
    Ok(())
}

pub(super) async fn load(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<users::Model, ServiceError> {
    users::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotSignedIn)
}
