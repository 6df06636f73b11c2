//! Staff accounts: creation (by operators at the command line) and what the console shows.
use super::audit::{self, Actor, AuditAction, Entry, TargetKind};
use super::{transaction, ServiceError};
use crate::auth::{password::PasswordHasher, secret_box::SecretBox};
use crate::db::{staff, staff_roles, Db};
use crate::model::messages::Message;
use crate::model::validate;
use crate::model::StaffRow;
use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, Set,
};
use serde_json::json;
use uuid::Uuid;

pub struct NewStaff {
    pub email: String,
    pub name: String,
    pub role: String,
    pub password: crate::model::Password,
    /// Pre-enrols TOTP with this secret (automation and tests).
    pub totp_secret: Option<Vec<u8>>,
}

pub async fn create_staff(
    db: &Db,
    hasher: &PasswordHasher,
    secrets: &SecretBox,
    input: NewStaff,
    actor: &Actor,
) -> Result<Uuid, ServiceError> {
    let email = validate::email(&input.email).map_err(|m| ServiceError::validation("email", m))?;
    let name = input.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ServiceError::validation(
            "name",
            Message::StaffNameLength(100),
        ));
    }
    // The same policy as users' passwords: length, not the email's name, not a common one.
    validate::password(&input.password, &email)
        .map_err(|m| ServiceError::validation("password", m))?;
    if super::users::is_common(&input.password) {
        return Err(ServiceError::validation(
            "password",
            Message::CommonPassword,
        ));
    }
    let role = staff_roles::Entity::find()
        .filter(staff_roles::Column::Name.eq(input.role.as_str()))
        .one(db)
        .await?
        .ok_or_else(|| ServiceError::validation("role", Message::NoSuchRole))?;
    let email_norm = validate::email_norm(&email);
    if staff::Entity::find()
        .filter(staff::Column::EmailNorm.eq(email_norm.as_str()))
        .one(db)
        .await?
        .is_some()
    {
        return Err(ServiceError::validation("email", Message::StaffEmailTaken));
    }
    let hash = hasher
        .hash(input.password)
        .await
        .map_err(ServiceError::Internal)?;
    let now = db.now();
    let id = Uuid::now_v7();
    transaction::write(db, async |txn| {
        staff::ActiveModel {
            id: Set(id),
            email: Set(email.clone()),
            email_norm: Set(email_norm),
            name: Set(name),
            password_hash: Set(hash),
            role_id: Set(role.id),
            totp_secret_enc: Set(input.totp_secret.as_deref().map(|s| secrets.seal(s))),
            totp_enrolled_at: Set(input.totp_secret.as_ref().map(|_| now)),
            totp_last_step: Set(None),
            failed_logins: Set(0),
            locked_until: Set(None),
            created_at: Set(now),
            updated_at: Set(now),
            last_login_at: Set(None),
        }
        .insert(txn)
        .await?;
        let entry = Entry {
            action: AuditAction::StaffCreate,
            target_kind: TargetKind::Staff,
            target_id: Some(id.to_string()),
            target_label: email,
            changes: json!({ "role": { "new": role.name }, "password": "changed" }),
        };
        audit::record(txn, actor, entry, now).await?;
        Ok(id)
    })
    .await
}

/// Every staff member, by name, for the Staff page.
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
            locked: super::staff_sign_in::is_locked(&m, now),
            id: m.id,
            name: m.name,
            email: m.email,
            role: role.map(|r| r.name).unwrap_or_default(),
            two_factor_enrolled: m.totp_enrolled_at.is_some(),
            last_sign_in: m.last_login_at,
        })
        .collect())
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

/// `server staff unlock --email E`: ends the lock of the staff member with that email.
pub async fn unlock_by_email(db: &Db, email: &str, actor: &Actor) -> Result<(), ServiceError> {
    let member = staff::Entity::find()
        .filter(staff::Column::EmailNorm.eq(validate::email_norm(email)))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    super::transaction::write(db, async |txn| {
        super::staff_sign_in::unlock(txn, member.id, actor, db.now()).await
    })
    .await
}
