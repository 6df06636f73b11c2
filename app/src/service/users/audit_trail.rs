//! The audit entries of user changes: which fields, old and new values, never a secret.
use crate::db::users;
use crate::model::Keyed;
use crate::service::audit::{self, Actor, AuditAction, Entry, TargetKind};
use sea_orm::{ConnectionTrait, DbErr};
use serde_json::{json, Map, Value};

pub(crate) async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: AuditAction,
    user: &users::Model,
    changes: Map<String, Value>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbErr> {
    audit::record(db, actor, entry(action, user, changes), at).await
}

/// The entry of `action` on `user`.
pub(crate) fn entry(
    action: AuditAction,
    user: &users::Model,
    changes: Map<String, Value>,
) -> Entry {
    Entry {
        action,
        target_kind: TargetKind::User,
        target_id: Some(user.id.to_string()),
        target_label: format!("{} {} <{}>", user.first_name, user.last_name, user.email),
        changes: Value::Object(changes),
    }
}

/// The audited fields. Secrets never appear: only "password" / "totp" markers, which the
/// callers add.
pub(super) fn fields(u: &users::Model) -> Vec<(&'static str, Value)> {
    vec![
        ("email", json!(u.email)),
        ("first_name", json!(u.first_name)),
        ("last_name", json!(u.last_name)),
        ("phone", json!(u.phone)),
        ("language", json!(u.language)),
        ("admin_notes", json!(u.admin_notes)),
        ("status", json!(u.status.key())),
        ("email_verified", json!(u.email_verified)),
        ("phone_verified", json!(u.phone_verified)),
        ("two_factor_required", json!(u.two_factor_required)),
        ("user_name", json!(u.scim_user_name)),
        ("display_name", json!(u.scim_display_name)),
        ("external_id", json!(u.external_id)),
    ]
}

/// Each field that differs; every field as new when there is no `old`.
pub(crate) fn diff(old: Option<&users::Model>, new: &users::Model) -> Map<String, Value> {
    audit::diff(old.map(fields), fields(new))
}
