//! The steps of a staff sign-in: password, then an authenticator code (or enrolment first).
//! Every refusal is `SignInRefused` with the reason for the log; the UI shows one message.
use super::audit::{self, Actor, AuditAction, Entry, Origin, TargetKind};
use super::authenticator;
use super::lockout;
use super::sign_in_audit::{self, Account};
use super::ServiceError;
use crate::auth::{password::PasswordHasher, secret_box::SecretBox};
use crate::db::staff;
use crate::model::account::SignInRefusal;
use crate::model::messages::Message;
use crate::model::Password;
use crate::model::{validate, Enrolment};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

mod passkey;
pub use passkey::{second_factor_with_passkey, second_factors, sign_in_with_passkey};

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
    now: DateTime<Utc>,
    origin: &Origin,
) -> Result<(Uuid, NextStep), ServiceError> {
    // Refuse oversized input before any hashing work.
    if password.chars().count() > validate::PASSWORD_MAX || email.len() > validate::EMAIL_MAX {
        return Err(ServiceError::SignInRefused("oversized credentials"));
    }
    let member = staff::Entity::find()
        .filter(staff::Column::EmailNorm.eq(validate::email_norm(email)))
        .one(db)
        .await?;
    let unknown_key = format!("staff-email:{}", validate::email_norm(email));
    match &member {
        Some(m) => {
            if let Err(wait) = lockout::wait_until(m.locked_until, now) {
                return Err(refuse(
                    db,
                    origin,
                    m,
                    lockout::wait_reason(m.failed_logins, m.locked_until, now),
                    wait,
                    now,
                )
                .await);
            }
        }
        None => lockout::wait_for_unknown(db, &unknown_key, now).await?,
    }
    let ok = hasher
        .verify(
            Password::from(password),
            member.as_ref().map(|m| m.password_hash.clone()),
        )
        .await;
    let Some(member) = member else {
        lockout::unknown_failed(db, &unknown_key, now).await?;
        return Err(ServiceError::SignInRefused("unknown email"));
    };
    if !ok {
        failed(db, &member, now).await?;
        let refusal = ServiceError::SignInRefused("wrong password");
        return Err(refuse(
            db,
            origin,
            &member,
            SignInRefusal::WrongPassword,
            refusal,
            now,
        )
        .await);
    }
    if let Some(upgraded) = hasher
        .upgrade(Password::from(password), &member.password_hash)
        .await
    {
        staff::Entity::update_many()
            .col_expr(staff::Column::PasswordHash, Expr::value(upgraded))
            .filter(staff::Column::Id.eq(member.id))
            .exec(db)
            .await?;
    }
    if member.disabled_at.is_some() {
        let refusal = ServiceError::SignInBlocked(Message::StaffDisabled);
        return Err(refuse(db, origin, &member, SignInRefusal::Disabled, refusal, now).await);
    }
    // Failures are forgiven when the code step completes the sign-in, not here.
    let next = if member.totp_enrolled_at.is_some() {
        NextStep::Code
    } else {
        NextStep::Enrol
    };
    Ok((member.id, next))
}

/// Whether the console shows the staff member as LOCKED.
pub fn is_locked(member: &staff::Model, now: DateTime<Utc>) -> bool {
    lockout::is_locked(member.failed_logins, member.locked_until, now)
}

/// One more failure in a row, and the wait it earns.
async fn failed(
    db: &impl ConnectionTrait,
    member: &staff::Model,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let failures = member.failed_logins + 1;
    staff::Entity::update_many()
        .col_expr(
            staff::Column::FailedLogins,
            Expr::col(staff::Column::FailedLogins).add(1),
        )
        .col_expr(
            staff::Column::LockedUntil,
            Expr::value(lockout::delay_after(failures).map(|d| now + d)),
        )
        .filter(staff::Column::Id.eq(member.id))
        .exec(db)
        .await?;
    Ok(())
}

/// Records the refusal and returns it (or the database error that kept it from the trail).
async fn refuse(
    db: &impl ConnectionTrait,
    origin: &Origin,
    member: &staff::Model,
    reason: SignInRefusal,
    refusal: ServiceError,
    now: DateTime<Utc>,
) -> ServiceError {
    let label = label(member);
    match sign_in_audit::refused(db, origin, Account::Staff, member.id, &label, reason, now).await {
        Ok(()) => refusal,
        Err(e) => e,
    }
}

fn label(member: &staff::Model) -> String {
    format!("{} <{}>", member.name, member.email)
}

/// The sign-in is complete: failures forgiven, recorded.
async fn succeeded(
    db: &impl ConnectionTrait,
    member: &staff::Model,
    origin: &Origin,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    staff::Entity::update_many()
        .col_expr(staff::Column::FailedLogins, Expr::value(0))
        .col_expr(
            staff::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(staff::Column::Id.eq(member.id))
        .exec(db)
        .await?;
    let label = label(member);
    sign_in_audit::signed_in(
        db,
        origin,
        Account::Staff,
        member.id,
        &label,
        json!({}),
        now,
    )
    .await
}

/// Staff (or an operator) end a staff member's lock and the failures behind it.
pub async fn unlock(
    db: &impl ConnectionTrait,
    id: Uuid,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let member = staff::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    staff::Entity::update_many()
        .col_expr(staff::Column::FailedLogins, Expr::value(0))
        .col_expr(
            staff::Column::LockedUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(staff::Column::Id.eq(id))
        .exec(db)
        .await?;
    let entry = Entry {
        action: AuditAction::StaffUnlock,
        target_kind: TargetKind::Staff,
        target_id: Some(id.to_string()),
        target_label: label(&member),
        changes: json!({ "failed_logins": { "old": member.failed_logins, "new": 0 } }),
    };
    Ok(audit::record(db, actor, entry, now).await?)
}

/// The name the audit trail gives a staff member who acts before their session is full.
pub async fn name_of(db: &impl ConnectionTrait, id: Uuid) -> Result<String, ServiceError> {
    Ok(load(db, id).await?.name)
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
    origin: &Origin,
) -> Result<(), ServiceError> {
    let member = load(db, id).await?;
    if let Err(wait) = lockout::wait_until(member.locked_until, now) {
        return Err(refuse(
            db,
            origin,
            &member,
            lockout::wait_reason(member.failed_logins, member.locked_until, now),
            wait,
            now,
        )
        .await);
    }
    if member.totp_enrolled_at.is_none() {
        return Err(ServiceError::SignInRefused("not enrolled"));
    }
    let secret = authenticator::open_secret(secrets, member.totp_secret_enc.as_deref())?;
    let step = validate::totp_code(code)
        .ok()
        .and_then(|code| authenticator::step_of(&secret, &code, now, member.totp_last_step));
    let claimed = match step {
        Some(step) => claim_step(db, id, step, now, false).await?,
        None => false,
    };
    if !claimed {
        failed(db, &member, now).await?;
        let refusal = ServiceError::SignInRefused("wrong or reused code");
        return Err(refuse(db, origin, &member, SignInRefusal::WrongCode, refusal, now).await);
    }
    succeeded(db, &member, origin, now).await
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
    let must_change_password = member.must_change_password;
    let enrolment = authenticator::enrolment(
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
    .await?;
    Ok(Enrolment {
        must_change_password,
        ..enrolment
    })
}

/// The hash of the password a member chooses at enrolment, when theirs is one-time (hashed
/// before the transaction: hashing is slow); `None` when they keep theirs.
pub async fn chosen_password_hash(
    db: &impl ConnectionTrait,
    hasher: &PasswordHasher,
    id: Uuid,
    new_password: Option<&str>,
) -> Result<Option<String>, ServiceError> {
    let member = load(db, id).await?;
    if !member.must_change_password {
        return Ok(None);
    }
    let new = new_password
        .filter(|p| !p.is_empty())
        .ok_or_else(|| ServiceError::validation("password", Message::NewPasswordNeeded))?;
    let hash = super::staff_profile::new_password_hash(hasher, &member.email, new).await?;
    Ok(Some(hash))
}

/// Confirms enrolment with a first code; from then on 2FA is active for this staff member.
/// A member with a one-time password must bring the hash of their own
/// (`chosen_password_hash`).
#[allow(clippy::too_many_arguments)]
pub async fn confirm_enrolment(
    db: &impl ConnectionTrait,
    secrets: &SecretBox,
    id: Uuid,
    code: &str,
    new_password_hash: Option<String>,
    now: DateTime<Utc>,
    actor: &Actor,
) -> Result<(), ServiceError> {
    let member = load(db, id).await?;
    if member.totp_enrolled_at.is_some() {
        return Err(ServiceError::Conflict);
    }
    if new_password_hash.is_none() && member.must_change_password {
        return Err(ServiceError::validation(
            "password",
            Message::NewPasswordNeeded,
        ));
    }
    let secret = authenticator::open_secret(secrets, member.totp_secret_enc.as_deref())?;
    let code = validate::totp_code(code).map_err(|m| ServiceError::validation("code", m))?;
    let step = authenticator::step_of(&secret, &code, now, member.totp_last_step)
        .ok_or_else(|| ServiceError::validation("code", Message::WrongFirstCode))?;
    if !claim_step(db, id, step, now, true).await? {
        return Err(ServiceError::Conflict);
    }
    let mut changes = json!({ "totp": "enrolled" });
    if let Some(hash) = new_password_hash {
        super::staff_profile::set_password(db, id, hash, now).await?;
        changes["password"] = json!("chosen");
    }
    let entry = Entry {
        action: AuditAction::StaffTotpEnrol,
        target_kind: TargetKind::Staff,
        target_id: Some(id.to_string()),
        target_label: label(&member),
        changes,
    };
    audit::record(db, actor, entry, now).await?;
    succeeded(db, &member, &actor.origin(), now).await
}
