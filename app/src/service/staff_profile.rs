//! My profile: a staff member's own password, authenticator and sessions.
use super::audit::{self, Actor, AuditAction};
use super::sessions::{self, Which};
use super::{authenticator, transaction, ServiceError};
use crate::auth::session::{self, Kind, SessionPolicy};
use crate::auth::{password::PasswordHasher, secret_box::SecretBox, totp};
use crate::db::{staff, Db};
use crate::model::messages::Message;
use crate::model::{validate, Enrolment, Password, SessionRow};
use base64::Engine;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{json, Value};
use uuid::Uuid;

async fn load(db: &impl ConnectionTrait, id: Uuid) -> Result<staff::Model, ServiceError> {
    staff::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotSignedIn)
}

async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: AuditAction,
    member: &staff::Model,
    changes: Value,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let entry = super::staff::entry(action, member, changes);
    Ok(audit::record(db, actor, entry, now).await?)
}

fn field(name: &'static str, message: Message) -> ServiceError {
    ServiceError::validation(name, message)
}

/// A new password for `member`, checked against the policy and hashed (before any
/// transaction: hashing is slow).
pub async fn new_password_hash(
    hasher: &PasswordHasher,
    email: &str,
    new: &str,
) -> Result<String, ServiceError> {
    validate::password(new, email).map_err(|m| field("password", m))?;
    if super::users::is_common(new) {
        return Err(field("password", Message::CommonPassword));
    }
    hasher
        .hash(Password::from(new))
        .await
        .map_err(ServiceError::Internal)
}

/// Changes my password (the current one is needed); my other sessions end.
pub async fn change_password(
    db: &Db,
    hasher: &PasswordHasher,
    id: Uuid,
    (current, new): (&str, &str),
    keep_session: &str,
    actor: &Actor,
) -> Result<(), ServiceError> {
    let member = load(db, id).await?;
    let current_ok = current.chars().count() <= validate::PASSWORD_MAX
        && hasher
            .verify(Password::from(current), Some(member.password_hash.clone()))
            .await;
    if !current_ok {
        return Err(field("current", Message::WrongPassword));
    }
    let hash = new_password_hash(hasher, &member.email, new).await?;
    let now = db.now();
    transaction::write(db, async |txn| {
        set_password(txn, id, hash, now).await?;
        let ended = session::end_others(txn, Kind::Staff, id, keep_session).await?;
        let changes = json!({ "password": "changed", "sessions_ended": ended });
        record(
            txn,
            actor,
            AuditAction::StaffPasswordChange,
            &member,
            changes,
            now,
        )
        .await
    })
    .await
}

/// Stores a new password hash; a one-time password is one no longer.
pub async fn set_password(
    db: &impl ConnectionTrait,
    id: Uuid,
    hash: String,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    staff::Entity::update_many()
        .col_expr(staff::Column::PasswordHash, Expr::value(hash))
        .col_expr(staff::Column::MustChangePassword, Expr::value(false))
        .col_expr(staff::Column::UpdatedAt, Expr::value(now))
        .filter(staff::Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// A new secret for my authenticator, not stored yet: it travels sealed (to me, bound to my
/// id) and comes back with the codes that confirm it.
pub async fn start_reenrolment(
    db: &impl ConnectionTrait,
    secrets: &SecretBox,
    id: Uuid,
) -> Result<Enrolment, ServiceError> {
    let member = load(db, id).await?;
    let secret = totp::new_secret();
    let mut bound = id.as_bytes().to_vec();
    bound.extend_from_slice(&secret);
    let pending = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(secrets.seal(&bound));
    Ok(Enrolment {
        pending: Some(pending),
        ..authenticator::provisioning(&secret, member.email)?
    })
}

/// Replaces my authenticator: a code from the current one proves it is me, a code from the
/// new one that it was added. Both codes are used up.
pub async fn confirm_reenrolment(
    db: &Db,
    secrets: &SecretBox,
    id: Uuid,
    (current_code, new_code): (&str, &str),
    pending: &str,
    actor: &Actor,
) -> Result<(), ServiceError> {
    let member = load(db, id).await?;
    let now = db.now();
    let secret = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(pending)
        .ok()
        .and_then(|sealed| secrets.open(&sealed))
        .filter(|bound| bound.len() > 16 && bound[..16] == *id.as_bytes())
        .map(|bound| bound[16..].to_vec())
        .ok_or(ServiceError::Conflict)?;
    let old = authenticator::open_secret(secrets, member.totp_secret_enc.as_deref())?;
    let current_step = validate::totp_code(current_code)
        .ok()
        .and_then(|c| authenticator::step_of(&old, &c, now, member.totp_last_step))
        .ok_or_else(|| field("current_code", Message::WrongCode))?;
    let new_step = validate::totp_code(new_code)
        .ok()
        .and_then(|c| authenticator::step_of(&secret, &c, now, None))
        .ok_or_else(|| field("code", Message::WrongFirstCode))?;
    transaction::write(db, async |txn| {
        // The current code is claimed in the same statement, so it cannot serve twice.
        let saved = staff::Entity::update_many()
            .col_expr(
                staff::Column::TotpSecretEnc,
                Expr::value(secrets.seal(&secret)),
            )
            .col_expr(staff::Column::TotpEnrolledAt, Expr::value(now))
            .col_expr(
                staff::Column::TotpLastStep,
                Expr::value(current_step.max(new_step)),
            )
            .col_expr(staff::Column::UpdatedAt, Expr::value(now))
            .filter(staff::Column::Id.eq(id))
            .filter(
                Condition::any()
                    .add(staff::Column::TotpLastStep.is_null())
                    .add(staff::Column::TotpLastStep.lt(current_step)),
            )
            .exec(txn)
            .await?;
        if saved.rows_affected == 0 {
            return Err(field("current_code", Message::WrongCode));
        }
        let changes = json!({ "two_factor": "re-enrolled" });
        record(
            txn,
            actor,
            AuditAction::StaffTotpEnrol,
            &member,
            changes,
            now,
        )
        .await
    })
    .await
}

/// My signed-in sessions; `current` marks the one asking.
pub async fn my_sessions(
    db: &impl ConnectionTrait,
    policy: &SessionPolicy,
    id: Uuid,
    current_token: &str,
    now: DateTime<Utc>,
) -> Result<Vec<SessionRow>, ServiceError> {
    sessions::rows(db, policy, (Kind::Staff, id), Some(current_token), now).await
}

/// Signs out one of my sessions (`session_id` from `my_sessions`), or every other one.
pub async fn end_my_sessions(
    db: &Db,
    id: Uuid,
    which: Which<'_>,
    actor: &Actor,
) -> Result<(), ServiceError> {
    let member = load(db, id).await?;
    let now = db.now();
    transaction::write(db, async |txn| {
        let ended = sessions::end(txn, (Kind::Staff, id), which).await?;
        let changes = json!({ "sessions_ended": ended });
        record(
            txn,
            actor,
            AuditAction::StaffSessionsEnd,
            &member,
            changes,
            now,
        )
        .await
    })
    .await
}
