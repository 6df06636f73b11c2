//! A user's sign-in to the client area: password, then an authenticator or recovery code (or
//! enrolment first when staff require 2FA). This is where status, email verification and 2FA
//! take effect. Every step takes `now`, so tests control the clock.
use super::audit::Origin;
use super::lockout;
use super::sign_in_audit::{self, Account};
use super::ServiceError;
use crate::auth::{password::PasswordHasher, recovery, secret_box::SecretBox};
use crate::db::users;
use crate::model::account::SignInRefusal;
use crate::model::messages::Message;
use crate::model::user_list::UserStatus;
use crate::model::validate;
use crate::model::Keyed;
use crate::model::Password;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

mod passkey;
mod second_factor;

pub use passkey::{second_factor_with_passkey, second_factors, sign_in_with_passkey};

use second_factor::use_recovery_code;
pub use second_factor::{
    claim_step, confirm_enrolment, confirm_enrolment_signed_in, enrolment, replace_recovery_codes,
    totp_step,
};

#[derive(Debug, Clone, Copy)]
pub struct SignInPolicy {
    /// `ROSTER_REQUIRE_VERIFIED_EMAIL`: only users whose email staff marked verified.
    pub require_verified_email: bool,
    /// `ROSTER_SIGN_IN_PER_IP`: sign-in steps (users' and staff's) one IP address may take
    /// per minute.
    pub per_ip_per_minute: u32,
}

impl Default for SignInPolicy {
    fn default() -> Self {
        Self {
            require_verified_email: true,
            per_ip_per_minute: 30,
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

pub use super::lockout::{delay_after, LOCK_AFTER, LOCK_FOR};

/// Whether staff see the account as LOCKED.
pub fn is_locked(user: &users::Model, now: DateTime<Utc>) -> bool {
    lockout::is_locked(user.failed_logins, user.locked_until, now)
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
    origin: &Origin,
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
        Some(u) => {
            if let Err(wait) = lockout::wait_until(u.locked_until, now) {
                return Err(refuse(
                    db,
                    origin,
                    u,
                    lockout::wait_reason(u.failed_logins, u.locked_until, now),
                    wait,
                    now,
                )
                .await);
            }
        }
        None => lockout::wait_for_unknown(db, &unknown_key, now).await?,
    }
    // Unknown emails are verified against a dummy hash: the same time either way.
    let ok = hasher
        .verify(
            Password::from(password),
            user.as_ref().map(|u| u.password_hash.clone()),
        )
        .await;
    let Some(user) = user else {
        lockout::unknown_failed(db, &unknown_key, now).await?;
        return Err(ServiceError::SignInRefused("unknown email"));
    };
    if !ok {
        failed(db, &user, now).await?;
        let refusal = ServiceError::SignInRefused("wrong password");
        return Err(refuse(
            db,
            origin,
            &user,
            SignInRefusal::WrongPassword,
            refusal,
            now,
        )
        .await);
    }
    let next = admit(db, policy, &user, now, origin).await?;
    if let Some(upgraded) = hasher
        .upgrade(Password::from(password), &user.password_hash)
        .await
    {
        // Not an edit: the version stays, so no open Edit User form sees a conflict.
        users::Entity::update_many()
            .col_expr(users::Column::PasswordHash, Expr::value(upgraded))
            .filter(users::Column::Id.eq(user.id))
            .exec(db)
            .await?;
    }
    // Failures are forgiven only when the sign-in completes: a correct password alone must
    // not reset the count the code step adds to.
    if next == UserNext::Done {
        succeeded(db, &user, origin, now).await?;
    }
    Ok(PasswordAccepted {
        id: user.id,
        next,
        language: user.language,
    })
}

/// After a correct first factor: whether the account may sign in (status, verified email;
/// these messages come only after it, so they reveal nothing new), and the step it goes on
/// to.
async fn admit(
    db: &impl ConnectionTrait,
    policy: SignInPolicy,
    user: &users::Model,
    now: DateTime<Utc>,
    origin: &Origin,
) -> Result<UserNext, ServiceError> {
    if user.status == UserStatus::Inactive {
        let refusal = ServiceError::SignInBlocked(Message::AccountDisabled);
        return Err(refuse(db, origin, user, SignInRefusal::Inactive, refusal, now).await);
    }
    if policy.require_verified_email && !user.email_verified {
        let refusal = ServiceError::SignInBlocked(Message::EmailNotVerified);
        return Err(refuse(
            db,
            origin,
            user,
            SignInRefusal::EmailNotVerified,
            refusal,
            now,
        )
        .await);
    }
    // A passkey satisfies "2FA required" after the password; without the requirement it is
    // another way in, not a second step (losing the device must not lock the user out).
    let passkey_factor = user.two_factor_required && user.passkey_count > 0;
    Ok(if user.totp_enrolled_at.is_some() || passkey_factor {
        UserNext::Code
    } else if user.two_factor_required {
        UserNext::Enrol
    } else {
        UserNext::Done
    })
}

/// The code step: a TOTP code, or one of the recovery codes.
pub async fn check_code(
    db: &impl ConnectionTrait,
    secrets: &SecretBox,
    id: Uuid,
    code: &str,
    now: DateTime<Utc>,
    origin: &Origin,
) -> Result<(), ServiceError> {
    let user = load(db, id).await?;
    if let Err(wait) = lockout::wait_until(user.locked_until, now) {
        return Err(refuse(
            db,
            origin,
            &user,
            lockout::wait_reason(user.failed_logins, user.locked_until, now),
            wait,
            now,
        )
        .await);
    }
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
        let refusal = ServiceError::SignInRefused("wrong or reused code");
        return Err(refuse(db, origin, &user, SignInRefusal::WrongCode, refusal, now).await);
    }
    succeeded(db, &user, origin, now).await
}

/// Records the refusal and returns it (or the database error that kept it from the trail).
async fn refuse(
    db: &impl ConnectionTrait,
    origin: &Origin,
    user: &users::Model,
    reason: SignInRefusal,
    refusal: ServiceError,
    now: DateTime<Utc>,
) -> ServiceError {
    let label = label(user);
    match sign_in_audit::refused(db, origin, Account::User, user.id, &label, reason, now).await {
        Ok(()) => refusal,
        Err(e) => e,
    }
}

/// How the audit trail names a user.
pub fn label(user: &users::Model) -> String {
    format!("{} {} <{}>", user.first_name, user.last_name, user.email)
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

/// The sign-in is complete: the failures are forgiven, the sign-in is recorded and a NEW
/// user becomes ACTIVE.
pub(super) async fn succeeded(
    db: &impl ConnectionTrait,
    user: &users::Model,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let id = user.id;
    users::Entity::update_many()
        .col_expr(users::Column::FailedLogins, Expr::value(0))
        .col_expr(
            users::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(users::Column::LastLoginAt, Expr::value(now))
        .filter(users::Column::Id.eq(id))
        .exec(db)
        .await?;
    // Its own statement, so that only the change of status moves the version.
    let activated = users::Entity::update_many()
        .col_expr(users::Column::Status, Expr::value(UserStatus::Active))
        .col_expr(
            users::Column::Version,
            Expr::col(users::Column::Version).add(1),
        )
        .col_expr(users::Column::UpdatedAt, Expr::value(now))
        .filter(users::Column::Id.eq(id))
        .filter(users::Column::Status.eq(UserStatus::New))
        .exec(db)
        .await?;
    // The first sign-in's NEW -> ACTIVE is a change like any other: it names the user as the
    // last to change the record.
    let changes = if activated.rows_affected == 1 {
        json!({ "status": { "old": UserStatus::New.key(), "new": UserStatus::Active.key() } })
    } else {
        json!({})
    };
    sign_in_audit::signed_in(db, origin, Account::User, id, &label(user), changes, now).await
}

/// The user behind a sign-in session (gone: the session is not signed in).
pub async fn load(db: &impl ConnectionTrait, id: Uuid) -> Result<users::Model, ServiceError> {
    users::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotSignedIn)
}
