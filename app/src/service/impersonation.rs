//! "Sign in as user": a staff member opens the client area as a user, to see what they see,
//! without learning their password. It needs a reason (kept with the session and in the
//! audit trail), is refused for INACTIVE users, and lasts at most 30 minutes
//! (`session::IMPERSONATION_LIMIT`). Its start and end are in the user's sign-in history;
//! what is done in it is audited as the staff member acting as the user (`acting_as`), and
//! the user's security (password, 2FA, recovery codes, sessions) stays out of its reach
//! (`guard::require_user_in_person`).
use super::account::record;
use super::audit::{Actor, ActorKind, AuditAction};
use super::{transaction, user_sign_in, ServiceError};
use crate::auth::session::{self, Device, Impersonator, Session};
use crate::db::{users, Db};
use crate::model::messages::Message;
use crate::model::user_list::UserStatus;
use sea_orm::EntityTrait;
use serde_json::json;
use uuid::Uuid;

/// The longest reason kept.
pub const REASON_MAX: usize = 500;

/// Opens a client-area session as user `id` for staff member `by` (who is `actor`).
pub async fn start(
    db: &Db,
    id: Uuid,
    by: &Impersonator,
    reason: &str,
    device: &Device,
    actor: &Actor,
) -> Result<Session, ServiceError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ServiceError::validation("reason", Message::ReasonMissing));
    }
    if reason.chars().count() > REASON_MAX {
        let message = Message::ReasonTooLong(REASON_MAX);
        return Err(ServiceError::validation("reason", message));
    }
    let now = db.now();
    transaction::write(db, async |txn| {
        let user = users::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if user.status == UserStatus::Inactive {
            return Err(ServiceError::validation("reason", Message::InactiveUser));
        }
        let session = session::create_impersonation(txn, id, by, reason, device, now).await?;
        let changes = json!({
            "reason": reason,
            "device": super::devices::describe(device.user_agent.as_deref()),
        });
        let action = AuditAction::UserImpersonationStart;
        record(txn, actor, action, &user, changes, now).await?;
        Ok(session)
    })
    .await
}

/// Ends an impersonation session ("Return to console", or signing out in it).
pub async fn end(
    db: &Db,
    session: &Session,
    user: &users::Model,
    actor: &Actor,
) -> Result<(), ServiceError> {
    let now = db.now();
    transaction::write(db, async |txn| {
        session::end(txn, &session.token).await?;
        let action = AuditAction::UserImpersonationEnd;
        record(txn, actor, action, user, json!({}), now).await
    })
    .await
}

/// Who acts in a session of `user`: the user, or in an impersonation the staff member as the
/// user ("Sam Support as Ann Lee <ann@example.com>"), so the audit trail names both.
pub fn acting_as(origin: &super::audit::Origin, session: &Session, user: &users::Model) -> Actor {
    let label = user_sign_in::label(user);
    match &session.impersonator {
        Some(by) => {
            let both: String = format!("{} as {label}", by.name)
                .chars()
                .take(254)
                .collect();
            origin.actor(ActorKind::Staff, by.id, both)
        }
        None => origin.actor(ActorKind::User, user.id, label),
    }
}
