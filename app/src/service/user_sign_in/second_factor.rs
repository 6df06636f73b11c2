//! The second factor of a user's sign-in: enrolment with recovery codes, TOTP steps claimed
//! once, recovery codes used once.
use super::{load, succeeded};
use crate::auth::{recovery, secret_box::SecretBox};
use crate::db::{user_recovery_codes, users};
use crate::model::messages::Message;
use crate::model::{validate, Enrolment};
use crate::service::audit::{self, Actor, AuditAction, Entry, TargetKind};
use crate::service::authenticator;
use crate::service::ServiceError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, Set,
};
use serde_json::json;
use uuid::Uuid;

/// The secret to enrol (created on first call, kept until confirmed).
pub async fn enrolment(
    db: &impl ConnectionTrait,
    secrets: &SecretBox,
    id: Uuid,
) -> Result<Enrolment, ServiceError> {
    let user = load(db, id).await?;
    if user.totp_enrolled_at.is_some() {
        return Err(ServiceError::Conflict);
    }
    authenticator::enrolment(
        secrets,
        user.totp_secret_enc.as_deref(),
        user.email,
        |sealed| async move {
            let stored = users::Entity::update_many()
                .col_expr(users::Column::TotpSecretEnc, Expr::value(sealed))
                .filter(users::Column::Id.eq(id))
                .filter(users::Column::TotpSecretEnc.is_null())
                .exec(db)
                .await?;
            Ok(stored.rows_affected == 1)
        },
        || async move { Ok(load(db, id).await?.totp_secret_enc) },
    )
    .await
}

/// Confirms enrolment at sign-in (staff require 2FA) with a first code: 2FA is active from
/// now on, the user gets ten recovery codes, shown this once, and the sign-in is complete.
pub async fn confirm_enrolment(
    db: &impl ConnectionTrait,
    secrets: &SecretBox,
    id: Uuid,
    code: &str,
    now: DateTime<Utc>,
    actor: &Actor,
) -> Result<Vec<String>, ServiceError> {
    let codes = confirm_enrolment_signed_in(db, secrets, id, code, now, actor).await?;
    succeeded(db, &load(db, id).await?, &actor.origin(), now).await?;
    Ok(codes)
}

/// Confirms enrolment from `/account`, where the user is signed in already: 2FA is active
/// from now on, and the user gets ten recovery codes, shown this once.
pub async fn confirm_enrolment_signed_in(
    db: &impl ConnectionTrait,
    secrets: &SecretBox,
    id: Uuid,
    code: &str,
    now: DateTime<Utc>,
    actor: &Actor,
) -> Result<Vec<String>, ServiceError> {
    let user = load(db, id).await?;
    if user.totp_enrolled_at.is_some() {
        return Err(ServiceError::Conflict);
    }
    let code = validate::totp_code(code).map_err(|m| ServiceError::validation("code", m))?;
    let step = totp_step(secrets, &user, &code, now)?
        .ok_or_else(|| ServiceError::validation("code", Message::WrongFirstCode))?;
    let enrolled = users::Entity::update_many()
        .col_expr(users::Column::TotpLastStep, Expr::value(step))
        .col_expr(users::Column::TotpEnrolledAt, Expr::value(now))
        .col_expr(users::Column::UpdatedAt, Expr::value(now))
        .col_expr(
            users::Column::Version,
            Expr::col(users::Column::Version).add(1),
        )
        .filter(users::Column::Id.eq(id))
        .filter(users::Column::TotpEnrolledAt.is_null())
        .exec(db)
        .await?;
    if enrolled.rows_affected != 1 {
        return Err(ServiceError::Conflict);
    }
    let codes = replace_recovery_codes(db, id).await?;
    let entry = Entry {
        action: AuditAction::UserTotpEnrol,
        target_kind: TargetKind::User,
        target_id: Some(id.to_string()),
        target_label: super::label(&user),
        changes: json!({ "totp": "enrolled" }),
    };
    audit::record(db, actor, entry, now).await?;
    Ok(codes)
}

/// New recovery codes replace the old ones; returns them in plain text, this once.
pub async fn replace_recovery_codes(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Vec<String>, ServiceError> {
    user_recovery_codes::Entity::delete_many()
        .filter(user_recovery_codes::Column::UserId.eq(id))
        .exec(db)
        .await?;
    let codes = recovery::generate();
    for code in &codes {
        user_recovery_codes::ActiveModel {
            id: Set(Uuid::now_v7()),
            user_id: Set(id),
            code_hash: Set(recovery::hash(code)),
            used_at: Set(None),
        }
        .insert(db)
        .await?;
    }
    Ok(codes)
}

/// Checks a TOTP code without claiming it: the matched time step, if valid and not used.
pub fn totp_step(
    secrets: &SecretBox,
    user: &users::Model,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Option<i64>, ServiceError> {
    let secret = authenticator::open_secret(secrets, user.totp_secret_enc.as_deref())?;
    Ok(authenticator::step_of(
        &secret,
        code,
        now,
        user.totp_last_step,
    ))
}

/// Accepts time step `step` only if no later-or-equal step was accepted before; the check and
/// the write are one statement, so two concurrent requests cannot both use one code.
pub async fn claim_step(
    db: &impl ConnectionTrait,
    id: Uuid,
    step: i64,
) -> Result<bool, ServiceError> {
    let claimed = users::Entity::update_many()
        .col_expr(users::Column::TotpLastStep, Expr::value(step))
        .filter(users::Column::Id.eq(id))
        .filter(
            Condition::any()
                .add(users::Column::TotpLastStep.is_null())
                .add(users::Column::TotpLastStep.lt(step)),
        )
        .exec(db)
        .await?;
    Ok(claimed.rows_affected == 1)
}

/// Marks a recovery code used; false if it is unknown or already used.
pub(super) async fn use_recovery_code(
    db: &impl ConnectionTrait,
    id: Uuid,
    code: &str,
    now: DateTime<Utc>,
) -> Result<bool, ServiceError> {
    let used = user_recovery_codes::Entity::update_many()
        .col_expr(user_recovery_codes::Column::UsedAt, Expr::value(now))
        .filter(user_recovery_codes::Column::UserId.eq(id))
        .filter(user_recovery_codes::Column::CodeHash.eq(recovery::hash(code)))
        .filter(user_recovery_codes::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    Ok(used.rows_affected == 1)
}
