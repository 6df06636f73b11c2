//! Creating, editing and deleting users: the rules, uniqueness, version conflicts, what each
//! change ends (sessions, 2FA enrolment) and the audit trail, each change in one transaction.
use super::audit::{self, Actor, Entry};
use super::staff::now;
use super::ServiceError;
use crate::auth::password::PasswordHasher;
use crate::auth::session::{self, Kind};
use crate::db::{audit_log, begin_write, client_users, clients, user_recovery_codes, users};
use crate::model::user_form::{check, EditConflict, EditUser, FieldError, FormMode, UserForm};
use crate::model::user_list::UserStatus;
use crate::model::validate;
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DbErr, EntityTrait,
    QueryFilter, QueryOrder, Set, SqlErr,
};
use serde_json::{json, Map, Value};
use uuid::Uuid;

mod password_policy;
mod phone;

pub use password_policy::strength;

/// The user as the Edit User modal opens it.
pub async fn load_for_edit(db: &impl ConnectionTrait, id: Uuid) -> Result<EditUser, ServiceError> {
    let user = users::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(editable(&user))
}

fn editable(u: &users::Model) -> EditUser {
    EditUser {
        id: u.id,
        version: u.version,
        enrolled: u.totp_enrolled_at.is_some(),
        form: UserForm {
            email: u.email.clone(),
            password: String::new(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            phone_region: String::new(),
            phone: u.phone.clone().unwrap_or_default(),
            language: u.language.clone(),
            admin_notes: u.admin_notes.clone(),
            two_factor_required: u.two_factor_required,
            email_verified: u.email_verified,
            phone_verified: u.phone_verified,
            status: UserStatus::from_key(&u.status).unwrap_or_default(),
        },
    }
}

/// A form that passed every rule, in stored form.
struct Clean {
    email: String,
    email_norm: String,
    first_name: String,
    last_name: String,
    phone: Option<String>,
    admin_notes: String,
}

/// The browser's rules again, plus the server's own: numbering plans, common passwords.
fn clean(form: &UserForm, mode: FormMode) -> Result<Clean, ServiceError> {
    let mut errors = check(form, mode);
    let phone = match phone::e164(&form.phone, &form.phone_region) {
        Ok(phone) => phone,
        Err(message) => {
            if !errors.iter().any(|e| e.field == "phone") {
                errors.push(FieldError::new("phone", message));
            }
            None
        }
    };
    if !form.password.is_empty()
        && !errors.iter().any(|e| e.field == "password")
        && password_policy::is_common(&form.password)
    {
        errors.push(FieldError::new(
            "password",
            "This is one of the most common passwords. Choose another.",
        ));
    }
    if !errors.is_empty() {
        return Err(ServiceError::Fields(errors));
    }
    let email = form.email.trim().to_owned();
    Ok(Clean {
        email_norm: validate::email_norm(&email),
        email,
        first_name: form.first_name.trim().to_owned(),
        last_name: form.last_name.trim().to_owned(),
        phone,
        admin_notes: form.admin_notes.clone(),
    })
}

/// Email and phone belong to one user each; `except` is the user being edited.
async fn check_unique(
    db: &impl ConnectionTrait,
    clean: &Clean,
    except: Option<Uuid>,
) -> Result<(), ServiceError> {
    let mut errors = Vec::new();
    let taken = |column: users::Column, value: String| {
        let mut query = users::Entity::find().filter(column.eq(value));
        if let Some(id) = except {
            query = query.filter(users::Column::Id.ne(id));
        }
        query.one(db)
    };
    if taken(users::Column::EmailNorm, clean.email_norm.clone())
        .await?
        .is_some()
    {
        errors.push(email_taken());
    }
    if let Some(phone) = &clean.phone {
        if taken(users::Column::Phone, phone.clone()).await?.is_some() {
            errors.push(phone_taken());
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ServiceError::Fields(errors))
    }
}

fn email_taken() -> FieldError {
    FieldError::new("email", "A user with this email already exists.")
}

fn phone_taken() -> FieldError {
    FieldError::new("phone", "Another user already has this phone number.")
}

/// Two saves racing past `check_unique`: the database's unique constraint decides, and the
/// loser gets the same message as if it had been checked first.
fn unique_violation(err: DbErr) -> ServiceError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(detail)) if detail.contains("phone") => {
            ServiceError::Fields(vec![phone_taken()])
        }
        Some(SqlErr::UniqueConstraintViolation(detail)) if detail.contains("email") => {
            ServiceError::Fields(vec![email_taken()])
        }
        _ => ServiceError::Db(err),
    }
}

pub async fn create_user(
    db: &DatabaseConnection,
    hasher: &PasswordHasher,
    form: UserForm,
    actor: &Actor,
) -> Result<Uuid, ServiceError> {
    let clean = clean(&form, FormMode::Create)?;
    check_unique(db, &clean, None).await?;
    let hash = hasher
        .hash(form.password.clone())
        .await
        .map_err(ServiceError::Internal)?;
    let (id, at) = (Uuid::now_v7(), now());
    let txn = begin_write(db).await?;
    let user = users::ActiveModel {
        id: Set(id),
        email: Set(clean.email.clone()),
        email_norm: Set(clean.email_norm),
        password_hash: Set(hash),
        first_name: Set(clean.first_name),
        last_name: Set(clean.last_name),
        phone: Set(clean.phone),
        language: Set(form.language.clone()),
        admin_notes: Set(clean.admin_notes),
        status: Set(UserStatus::New.key().to_owned()),
        email_verified: Set(false),
        phone_verified: Set(false),
        two_factor_required: Set(form.two_factor_required),
        totp_secret_enc: Set(None),
        totp_enrolled_at: Set(None),
        totp_last_step: Set(None),
        failed_logins: Set(0),
        locked_until: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
        last_login_at: Set(None),
        version: Set(1),
        ..Default::default()
    }
    .insert(&*txn)
    .await
    .map_err(unique_violation)?;
    let mut changes = diff(None, &user);
    changes.insert("password".into(), json!("changed"));
    record(&*txn, actor, "user.create", &user, changes, at).await?;
    txn.commit().await?;
    Ok(id)
}

/// Saves the Edit User form. `version` is the one the form was opened with; unless
/// `overwrite` is set, a user saved by someone else since then is not overwritten.
pub async fn update_user(
    db: &DatabaseConnection,
    hasher: &PasswordHasher,
    id: Uuid,
    version: i32,
    form: UserForm,
    overwrite: bool,
    actor: &Actor,
) -> Result<(), ServiceError> {
    let clean = clean(&form, FormMode::Edit)?;
    if form.status == UserStatus::New {
        // NEW ends at the first sign-in; staff choose between ACTIVE and INACTIVE.
        let current = users::Entity::find_by_id(id).one(db).await?;
        if current.is_some_and(|u| u.status != UserStatus::New.key()) {
            return Err(ServiceError::Fields(vec![FieldError::new(
                "status",
                "Choose ACTIVE or INACTIVE.",
            )]));
        }
    }
    check_unique(db, &clean, Some(id)).await?;
    let new_hash = if form.password.is_empty() {
        None
    } else {
        Some(
            hasher
                .hash(form.password.clone())
                .await
                .map_err(ServiceError::Internal)?,
        )
    };
    let at = now();
    let txn = begin_write(db).await?;
    let old = users::Entity::find_by_id(id)
        .one(&*txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if old.version != version && !overwrite {
        return Err(conflict(&*txn, &old).await?);
    }
    let two_factor_off = !form.two_factor_required;
    let mut user: users::ActiveModel = old.clone().into();
    user.email = Set(clean.email);
    user.email_norm = Set(clean.email_norm);
    user.first_name = Set(clean.first_name);
    user.last_name = Set(clean.last_name);
    user.phone = Set(clean.phone);
    user.language = Set(form.language.clone());
    user.admin_notes = Set(clean.admin_notes);
    user.email_verified = Set(form.email_verified);
    user.phone_verified = Set(form.phone_verified && form.phone.trim() != "");
    user.two_factor_required = Set(form.two_factor_required);
    user.status = Set(form.status.key().to_owned());
    if two_factor_off {
        // Turning 2FA off is the way out of a lost authenticator: the enrolment goes, and
        // turning it on again means enrolling anew.
        user.totp_secret_enc = Set(None);
        user.totp_enrolled_at = Set(None);
        user.totp_last_step = Set(None);
    }
    if let Some(hash) = &new_hash {
        user.password_hash = Set(hash.clone());
    }
    user.updated_at = Set(at);
    user.version = Set(old.version + 1);
    // Only if nobody saved since we read it (the read above is not a lock on every engine).
    let saved = users::Entity::update_many()
        .set(user)
        .filter(users::Column::Id.eq(id))
        .filter(users::Column::Version.eq(old.version))
        .exec(&*txn)
        .await
        .map_err(unique_violation)?;
    if saved.rows_affected == 0 {
        let now_current = users::Entity::find_by_id(id)
            .one(&*txn)
            .await?
            .ok_or(ServiceError::NotFound)?;
        return Err(conflict(&*txn, &now_current).await?);
    }
    let new = users::Entity::find_by_id(id)
        .one(&*txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let mut changes = diff(Some(&old), &new);
    if new_hash.is_some() {
        changes.insert("password".into(), json!("changed"));
    }
    if two_factor_off && old.totp_enrolled_at.is_some() {
        changes.insert("totp".into(), json!("reset"));
        user_recovery_codes::Entity::delete_many()
            .filter(user_recovery_codes::Column::UserId.eq(id))
            .exec(&*txn)
            .await?;
    }
    // A new password, deactivation or a 2FA reset ends the user's sessions.
    let deactivated = new.status == UserStatus::Inactive.key() && old.status != new.status;
    if new_hash.is_some() || deactivated || changes.contains_key("totp") {
        session::end_all(&*txn, Kind::User, id).await?;
    }
    if !changes.is_empty() {
        record(&*txn, actor, "user.update", &new, changes, at).await?;
    }
    txn.commit().await?;
    Ok(())
}

/// The conflict report: who saved the user last and when, and the user as it is now.
async fn conflict(
    db: &impl ConnectionTrait,
    current: &users::Model,
) -> Result<ServiceError, ServiceError> {
    let last = audit_log::Entity::find()
        .filter(audit_log::Column::TargetKind.eq("user"))
        .filter(audit_log::Column::TargetId.eq(current.id.to_string()))
        .order_by_desc(audit_log::Column::At)
        .one(db)
        .await?;
    Ok(ServiceError::Changed(Box::new(EditConflict {
        by: last.map_or_else(|| "someone".to_owned(), |e| e.actor_label),
        at: current.updated_at.to_rfc3339(),
        current: editable(current),
    })))
}

/// What the delete dialog shows: the user's clients, and whether they own any.
pub async fn clients_of(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Vec<(String, bool)>, ServiceError> {
    let links = client_users::Entity::find()
        .filter(client_users::Column::UserId.eq(id))
        .all(db)
        .await?;
    let owner_of: std::collections::HashMap<Uuid, bool> =
        links.iter().map(|l| (l.client_id, l.owner)).collect();
    let mut out: Vec<(String, bool)> = clients::Entity::find()
        .filter(clients::Column::Id.is_in(owner_of.keys().copied()))
        .all(db)
        .await?
        .iter()
        .map(|c| (client_name(c), owner_of[&c.id]))
        .collect();
    out.sort();
    Ok(out)
}

async fn owned_clients(db: &impl ConnectionTrait, id: Uuid) -> Result<Vec<String>, ServiceError> {
    Ok(clients_of(db, id)
        .await?
        .into_iter()
        .filter_map(|(name, owner)| owner.then_some(name))
        .collect())
}

pub fn client_name(c: &clients::Model) -> String {
    match &c.company_name {
        Some(company) => company.clone(),
        None => format!("{} {}", c.first_name, c.last_name)
            .trim()
            .to_owned(),
    }
}

/// Deletes a user with their associations, sessions and 2FA data; refused while they own a
/// client. The audit entry keeps their name and email.
pub async fn delete_user(
    db: &DatabaseConnection,
    id: Uuid,
    actor: &Actor,
) -> Result<(), ServiceError> {
    let txn = begin_write(db).await?;
    let user = users::Entity::find_by_id(id)
        .one(&*txn)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let owned = owned_clients(&*txn, id).await?;
    if !owned.is_empty() {
        return Err(ServiceError::OwnsClients(owned));
    }
    // One statement, so that an ownership given meanwhile cannot be cascaded away.
    let deleted = users::Entity::delete_many()
        .filter(users::Column::Id.eq(id))
        .filter(Expr::cust_with_values(
            "NOT EXISTS (SELECT 1 FROM client_users cu WHERE cu.user_id = users.id AND cu.owner)",
            Vec::<sea_orm::Value>::new(),
        ))
        .exec(&*txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(ServiceError::OwnsClients(owned_clients(&*txn, id).await?));
    }
    session::end_all(&*txn, Kind::User, id).await?;
    let last_values = fields(&user)
        .into_iter()
        .map(|(name, value)| (name.to_owned(), json!({ "old": value })))
        .collect();
    record(&*txn, actor, "user.delete", &user, last_values, now()).await?;
    txn.commit().await?;
    Ok(())
}

async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: &str,
    user: &users::Model,
    changes: Map<String, Value>,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), DbErr> {
    let entry = Entry {
        action,
        target_kind: "user",
        target_id: Some(user.id.to_string()),
        target_label: format!("{} {} <{}>", user.first_name, user.last_name, user.email),
        changes: Value::Object(changes),
    };
    audit::record(db, actor, entry, at).await
}

/// The audited fields. Secrets never appear: only "password" / "totp" markers, which the
/// callers add.
fn fields(u: &users::Model) -> Vec<(&'static str, Value)> {
    vec![
        ("email", json!(u.email)),
        ("first_name", json!(u.first_name)),
        ("last_name", json!(u.last_name)),
        ("phone", json!(u.phone)),
        ("language", json!(u.language)),
        ("admin_notes", json!(u.admin_notes)),
        ("status", json!(u.status)),
        ("email_verified", json!(u.email_verified)),
        ("phone_verified", json!(u.phone_verified)),
        ("two_factor_required", json!(u.two_factor_required)),
    ]
}

/// `{"field": {"old": .., "new": ..}}` for each field that differs; every field as new when
/// there is no `old`.
fn diff(old: Option<&users::Model>, new: &users::Model) -> Map<String, Value> {
    let before = old.map(fields);
    let mut out = Map::new();
    for (i, (name, value)) in fields(new).into_iter().enumerate() {
        match before.as_ref().map(|b| &b[i].1) {
            None => {
                out.insert(name.into(), json!({ "new": value }));
            }
            Some(was) if *was != value => {
                out.insert(name.into(), json!({ "old": was, "new": value }));
            }
            Some(_) => {}
        }
    }
    out
}
