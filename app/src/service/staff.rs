//! Staff accounts: creation (from the console or the command line), the Staff page's list,
//! and the checks their forms share.
use super::audit::{self, Actor, AuditAction, Entry, TargetKind};
use super::mail::letters::Letter;
use super::mail::outbox::{queue, Recipient};
use super::{transaction, ServiceError};
use crate::auth::{password::PasswordHasher, secret_box::SecretBox};
use crate::db::{staff, staff_roles, Db};
use crate::model::messages::Message;
use crate::model::{validate, CreatedStaff, StaffForm, StaffRow, StaffStatus};
use chrono::{DateTime, Utc};
use rand::{distributions::Alphanumeric, Rng};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;
use uuid::Uuid;

/// A staff member as the command line (and tests) create one: the role by name, the
/// password theirs to keep.
pub struct NewStaff {
    pub email: String,
    pub name: String,
    pub role: String,
    pub password: crate::model::Password,
    /// Pre-enrols TOTP with this secret (automation and tests).
    pub totp_secret: Option<Vec<u8>>,
}

/// A form's name and email, checked, and its role, which must exist.
pub(super) struct Checked {
    pub name: String,
    pub email: String,
    pub email_norm: String,
    pub role: staff_roles::Model,
}

pub(super) async fn check_form(
    db: &impl ConnectionTrait,
    form: &StaffForm,
) -> Result<Checked, ServiceError> {
    let email = validate::email(&form.email).map_err(|m| ServiceError::validation("email", m))?;
    let name = form.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ServiceError::validation(
            "name",
            Message::StaffNameLength(100),
        ));
    }
    let role = staff_roles::Entity::find_by_id(form.role_id)
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::validation("role", Message::NoSuchRole))?;
    Ok(Checked {
        email_norm: validate::email_norm(&email),
        name,
        email,
        role,
    })
}

/// Refuses an email another staff member (not `except`) has.
pub(super) async fn check_email_free(
    db: &impl ConnectionTrait,
    email_norm: &str,
    except: Option<Uuid>,
) -> Result<(), ServiceError> {
    let holder = staff::Entity::find()
        .filter(staff::Column::EmailNorm.eq(email_norm))
        .one(db)
        .await?;
    match holder {
        Some(m) if Some(m.id) != except => {
            Err(ServiceError::validation("email", Message::StaffEmailTaken))
        }
        _ => Ok(()),
    }
}

pub async fn create_staff(
    db: &Db,
    hasher: &PasswordHasher,
    secrets: &SecretBox,
    input: NewStaff,
    actor: &Actor,
) -> Result<Uuid, ServiceError> {
    let role = staff_roles::Entity::find()
        .filter(staff_roles::Column::Name.eq(input.role.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::validation("role", Message::NoSuchRole))?;
    let form = StaffForm {
        name: input.name,
        email: input.email,
        role_id: role.id,
    };
    let password = Fresh {
        password: input.password,
        handover: Handover::Own,
        totp_secret: input.totp_secret,
    };
    insert(db, hasher, secrets, &form, password, actor).await
}

/// Add Staff Member in the console. With `invite`, a link by mail to choose their password
/// (only where mail goes out); otherwise a one-time password, shown once, that they replace
/// at their first sign-in. Either way they set up their authenticator when they first sign in.
pub async fn add_staff(
    db: &Db,
    hasher: &PasswordHasher,
    secrets: &SecretBox,
    form: &StaffForm,
    invite: bool,
    actor: &Actor,
) -> Result<CreatedStaff, ServiceError> {
    if invite && !db.mail().delivers {
        return Err(ServiceError::validation("invite", Message::MailNotSent));
    }
    let password = one_time_password();
    let fresh = Fresh {
        password: password.clone().into(),
        handover: match invite {
            true => Handover::Invitation,
            false => Handover::OneTimePassword,
        },
        totp_secret: None,
    };
    let id = insert(db, hasher, secrets, form, fresh, actor).await?;
    Ok(CreatedStaff {
        id,
        // An invited member's password is one nobody is shown.
        one_time_password: (!invite).then_some(password),
    })
}

/// How a new member learns how to sign in.
#[derive(PartialEq)]
enum Handover {
    /// They chose it (the command line, tests).
    Own,
    OneTimePassword,
    Invitation,
}

struct Fresh {
    password: crate::model::Password,
    handover: Handover,
    totp_secret: Option<Vec<u8>>,
}

async fn insert(
    db: &Db,
    hasher: &PasswordHasher,
    secrets: &SecretBox,
    form: &StaffForm,
    fresh: Fresh,
    actor: &Actor,
) -> Result<Uuid, ServiceError> {
    let checked = check_form(db, form).await?;
    // The same policy as users' passwords: length, not the email's name, not a common one.
    validate::password(&fresh.password, &checked.email)
        .map_err(|m| ServiceError::validation("password", m))?;
    if super::users::is_common(&fresh.password) {
        return Err(ServiceError::validation(
            "password",
            Message::CommonPassword,
        ));
    }
    check_email_free(db, &checked.email_norm, None).await?;
    let hash = hasher
        .hash(fresh.password)
        .await
        .map_err(ServiceError::Internal)?;
    let now = db.now();
    let id = Uuid::now_v7();
    let totp = fresh.totp_secret;
    let handover = fresh.handover;
    transaction::write(db, async |txn| {
        let member = staff::ActiveModel {
            id: Set(id),
            email: Set(checked.email.clone()),
            email_norm: Set(checked.email_norm),
            name: Set(checked.name),
            password_hash: Set(hash),
            role_id: Set(checked.role.id),
            totp_secret_enc: Set(totp.as_deref().map(|s| secrets.seal(s))),
            totp_enrolled_at: Set(totp.as_ref().map(|_| now)),
            totp_last_step: Set(None),
            failed_logins: Set(0),
            locked_until: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            last_login_at: Set(None),
            disabled_at: Set(None),
            version: Set(1),
            must_change_password: Set(handover == Handover::OneTimePassword),
            invited_at: Set((handover == Handover::Invitation).then_some(now)),
        }
        .insert(txn)
        .await?;
        let password = match handover {
            Handover::Own => "set",
            Handover::OneTimePassword => "one-time",
            Handover::Invitation => {
                let letter = Letter::StaffInvitation;
                queue(txn, db.mail(), &letter, &Recipient::staff(&member), now).await?;
                "invitation sent"
            }
        };
        let entry = Entry {
            action: AuditAction::StaffCreate,
            target_kind: TargetKind::Staff,
            target_id: Some(id.to_string()),
            target_label: checked.email,
            changes: json!({ "role": { "new": checked.role.name }, "password": password }),
        };
        audit::record(txn, actor, entry, now).await?;
        Ok(id)
    })
    .await
}

/// An audit entry about staff member `member`, labelled as the trail names them.
pub(super) fn entry(
    action: AuditAction,
    member: &staff::Model,
    changes: serde_json::Value,
) -> Entry {
    Entry {
        action,
        target_kind: TargetKind::Staff,
        target_id: Some(member.id.to_string()),
        target_label: format!("{} <{}>", member.name, member.email),
        changes,
    }
}

/// 20 random letters and digits: about 119 bits, for a password shown once.
pub fn one_time_password() -> String {
    rand::rngs::OsRng
        .sample_iter(&Alphanumeric)
        .take(20)
        .map(char::from)
        .collect()
}

/// Every staff member, by name, for the Staff page (staff are tens, not millions: the page
/// searches and sorts what it holds).
pub async fn list_staff(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
) -> Result<Vec<StaffRow>, ServiceError> {
    let rows = staff::Entity::find()
        .find_also_related(staff_roles::Entity)
        .order_by_asc(staff::Column::Name)
        .order_by_asc(staff::Column::Id)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(m, role)| StaffRow {
            status: status_of(&m, now),
            id: m.id,
            name: m.name,
            email: m.email,
            role_id: m.role_id,
            role: role.map(|r| r.name).unwrap_or_default(),
            two_factor_enrolled: m.totp_enrolled_at.is_some(),
            last_sign_in: m.last_login_at,
            version: m.version,
        })
        .collect())
}

pub fn status_of(member: &staff::Model, now: DateTime<Utc>) -> StaffStatus {
    if member.disabled_at.is_some() {
        StaffStatus::Disabled
    } else if member.invited_at.is_some() {
        StaffStatus::Invited
    } else if super::staff_sign_in::is_locked(member, now) {
        StaffStatus::Locked
    } else {
        StaffStatus::Active
    }
}

/// An Administrator ends a staff member's sign-in lock.
pub async fn unlock_staff(db: &Db, id: Uuid, actor: &Actor) -> Result<(), ServiceError> {
    transaction::write(db, async |txn| {
        super::staff_sign_in::unlock(txn, id, actor, db.now()).await
    })
    .await
}

pub async fn count(db: &impl ConnectionTrait) -> Result<u64, ServiceError> {
    Ok(staff::Entity::find().count(db).await?)
}

/// The staff member with this email (the command line names staff by email).
pub async fn id_by_email(db: &impl ConnectionTrait, email: &str) -> Result<Uuid, ServiceError> {
    let member = staff::Entity::find()
        .filter(staff::Column::EmailNorm.eq(validate::email_norm(email)))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(member.id)
}

/// `server staff unlock --email E`: ends the lock of the staff member with that email.
pub async fn unlock_by_email(db: &Db, email: &str, actor: &Actor) -> Result<(), ServiceError> {
    let id = id_by_email(db, email).await?;
    unlock_staff(db, id, actor).await
}
