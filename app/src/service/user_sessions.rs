//! A user's sessions: staff see and end them in Edit User (a call about something strange in
//! the account), the user on their account page ("Where you're signed in"). Ending is audited
//! as whoever did it.
use super::account::record;
use super::audit::{Actor, AuditAction};
use super::sessions::{self, Which};
use super::{transaction, ServiceError};
use crate::auth::session::{Kind, SessionPolicy};
use crate::db::{users, Db};
use crate::model::SessionRow;
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, EntityTrait};
use serde_json::json;
use uuid::Uuid;

async fn user(db: &impl ConnectionTrait, id: Uuid) -> Result<users::Model, ServiceError> {
    users::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The user's signed-in sessions; `current` is the asking browser's token when the user asks.
pub async fn list(
    db: &impl ConnectionTrait,
    policy: &SessionPolicy,
    id: Uuid,
    current: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<SessionRow>, ServiceError> {
    user(db, id).await?;
    sessions::rows(db, policy, (Kind::User, id), current, now).await
}

/// Ends the user's sessions `which` names, at once: each browser is signed out at its next
/// request.
pub async fn end(db: &Db, id: Uuid, which: Which<'_>, actor: &Actor) -> Result<(), ServiceError> {
    let now = db.now();
    transaction::write(db, async |txn| {
        let user = user(txn, id).await?;
        let ended = sessions::end(txn, (Kind::User, id), which).await?;
        let changes = json!({ "sessions_ended": ended });
        record(
            txn,
            actor,
            AuditAction::UserSessionsEnd,
            &user,
            changes,
            now,
        )
        .await
    })
    .await
}
