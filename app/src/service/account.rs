//! The client area's account page: profile, password, 2FA and "My clients"; and the staff
//! side of a locked account (Unlock).
use super::audit::{self, Actor, AuditAction, Entry, TargetKind};
use super::mail::letters::Letter;
use super::mail::links::{self, LinkHolder};
use super::mail::outbox::{queue, Recipient};
use super::user_list::two_factor_of;
use super::user_sign_in::{claim_step, replace_recovery_codes, totp_step};
use super::users::{client_name, is_common, remove_enrolment};
use super::{transaction, ServiceError};
use crate::auth::password::PasswordHasher;
use crate::auth::secret_box::SecretBox;
use crate::auth::session::{self, Kind};
use crate::db::{client_users, clients, user_recovery_codes, users, Db};
use crate::model::account::{Account, MyClient, Profile};
use crate::model::mail::LinkPurpose;
use crate::model::messages::Message;
use crate::model::user_form::{FieldError, NAME_MAX};
use crate::model::Password;
use crate::model::{language, validate};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

pub async fn account(db: &impl ConnectionTrait, id: Uuid) -> Result<Account, ServiceError> {
    let user = load(db, id).await?;
    let recovery_codes_left = user_recovery_codes::Entity::find()
        .filter(user_recovery_codes::Column::UserId.eq(id))
        .filter(user_recovery_codes::Column::UsedAt.is_null())
        .count(db)
        .await? as u32;
    let links: HashMap<Uuid, client_users::Model> = client_users::Entity::find()
        .filter(client_users::Column::UserId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.client_id, l))
        .collect();
    let mut mine: Vec<MyClient> = clients::Entity::find()
        .filter(clients::Column::Id.is_in(links.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| {
            let link = &links[&c.id];
            MyClient {
                id: c.id,
                name: client_name(&c),
                owner: link.owner,
                permissions: link.permissions.as_slice().to_vec(),
            }
        })
        .collect();
    mine.sort_by(|a, b| (!a.owner, &a.name).cmp(&(!b.owner, &b.name)));
    Ok(Account {
        two_factor: two_factor_of(&user),
        two_factor_required: user.two_factor_required,
        first_name: user.first_name,
        last_name: user.last_name,
        email: user.email,
        language: user.language,
        recovery_codes_left,
        clients: mine,
        impersonation: None,
    })
}

pub async fn update_profile(
    db: &Db,
    id: Uuid,
    profile: Profile,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let mut errors = Vec::new();
    let (first, last) = (profile.first_name.trim(), profile.last_name.trim());
    if first.is_empty() {
        errors.push(FieldError::new("first_name", Message::FirstNameMissing));
    }
    for (field, value) in [("first_name", first), ("last_name", last)] {
        if value.chars().count() > NAME_MAX {
            errors.push(FieldError::new(field, Message::AtMost(NAME_MAX)));
        }
    }
    if !language::is_supported(&profile.language) {
        errors.push(FieldError::new("language", Message::LanguageUnknown));
    }
    if !errors.is_empty() {
        return Err(ServiceError::Fields(errors));
    }
    transaction::write(db, async |txn| {
        let old = load(txn, id).await?;
        users::Entity::update_many()
            .col_expr(users::Column::FirstName, Expr::value(first))
            .col_expr(users::Column::LastName, Expr::value(last))
            .col_expr(
                users::Column::Language,
                Expr::value(profile.language.clone()),
            )
            .col_expr(users::Column::UpdatedAt, Expr::value(now))
            .col_expr(
                users::Column::Version,
                Expr::col(users::Column::Version).add(1),
            )
            .filter(users::Column::Id.eq(id))
            .exec(txn)
            .await?;
        let changes = audit::diff(
            Some(vec![
                ("first_name", json!(old.first_name)),
                ("last_name", json!(old.last_name)),
                ("language", json!(old.language)),
            ]),
            vec![
                ("first_name", json!(first)),
                ("last_name", json!(last)),
                ("language", json!(profile.language)),
            ],
        );
        if !changes.is_empty() {
            record(
                txn,
                actor,
                AuditAction::UserUpdate,
                &old,
                serde_json::Value::Object(changes),
                now,
            )
            .await?;
        }
        Ok(())
    })
    .await
}

/// Needs the current password; the new one follows the same policy as staff-set passwords.
/// Every other session of the user ends.
#[allow(clippy::too_many_arguments)]
pub async fn change_password(
    db: &Db,
    hasher: &PasswordHasher,
    id: Uuid,
    current: &str,
    new: &str,
    keep_session: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    if current.chars().count() > validate::PASSWORD_MAX {
        return Err(field("current", Message::WrongPassword));
    }
    let user = load(db, id).await?;
    if let Err(message) = validate::password(new, &user.email) {
        return Err(field("password", message));
    }
    if is_common(new) {
        return Err(field("password", Message::CommonPassword));
    }
    if !hasher
        .verify(Password::from(current), Some(user.password_hash.clone()))
        .await
    {
        return Err(field("current", Message::WrongPassword));
    }
    let hash = hasher
        .hash(Password::from(new))
        .await
        .map_err(ServiceError::Internal)?;
    // Hashing is done: only the writes hold the transaction.
    transaction::write(db, async |txn| {
        users::Entity::update_many()
            .col_expr(users::Column::PasswordHash, Expr::value(hash))
            .col_expr(users::Column::UpdatedAt, Expr::value(now))
            .filter(users::Column::Id.eq(id))
            .exec(txn)
            .await?;
        session::end_others(txn, Kind::User, id, keep_session).await?;
        // A reset link asked for before no longer has a reason to work.
        links::expire(txn, LinkHolder::User(id), LinkPurpose::ResetPassword, now).await?;
        let changes = json!({ "password": "changed" });
        record(
            txn,
            actor,
            AuditAction::UserPasswordChange,
            &user,
            changes,
            now,
        )
        .await?;
        let to = Recipient::user(&user);
        queue(txn, db.mail(), &Letter::PasswordChanged, &to, now).await?;
        Ok(())
    })
    .await
}

/// New recovery codes, for a current authenticator code.
pub async fn regenerate_recovery_codes(
    db: &Db,
    secrets: &SecretBox,
    id: Uuid,
    code: &str,
    now: DateTime<Utc>,
) -> Result<Vec<String>, ServiceError> {
    let user = load(db, id).await?;
    if user.totp_enrolled_at.is_none() {
        return Err(ServiceError::Conflict);
    }
    let wrong = || field("code", Message::WrongCode);
    let code = validate::totp_code(code).map_err(|_| wrong())?;
    let step = totp_step(secrets, &user, &code, now)?.ok_or_else(wrong)?;
    transaction::write(db, async |txn| {
        if !claim_step(txn, id, step).await? {
            return Err(wrong());
        }
        replace_recovery_codes(txn, id).await
    })
    .await
}

/// Turns 2FA off, with the password; not while staff require it.
pub async fn disable_two_factor(
    db: &Db,
    hasher: &PasswordHasher,
    id: Uuid,
    password: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let user = load(db, id).await?;
    if user.two_factor_required {
        return Err(field("password", Message::TwoFactorRequired));
    }
    if password.chars().count() > validate::PASSWORD_MAX
        || !hasher
            .verify(Password::from(password), Some(user.password_hash.clone()))
            .await
    {
        return Err(field("password", Message::WrongPassword));
    }
    transaction::write(db, async |txn| {
        remove_enrolment(txn, id, now).await?;
        let changes = json!({ "totp": "off" });
        record(txn, actor, AuditAction::UserTotpOff, &user, changes, now).await?;
        let letter = Letter::TwoFactorOff { by_staff: false };
        queue(txn, db.mail(), &letter, &Recipient::user(&user), now).await?;
        Ok(())
    })
    .await
}

/// Staff end a lock (and the failures behind it).
pub async fn unlock_user(
    db: &Db,
    id: Uuid,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    transaction::write(db, async |txn| {
        let user = users::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(ServiceError::NotFound)?;
        users::Entity::update_many()
            .col_expr(users::Column::FailedLogins, Expr::value(0))
            .col_expr(
                users::Column::LockedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .filter(users::Column::Id.eq(id))
            .exec(txn)
            .await?;
        let changes = json!({ "failed_logins": { "old": user.failed_logins, "new": 0 } });
        record(txn, actor, AuditAction::UserUnlock, &user, changes, now).await
    })
    .await
}

async fn load(db: &impl ConnectionTrait, id: Uuid) -> Result<users::Model, ServiceError> {
    users::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotSignedIn)
}

pub(super) fn field(name: &str, message: Message) -> ServiceError {
    ServiceError::Fields(vec![FieldError::new(name, message)])
}

/// An audit entry about a user (the account page's and the email links' changes).
pub(super) async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: AuditAction,
    user: &users::Model,
    changes: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let entry = Entry {
        action,
        target_kind: TargetKind::User,
        target_id: Some(user.id.to_string()),
        target_label: super::user_sign_in::label(user),
        changes,
    };
    Ok(audit::record(db, actor, entry, now).await?)
}
