//! A user's sign-in history: their last attempts, read from the audit trail where every
//! sign-in and every refusal of their account is recorded (`sign_in_audit`), with each time
//! a staff member signed in as them and returned (`impersonation`).
use super::audit::{AuditAction, TargetKind};
use super::ServiceError;
use crate::db::audit_log;
use crate::model::account::{SignInAttempt, SignInOutcome, SignInRefusal};
use crate::model::Keyed;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::Value;
use uuid::Uuid;

/// How many attempts the history shows.
pub const SHOWN: u64 = 50;

/// The user's last `SHOWN` sign-in attempts, newest first (the audit trail's index on target
/// and time answers this without a scan).
pub async fn of_user(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Vec<SignInAttempt>, ServiceError> {
    let actions = [
        AuditAction::UserSignIn,
        AuditAction::UserSignInRefused,
        AuditAction::UserImpersonationStart,
        AuditAction::UserImpersonationEnd,
    ]
    .map(|a| a.key());
    let rows = audit_log::Entity::find()
        .filter(audit_log::Column::TargetKind.eq(<&str>::from(TargetKind::User)))
        .filter(audit_log::Column::TargetId.eq(id.to_string()))
        .filter(audit_log::Column::Action.is_in(actions))
        .order_by_desc(audit_log::Column::At)
        .limit(SHOWN)
        .all(db)
        .await?;
    Ok(rows.into_iter().map(attempt).collect())
}

fn attempt(e: audit_log::Model) -> SignInAttempt {
    let changes: Value = serde_json::from_str(&e.changes).unwrap_or(Value::Null);
    let text = |key: &str| changes.get(key).and_then(Value::as_str).map(str::to_owned);
    SignInAttempt {
        at: e.at,
        outcome: match AuditAction::from_key(&e.action) {
            Some(AuditAction::UserSignInRefused) => {
                SignInOutcome::Refused(SignInRefusal::from_key(&text("reason").unwrap_or_default()))
            }
            Some(AuditAction::UserImpersonationStart) => SignInOutcome::ImpersonationStarted {
                by: e.actor_label.clone(),
                reason: text("reason").unwrap_or_default(),
            },
            Some(AuditAction::UserImpersonationEnd) => SignInOutcome::ImpersonationEnded {
                by: e.actor_label.clone(),
            },
            _ => SignInOutcome::SignedIn,
        },
        ip: e.ip,
        device: text("device"),
    }
}
