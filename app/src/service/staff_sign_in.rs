//! The steps of a staff sign-in: password, then an authenticator code (or enrolment first).
//! Every refusal is `SignInRefused` with the reason for the log; the UI shows one message.
use super::audit::{self, Actor, Entry};
use super::authenticator;
use super::ServiceError;
use crate::auth::{password::PasswordHasher, secret_box::SecretBox};
use crate::db::staff;
use crate::model::messages;
use crate::model::{validate, Enrolment};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

/// What the staff member must do after a correct password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    Code,
    Enrol,
}

pub async fn check_password(
    db: &impl ConnectionTrait,
    hasher: &PasswordHasher,
    email: &str,
    password: &str,
) -> Result<(Uuid, NextStep), ServiceError> {
    // Refuse oversized input before any hashing work.
    if password.chars().count() > validate::PASSWORD_MAX || email.len() > validate::EMAIL_MAX {
        return Err(ServiceError::SignInRefused("oversized credentials"));
    }
    let member = staff::Entity::find()
        .filter(staff::Column::EmailNorm.eq(validate::email_norm(email)))
        .one(db)
        .await?;
    let ok = hasher
        .verify(
            password.to_owned(),
            member.as_ref().map(|m| m.password_hash.clone()),
        )
        .await;
    let Some(member) = member else {
        return Err(ServiceError::SignInRefused("unknown email"));
    };
    let failed = Expr::col(staff::Column::FailedLogins);
    let mut update = staff::Entity::update_many()
        .col_expr(
            staff::Column::FailedLogins,
            if ok { Expr::value(0) } else { failed.add(1) },
        )
        .filter(staff::Column::Id.eq(member.id));
    if ok {
        if let Some(upgraded) = hasher
            .upgrade(password.to_owned(), &member.password_hash)
            .await
        {
            update = update.col_expr(staff::Column::PasswordHash, Expr::value(upgraded));
        }
    }
    update.exec(db).await?;
    if !ok {
        return Err(ServiceError::SignInRefused("wrong password"));
    }
    let next = if member.totp_enrolled_at.is_some() {
        NextStep::Code
    } else {
        NextStep::Enrol
    };
    Ok((member.id, next))
}

async fn load(db: &impl ConnectionTrait, id: Uuid) -> Result<staff::Model, ServiceError> {
    staff::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotSignedIn)
}

/// Accepts `code` for `step` only if no later-or-equal step was accepted before; the check and
/// the write are one statement, so two concurrent requests cannot both use one code.
async fn claim_step(
    db: &impl ConnectionTrait,
    id: Uuid,
    step: i64,
    now: DateTime<Utc>,
    enrol: bool,
) -> Result<bool, ServiceError> {
    let mut update = staff::Entity::update_many()
        .col_expr(staff::Column::TotpLastStep, Expr::value(step))
        .col_expr(staff::Column::LastLoginAt, Expr::value(now))
        .filter(staff::Column::Id.eq(id))
        .filter(
            Condition::any()
                .add(staff::Column::TotpLastStep.is_null())
                .add(staff::Column::TotpLastStep.lt(step)),
        );
    if enrol {
        update = update
            .col_expr(staff::Column::TotpEnrolledAt, Expr::value(now))
            .col_expr(staff::Column::UpdatedAt, Expr::value(now))
            .filter(staff::Column::TotpEnrolledAt.is_null());
    }
    Ok(update.exec(db).await?.rows_affected == 1)
}

/// The code step of a sign-in for an enrolled staff member.
pub async fn check_code(
    db: &impl ConnectionTrait,
    secrets: &SecretBox,
    id: Uuid,
    code: &str,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let member = load(db, id).await?;
    if member.totp_enrolled_at.is_none() {
        return Err(ServiceError::SignInRefused("not enrolled"));
    }
    let secret = authenticator::open_secret(secrets, member.totp_secret_enc.as_deref())?;
    let code =
        validate::totp_code(code).map_err(|_| ServiceError::SignInRefused("malformed code"))?;
    let step = authenticator::step_of(&secret, &code, now, member.totp_last_step)
        .ok_or(ServiceError::SignInRefused("wrong or reused code"))?;
    if !claim_step(db, id, step, now, false).await? {
        return Err(ServiceError::SignInRefused("code reused concurrently"));
    }
    Ok(())
}

/// The secret to enrol (created on first call, kept until confirmed).
pub async fn enrolment(
    db: &impl ConnectionTrait,
    secrets: &SecretBox,
    id: Uuid,
) -> Result<Enrolment, ServiceError> {
    let member = load(db, id).await?;
    if member.totp_enrolled_at.is_some() {
        return Err(ServiceError::Conflict);
    }
    authenticator::enrolment(
        secrets,
        member.totp_secret_enc.as_deref(),
        member.email,
        |sealed| async move {
            let stored = staff::Entity::update_many()
                .col_expr(staff::Column::TotpSecretEnc, Expr::value(sealed))
                .filter(staff::Column::Id.eq(id))
                .filter(staff::Column::TotpSecretEnc.is_null())
                .exec(db)
                .await?;
            Ok(stored.rows_affected == 1)
        },
        || async move { Ok(load(db, id).await?.totp_secret_enc) },
    )
    .await
}

/// Confirms enrolment with a first code; from then on 2FA is active for this staff member.
pub async fn confirm_enrolment(
    db: &impl ConnectionTrait,
    secrets: &SecretBox,
    id: Uuid,
    code: &str,
    now: DateTime<Utc>,
    actor: &Actor,
) -> Result<(), ServiceError> {
    let member = load(db, id).await?;
    if member.totp_enrolled_at.is_some() {
        return Err(ServiceError::Conflict);
    }
    let secret = authenticator::open_secret(secrets, member.totp_secret_enc.as_deref())?;
    let code = validate::totp_code(code).map_err(|m| ServiceError::validation("code", m))?;
    let step = authenticator::step_of(&secret, &code, now, member.totp_last_step)
        .ok_or_else(|| ServiceError::validation("code", messages::WRONG_FIRST_CODE))?;
    if !claim_step(db, id, step, now, true).await? {
        return Err(ServiceError::Conflict);
    }
    let entry = Entry {
        action: "staff.totp_enrol",
        target_kind: "staff",
        target_id: Some(id.to_string()),
        target_label: member.email,
        changes: json!({ "totp": "changed" }),
    };
    audit::record(db, actor, entry, now).await?;
    Ok(())
}
