//! The server's half of a ceremony in flight, kept in the database (any node may receive the
//! browser's answer) and taken exactly once: a second answer to the same challenge, or one
//! after it expired, finds nothing.
use crate::db::passkey_ceremonies;
use crate::model::messages::Message;
use crate::service::ServiceError;
use chrono::{DateTime, Duration, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde::{de::DeserializeOwned, Serialize};
use uuid::Uuid;

/// How long the browser has to answer (it asks the person to touch or unlock a device).
pub const LIFETIME: Duration = Duration::minutes(5);

/// What a ceremony is for: an answer is only accepted for the purpose it was started for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    Register,
    SignIn,
    SecondFactor,
}

impl Purpose {
    fn key(self, holder: super::HolderKind) -> String {
        let purpose = match self {
            Self::Register => "register",
            Self::SignIn => "sign_in",
            Self::SecondFactor => "second_factor",
        };
        format!("{}:{purpose}", holder.key())
    }
}

/// Files `state` and returns the ceremony's id (the browser sends it back with its answer).
/// Expired ceremonies are swept on the way.
pub async fn open(
    db: &impl ConnectionTrait,
    holder: super::HolderKind,
    purpose: Purpose,
    account: Option<Uuid>,
    state: &impl Serialize,
    now: DateTime<Utc>,
) -> Result<Uuid, ServiceError> {
    passkey_ceremonies::Entity::delete_many()
        .filter(passkey_ceremonies::Column::ExpiresAt.lt(now))
        .exec(db)
        .await?;
    let id = Uuid::now_v7();
    let state = serde_json::to_string(state).map_err(|e| ServiceError::Internal(e.to_string()))?;
    passkey_ceremonies::Entity::insert(passkey_ceremonies::ActiveModel {
        id: Set(id),
        purpose: Set(purpose.key(holder)),
        account_id: Set(account),
        state: Set(state),
        expires_at: Set(now + LIFETIME),
    })
    .exec_without_returning(db)
    .await?;
    Ok(id)
}

/// Takes ceremony `id` for `purpose` and `account` (deleting it, so it cannot be answered
/// twice) and returns its state. Unknown, used, expired or another's: `PasskeyExpired`.
pub async fn take<S: DeserializeOwned>(
    db: &impl ConnectionTrait,
    holder: super::HolderKind,
    purpose: Purpose,
    account: Option<Uuid>,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<S, ServiceError> {
    let expired = || ServiceError::validation("passkey", Message::PasskeyExpired);
    let found = passkey_ceremonies::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or_else(expired)?;
    // Only the statement that deletes it may use it: of two answers racing, one wins.
    let deleted = passkey_ceremonies::Entity::delete_by_id(id)
        .exec(db)
        .await?;
    if deleted.rows_affected != 1
        || found.purpose != purpose.key(holder)
        || found.account_id != account
        || found.expires_at < now
    {
        return Err(expired());
    }
    serde_json::from_str(&found.state).map_err(|e| ServiceError::Internal(e.to_string()))
}
