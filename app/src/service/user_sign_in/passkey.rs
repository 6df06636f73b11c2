//! A passkey at the client area's sign-in: alone (it names the account and is both factors),
//! or as the second factor after the password. Either way the account's lock applies, a
//! refused passkey counts as a failed attempt, and status and email verification decide as
//! they do after a password.
use super::{admit, failed, load, refuse, succeeded, PasswordAccepted, SignInPolicy, UserNext};
use crate::db::users;
use crate::model::account::SignInRefusal;
use crate::model::passkey::SecondFactors;
use crate::service::audit::Origin;
use crate::service::lockout;
use crate::service::passkeys::{not_accepted, Assertion};
use crate::service::ServiceError;
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

/// The sign-in a passkey alone asked for: the account, signed in, if it may be.
pub async fn sign_in_with_passkey(
    db: &impl ConnectionTrait,
    policy: SignInPolicy,
    assertion: Assertion,
    now: DateTime<Utc>,
    origin: &Origin,
) -> Result<PasswordAccepted, ServiceError> {
    let user = checked(db, assertion, now, origin).await?;
    // The device verified its user (a PIN or biometrics): both factors in one, so only the
    // account's status and verification remain to decide.
    admit(db, policy, &user, now, origin).await?;
    succeeded(db, &user, origin, now).await?;
    Ok(PasswordAccepted {
        id: user.id,
        next: UserNext::Done,
        language: user.language,
    })
}

/// The second factor of user `id`, who gave the right password.
pub async fn second_factor_with_passkey(
    db: &impl ConnectionTrait,
    id: Uuid,
    assertion: Assertion,
    now: DateTime<Utc>,
    origin: &Origin,
) -> Result<(), ServiceError> {
    let user = checked(db, assertion, now, origin).await?;
    if user.id != id {
        return Err(not_accepted());
    }
    succeeded(db, &user, origin, now).await
}

/// What user `id` can use after the password: the code page offers those.
pub async fn second_factors(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<SecondFactors, ServiceError> {
    let user = load(db, id).await?;
    Ok(SecondFactors {
        authenticator_app: user.totp_enrolled_at.is_some(),
        passkey: user.passkey_count > 0,
    })
}

/// The account behind an accepted passkey, unless it is locked; a refused passkey is a
/// failure of its account.
async fn checked(
    db: &impl ConnectionTrait,
    assertion: Assertion,
    now: DateTime<Utc>,
    origin: &Origin,
) -> Result<users::Model, ServiceError> {
    let (id, accepted) = assertion.account()?;
    let user = load(db, id).await?;
    if let Err(wait) = lockout::wait_until(user.locked_until, now) {
        let reason = lockout::wait_reason(user.failed_logins, user.locked_until, now);
        return Err(refuse(db, origin, &user, reason, wait, now).await);
    }
    if !accepted {
        failed(db, &user, now).await?;
        let reason = SignInRefusal::WrongPasskey;
        return Err(refuse(db, origin, &user, reason, not_accepted(), now).await);
    }
    Ok(user)
}
