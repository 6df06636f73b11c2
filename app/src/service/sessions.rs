//! Where an account is signed in: its sessions as My profile, Edit User and the account page
//! list them, and ending some of them.
use super::{devices, ServiceError};
use crate::auth::session::{self, Kind, SessionPolicy};
use crate::model::SessionRow;
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use uuid::Uuid;

/// The account's signed-in sessions, most recently seen first; `current` (the asking
/// browser's token, when it is the account's own) marks its session.
pub async fn rows(
    db: &impl ConnectionTrait,
    policy: &SessionPolicy,
    (kind, id): (Kind, Uuid),
    current: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Vec<SessionRow>, ServiceError> {
    let current = current.map(session::hash);
    Ok(session::list(db, policy, kind, id, now)
        .await?
        .into_iter()
        .map(|s| SessionRow {
            current: current.as_deref() == Some(s.id.as_str()),
            device: devices::describe(s.user_agent.as_deref()),
            id: s.id,
            ip: s.ip,
            signed_in: s.created_at,
            last_seen: s.last_seen_at,
            impersonated_by: s
                .impersonator_id
                .map(|_| s.impersonator_name.unwrap_or_default()),
        })
        .collect())
}

/// Which sessions to end.
pub enum Which<'a> {
    /// The session stored as this id (a row's handle).
    One(&'a str),
    /// Every session but the one holding this token (the asker's own).
    AllBut(&'a str),
    /// Every session ("Sign out everywhere").
    All,
}

/// Ends the account's sessions `which` names; how many. One that is not the account's (or
/// is gone already) is NotFound.
pub async fn end(
    db: &impl ConnectionTrait,
    (kind, id): (Kind, Uuid),
    which: Which<'_>,
) -> Result<u64, ServiceError> {
    Ok(match which {
        Which::One(session_id) => match session::end_of(db, kind, id, session_id).await? {
            true => 1,
            false => return Err(ServiceError::NotFound),
        },
        Which::AllBut(keep) => session::end_others(db, kind, id, keep).await?,
        Which::All => session::end_all(db, kind, id).await?,
    })
}
