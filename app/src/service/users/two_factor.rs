//! "Reset 2FA": the explicit staff action that ends a user's authenticator enrolment, apart
//! from the requirement the Edit User form sets (a save never touches an enrolment).
use super::audit_trail::record;
use crate::auth::session::{self, Kind};
use crate::db::{user_recovery_codes, users, Db};
use crate::model::messages::Message;
use crate::service::audit::{Actor, AuditAction};
use crate::service::mail::letters::Letter;
use crate::service::mail::outbox::{queue, Recipient};
use crate::service::{transaction, ServiceError};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::{json, Map};
use uuid::Uuid;

/// Removes the authenticator and the recovery codes and ends every session of the user; if
/// staff require 2FA, the user enrols again at the next sign-in. Returns the user's new version.
pub async fn reset_two_factor(db: &Db, id: Uuid, actor: &Actor) -> Result<i32, ServiceError> {
    let at = db.now();
    transaction::write(db, async |txn| {
        let user = users::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if user.totp_enrolled_at.is_none() {
            return Err(ServiceError::validation(
                "two_factor",
                Message::TwoFactorNotEnrolled,
            ));
        }
        remove_enrolment(txn, id, at).await?;
        session::end_all(txn, Kind::User, id).await?;
        let mut changes = Map::new();
        changes.insert("totp".into(), json!("reset"));
        record(txn, actor, AuditAction::UserTotpReset, &user, changes, at).await?;
        let letter = Letter::TwoFactorOff { by_staff: true };
        queue(txn, db.mail(), &letter, &Recipient::user(&user), at).await?;
        Ok(user.version + 1)
    })
    .await
}

/// Removes the authenticator and the recovery codes of user `id` (a change of the user: the
/// version moves). Shared by "Reset 2FA" and the user turning 2FA off on `/account`.
pub async fn remove_enrolment(
    db: &impl ConnectionTrait,
    id: Uuid,
    at: DateTime<Utc>,
) -> Result<(), ServiceError> {
    users::Entity::update_many()
        .col_expr(users::Column::TotpSecretEnc, Expr::value(None::<Vec<u8>>))
        .col_expr(
            users::Column::TotpEnrolledAt,
            Expr::value(None::<DateTime<Utc>>),
        )
        .col_expr(users::Column::TotpLastStep, Expr::value(None::<i64>))
        .col_expr(users::Column::UpdatedAt, Expr::value(at))
        .col_expr(
            users::Column::Version,
            Expr::col(users::Column::Version).add(1),
        )
        .filter(users::Column::Id.eq(id))
        .exec(db)
        .await?;
    user_recovery_codes::Entity::delete_many()
        .filter(user_recovery_codes::Column::UserId.eq(id))
        .exec(db)
        .await?;
    Ok(())
}
