//! What users do by email link: confirm their address, choose a new password when they forgot
//! it, accept an invitation; and staff sending them those links. Each change is audited as
//! the user's (or the staff member's) and commits with the mail it causes.
use super::account::{field, record};
use super::audit::{Actor, ActorKind, AuditAction, Origin};
use super::mail::letters::Letter;
use super::mail::links::{self, LinkHolder};
use super::mail::outbox::{queue, Recipient};
use super::user_sign_in::label;
use super::users::is_common;
use super::{transaction, ServiceError};
use crate::auth::password::PasswordHasher;
use crate::auth::session::{self, Kind};
use crate::db::link_tokens;
use crate::db::{users, Db};
use crate::model::mail::LinkError;
use crate::model::mail::{LinkPurpose, OpenLink};
use crate::model::messages::Message;
use crate::model::user_list::UserStatus;
use crate::model::{validate, Password};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use uuid::Uuid;

/// Forgot password: a reset link to the address when it belongs to an account that may sign
/// in. The caller learns nothing either way (the answer does not depend on it).
pub async fn forgot_password(db: &Db, email: &str, now: DateTime<Utc>) -> Result<(), ServiceError> {
    let may_sign_in = |u: &users::Model| u.status != UserStatus::Inactive;
    send_if(db, email, may_sign_in, Letter::PasswordReset, now).await
}

/// "Send the link again" after a refusal for an unverified address: like forgot password, the
/// answer is the same whether or not a link went out.
pub async fn resend_verification(
    db: &Db,
    email: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let unverified = |u: &users::Model| !u.email_verified && u.status != UserStatus::Inactive;
    send_if(db, email, unverified, Letter::VerifyEmail, now).await
}

/// Queues `letter` to the user with address `email` if there is one and `wanted` says so.
async fn send_if(
    db: &Db,
    email: &str,
    wanted: impl Fn(&users::Model) -> bool,
    letter: Letter,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let norm = validate::email_norm(email);
    if norm.is_empty() || norm.len() > validate::EMAIL_MAX {
        return Ok(());
    }
    transaction::write(db, async |txn| {
        let user = users::Entity::find()
            .filter(users::Column::EmailNorm.eq(norm))
            .one(txn)
            .await?;
        if let Some(u) = user.filter(|u| wanted(u)) {
            queue(txn, db.mail(), &letter, &Recipient::user(&u), now).await?;
        }
        Ok(())
    })
    .await
}

/// The address a usable link was sent to (its page shows it), or why it cannot be used.
pub async fn check_link(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: LinkPurpose,
    now: DateTime<Utc>,
) -> Result<String, ServiceError> {
    let link = links::check(db, token, purpose, now).await?;
    // A staff member's link opens only its own page.
    match link.user_id {
        Some(_) => Ok(link.email),
        None => Err(ServiceError::Link(LinkError::Invalid)),
    }
}

/// Opens a verification link: the address it was sent to is verified, if it is still the
/// user's (a link to an address they have since changed verifies nothing).
pub async fn verify_email(
    db: &Db,
    token: &str,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    transaction::write(db, async |txn| {
        let link = links::redeem(txn, token, LinkPurpose::VerifyEmail, now).await?;
        let user = load(txn, link.user_id).await?;
        if validate::email_norm(&user.email) != validate::email_norm(&link.email) {
            return Err(ServiceError::Link(LinkError::Invalid));
        }
        if !user.email_verified {
            users::Entity::update_many()
                .col_expr(users::Column::EmailVerified, Expr::value(true))
                .col_expr(users::Column::UpdatedAt, Expr::value(now))
                .col_expr(
                    users::Column::Version,
                    Expr::col(users::Column::Version).add(1),
                )
                .filter(users::Column::Id.eq(user.id))
                .exec(txn)
                .await?;
        }
        let actor = origin.actor(ActorKind::User, user.id, label(&user));
        let changes = json!({ "email_verified": { "old": user.email_verified, "new": true } });
        record(
            txn,
            &actor,
            AuditAction::UserEmailVerify,
            &user,
            changes,
            now,
        )
        .await
    })
    .await
}

/// Sets the password a reset or invitation link allows: the link is used up, the address it
/// came to counts as verified, every session of the user ends, a sign-in lock is lifted, and
/// after a reset the user is told their password changed.
pub async fn set_password_by_link(
    db: &Db,
    hasher: &PasswordHasher,
    token: &str,
    purpose: LinkPurpose,
    password: &str,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    // The link first: an invalid one costs no hashing and says so before the password does.
    let link = links::check(db, token, purpose, now).await?;
    let user = load(db, link.user_id).await?;
    validate::password(password, &user.email).map_err(|m| field("password", m))?;
    if is_common(password) {
        return Err(field("password", Message::CommonPassword));
    }
    let hash = hasher
        .hash(Password::from(password))
        .await
        .map_err(ServiceError::Internal)?;
    transaction::write(db, async |txn| {
        let link = links::redeem(txn, token, purpose, now).await?;
        let user = load(txn, link.user_id).await?;
        let verified = user.email_verified
            || validate::email_norm(&user.email) == validate::email_norm(&link.email);
        users::Entity::update_many()
            .col_expr(users::Column::PasswordHash, Expr::value(hash))
            .col_expr(users::Column::EmailVerified, Expr::value(verified))
            .col_expr(users::Column::FailedLogins, Expr::value(0))
            .col_expr(
                users::Column::LockedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(users::Column::UpdatedAt, Expr::value(now))
            .col_expr(
                users::Column::Version,
                Expr::col(users::Column::Version).add(1),
            )
            .filter(users::Column::Id.eq(user.id))
            .exec(txn)
            .await?;
        session::end_all(txn, Kind::User, user.id).await?;
        let actor = origin.actor(ActorKind::User, user.id, label(&user));
        let (action, changes) = match purpose {
            LinkPurpose::Invitation => (
                AuditAction::UserInvitationAccept,
                json!({ "password": "set" }),
            ),
            _ => (
                AuditAction::UserPasswordReset,
                json!({ "password": "changed" }),
            ),
        };
        record(txn, &actor, action, &user, changes, now).await?;
        if purpose == LinkPurpose::ResetPassword {
            queue(
                txn,
                db.mail(),
                &Letter::PasswordChanged,
                &Recipient::user(&user),
                now,
            )
            .await?;
        }
        Ok(())
    })
    .await
}

/// Staff send a user a verification, password reset or invitation link (a new one replaces
/// the user's earlier link of that kind).
pub async fn send_link(
    db: &Db,
    user_id: Uuid,
    letter: Letter,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    transaction::write(db, async |txn| {
        let user = users::Entity::find_by_id(user_id)
            .one(txn)
            .await?
            .ok_or(ServiceError::NotFound)?;
        match letter {
            Letter::VerifyEmail if user.email_verified => {
                return Err(ServiceError::validation(
                    "purpose",
                    Message::AlreadyVerified,
                ))
            }
            Letter::PasswordReset | Letter::Invitation if user.status == UserStatus::Inactive => {
                return Err(ServiceError::validation("purpose", Message::InactiveNoLink))
            }
            Letter::VerifyEmail | Letter::PasswordReset | Letter::Invitation => {}
            _ => return Err(ServiceError::Forbidden),
        }
        queue(txn, db.mail(), &letter, &Recipient::user(&user), now).await?;
        let changes = json!({ "mail": letter.kind() });
        record(txn, actor, AuditAction::UserMailSend, &user, changes, now).await
    })
    .await
}

/// Staff's "Expire link": the user's unused links of `purpose` stop working, audited.
pub async fn expire_links(
    db: &Db,
    user_id: Uuid,
    purpose: LinkPurpose,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    transaction::write(db, async |txn| {
        let user = users::Entity::find_by_id(user_id)
            .one(txn)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if links::expire(txn, LinkHolder::User(user_id), purpose, now).await? == 0 {
            // Used or expired meanwhile: nothing to end, and the list was out of date.
            return Err(ServiceError::Conflict);
        }
        let changes = json!({ "link": purpose.noun() });
        record(txn, actor, AuditAction::UserLinkExpire, &user, changes, now).await
    })
    .await
}

/// The user's links that still work, soonest to expire first (Edit User shows them).
pub async fn open_links(
    db: &impl ConnectionTrait,
    user_id: Uuid,
    now: DateTime<Utc>,
) -> Result<Vec<OpenLink>, ServiceError> {
    let rows = link_tokens::Entity::find()
        .filter(link_tokens::Column::UserId.eq(user_id))
        .filter(link_tokens::Column::UsedAt.is_null())
        .filter(link_tokens::Column::ExpiresAt.gt(now))
        .order_by_asc(link_tokens::Column::ExpiresAt)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|t| OpenLink {
            purpose: t.purpose,
            sent_to: t.email,
            expires_at: t.expires_at,
        })
        .collect())
}

/// The user a link is for (deleted since, or a staff member's link: not valid here).
async fn load(db: &impl ConnectionTrait, id: Option<Uuid>) -> Result<users::Model, ServiceError> {
    let Some(id) = id else {
        return Err(ServiceError::Link(LinkError::Invalid));
    };
    users::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::Link(LinkError::Invalid))
}
