//! A passkey at the staff sign-in: alone (it names the staff member and is both factors), or
//! in place of the authenticator code after the password. The lock applies, a refused
//! passkey counts as a failed attempt, and a disabled member is refused as after a password.
use super::{failed, load, refuse, succeeded};
use crate::db::passkeys;
use crate::db::staff;
use crate::model::account::SignInRefusal;
use crate::model::messages::Message;
use crate::model::passkey::SecondFactors;
use crate::service::audit::Origin;
use crate::service::lockout;
use crate::service::passkeys::{not_accepted, Assertion};
use crate::service::ServiceError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

/// A sign-in by passkey alone: the member's id, signed in.
pub async fn sign_in_with_passkey(
    db: &impl ConnectionTrait,
    assertion: Assertion,
    now: DateTime<Utc>,
    origin: &Origin,
) -> Result<Uuid, ServiceError> {
    let member = checked(db, assertion, now, origin).await?;
    if member.disabled_at.is_some() {
        let refusal = ServiceError::SignInBlocked(Message::StaffDisabled);
        return Err(refuse(db, origin, &member, SignInRefusal::Disabled, refusal, now).await);
    }
    complete(db, &member, origin, now).await?;
    Ok(member.id)
}

/// The second factor of member `id`, who gave the right password.
pub async fn second_factor_with_passkey(
    db: &impl ConnectionTrait,
    id: Uuid,
    assertion: Assertion,
    now: DateTime<Utc>,
    origin: &Origin,
) -> Result<(), ServiceError> {
    let member = checked(db, assertion, now, origin).await?;
    if member.id != id {
        return Err(not_accepted());
    }
    complete(db, &member, origin, now).await
}

/// What member `id` can use after the password.
pub async fn second_factors(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<SecondFactors, ServiceError> {
    let member = load(db, id).await?;
    Ok(SecondFactors {
        authenticator_app: member.totp_enrolled_at.is_some(),
        passkey: passkeys::Entity::find()
            .filter(passkeys::Column::StaffId.eq(id))
            .count(db)
            .await?
            > 0,
    })
}

async fn complete(
    db: &impl ConnectionTrait,
    member: &staff::Model,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    staff::Entity::update_many()
        .col_expr(staff::Column::LastLoginAt, Expr::value(now))
        .filter(staff::Column::Id.eq(member.id))
        .exec(db)
        .await?;
    succeeded(db, member, origin, now).await
}

async fn checked(
    db: &impl ConnectionTrait,
    assertion: Assertion,
    now: DateTime<Utc>,
    origin: &Origin,
) -> Result<staff::Model, ServiceError> {
    let (id, accepted) = assertion.account()?;
    let member = load(db, id).await?;
    if let Err(wait) = lockout::wait_until(member.locked_until, now) {
        let reason = lockout::wait_reason(member.failed_logins, member.locked_until, now);
        return Err(refuse(db, origin, &member, reason, wait, now).await);
    }
    if !accepted {
        failed(db, &member, now).await?;
        let reason = SignInRefusal::WrongPasskey;
        return Err(refuse(db, origin, &member, reason, not_accepted(), now).await);
    }
    Ok(member)
}
