//! What `staff.manage` does to another staff member: edit (name, email, role), disable and
//! enable, reset their authenticator. Each change is audited and checked by `staff_rules`.
use super::audit::{self, Actor, AuditAction};
use super::staff::{check_email_free, check_form, entry};
use super::{staff_rules, transaction, ServiceError};
use crate::auth::session::{self, Kind};
use crate::db::{staff, staff_roles, Db};
use crate::model::messages::Message;
use crate::model::StaffForm;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{json, Map, Value};
use uuid::Uuid;

async fn load(db: &impl ConnectionTrait, id: Uuid) -> Result<staff::Model, ServiceError> {
    staff::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// Saves Edit Staff Member, opened at `version`; a save by someone else in between is
/// refused, never overwritten. A new role applies from the member's next request.
pub async fn update_staff(
    db: &Db,
    id: Uuid,
    version: i32,
    form: &StaffForm,
    actor: &Actor,
) -> Result<(), ServiceError> {
    let checked = check_form(db, form).await?;
    let now = db.now();
    transaction::write(db, async |txn| {
        staff_rules::guarded(txn, actor, async || {
            let member = load(txn, id).await?;
            if member.version != version {
                return Err(ServiceError::validation("staff", Message::StaffChanged));
            }
            check_email_free(txn, &checked.email_norm, Some(id)).await?;
            let saved = staff::Entity::update_many()
                .col_expr(staff::Column::Name, Expr::value(checked.name.clone()))
                .col_expr(staff::Column::Email, Expr::value(checked.email.clone()))
                .col_expr(
                    staff::Column::EmailNorm,
                    Expr::value(checked.email_norm.clone()),
                )
                .col_expr(staff::Column::RoleId, Expr::value(checked.role.id))
                .col_expr(staff::Column::Version, Expr::value(version + 1))
                .col_expr(staff::Column::UpdatedAt, Expr::value(now))
                .filter(staff::Column::Id.eq(id))
                .filter(staff::Column::Version.eq(version))
                .exec(txn)
                .await?;
            if saved.rows_affected == 0 {
                return Err(ServiceError::validation("staff", Message::StaffChanged));
            }
            let mut changes = Map::new();
            let mut note = |key: &str, old: &str, new: &str| {
                if old != new {
                    changes.insert(key.into(), json!({ "old": old, "new": new }));
                }
            };
            note("name", &member.name, &checked.name);
            note("email", &member.email, &checked.email);
            if member.role_id != checked.role.id {
                let old = role_name(txn, member.role_id).await?;
                note("role", &old, &checked.role.name);
            }
            if changes.is_empty() {
                return Ok(());
            }
            let entry = entry(AuditAction::StaffUpdate, &member, Value::Object(changes));
            Ok(audit::record(txn, actor, entry, now).await?)
        })
        .await
    })
    .await
}

async fn role_name(db: &impl ConnectionTrait, id: i32) -> Result<String, ServiceError> {
    let role = staff_roles::Entity::find_by_id(id).one(db).await?;
    Ok(role.map(|r| r.name).unwrap_or_default())
}

/// Disables a member (their sessions end at once, their open consoles close) or enables
/// them again.
pub async fn set_disabled(
    db: &Db,
    id: Uuid,
    disabled: bool,
    actor: &Actor,
) -> Result<(), ServiceError> {
    let now = db.now();
    transaction::write(db, async |txn| {
        staff_rules::guarded(txn, actor, async || {
            let member = load(txn, id).await?;
            if member.disabled_at.is_some() == disabled {
                return Ok(());
            }
            let at: Option<DateTime<Utc>> = disabled.then_some(now);
            staff::Entity::update_many()
                .col_expr(staff::Column::DisabledAt, Expr::value(at))
                .col_expr(staff::Column::UpdatedAt, Expr::value(now))
                .col_expr(
                    staff::Column::Version,
                    Expr::col(staff::Column::Version).add(1),
                )
                .filter(staff::Column::Id.eq(id))
                .exec(txn)
                .await?;
            let ended = if disabled {
                session::end_all(txn, Kind::Staff, id).await?
            } else {
                0
            };
            let (action, changes) = if disabled {
                (
                    AuditAction::StaffDisable,
                    json!({ "sessions_ended": ended }),
                )
            } else {
                (AuditAction::StaffEnable, json!({}))
            };
            Ok(audit::record(txn, actor, entry(action, &member, changes), now).await?)
        })
        .await
    })
    .await
}

/// Forgets a member's authenticator: their sessions end and they set up a new one at their
/// next sign-in.
pub async fn reset_two_factor(db: &Db, id: Uuid, actor: &Actor) -> Result<(), ServiceError> {
    let now = db.now();
    transaction::write(db, async |txn| {
        let member = load(txn, id).await?;
        staff::Entity::update_many()
            .col_expr(
                staff::Column::TotpSecretEnc,
                Expr::value(Option::<Vec<u8>>::None),
            )
            .col_expr(
                staff::Column::TotpEnrolledAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(
                staff::Column::TotpLastStep,
                Expr::value(Option::<i64>::None),
            )
            .col_expr(staff::Column::UpdatedAt, Expr::value(now))
            .col_expr(
                staff::Column::Version,
                Expr::col(staff::Column::Version).add(1),
            )
            .filter(staff::Column::Id.eq(id))
            .exec(txn)
            .await?;
        let ended = session::end_all(txn, Kind::Staff, id).await?;
        let changes = json!({ "two_factor": "reset", "sessions_ended": ended });
        let entry = entry(AuditAction::StaffTotpReset, &member, changes);
        Ok(audit::record(txn, actor, entry, now).await?)
    })
    .await
}
