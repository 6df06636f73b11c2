//! Sign-ins in the audit trail: each completed sign-in and each refusal of a known account,
//! with the account as the actor and the caller's address. (Unknown emails have no account to
//! record against; they are logged and throttled.)
use super::audit::{self, ActorKind, AuditAction, Entry, Origin, TargetKind};
use super::ServiceError;
use crate::model::account::SignInRefusal;
use chrono::{DateTime, Utc};
use sea_orm::ConnectionTrait;
use serde_json::{json, Value};
use uuid::Uuid;

/// Whose sign-in: a client-area user's or a staff member's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Account {
    User,
    Staff,
}

impl Account {
    /// The account acts (signs in) on itself.
    fn kinds(self) -> (ActorKind, TargetKind) {
        match self {
            Self::User => (ActorKind::User, TargetKind::User),
            Self::Staff => (ActorKind::Staff, TargetKind::Staff),
        }
    }
}

/// The account `id` ("Ann Lee <ann@x.com>") signed in; `changes` holds what the sign-in
/// changed (NEW -> ACTIVE), if anything.
#[allow(clippy::too_many_arguments)]
pub async fn signed_in(
    db: &impl ConnectionTrait,
    origin: &Origin,
    account: Account,
    id: Uuid,
    label: &str,
    changes: Value,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let action = match account {
        Account::User => AuditAction::UserSignIn,
        Account::Staff => AuditAction::StaffSignIn,
    };
    record(db, origin, account, action, id, label, changes, now).await
}

/// A sign-in of account `id` was refused for `reason`.
pub async fn refused(
    db: &impl ConnectionTrait,
    origin: &Origin,
    account: Account,
    id: Uuid,
    label: &str,
    reason: SignInRefusal,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let action = match account {
        Account::User => AuditAction::UserSignInRefused,
        Account::Staff => AuditAction::StaffSignInRefused,
    };
    let changes = json!({ "reason": reason.key() });
    record(db, origin, account, action, id, label, changes, now).await
}

#[allow(clippy::too_many_arguments)]
async fn record(
    db: &impl ConnectionTrait,
    origin: &Origin,
    account: Account,
    action: AuditAction,
    id: Uuid,
    label: &str,
    changes: Value,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let (actor_kind, target_kind) = account.kinds();
    let mut changes = changes;
    if let (Value::Object(fields), Some(device)) = (&mut changes, &origin.device) {
        fields.insert("device".into(), Value::String(device.clone()));
    }
    let actor = origin.actor(actor_kind, id, label.to_owned());
    let entry = Entry {
        action,
        target_kind,
        target_id: Some(id.to_string()),
        target_label: label.to_owned(),
        changes,
    };
    Ok(audit::record(db, &actor, entry, now).await?)
}
