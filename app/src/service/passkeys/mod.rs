//! Passkeys of users and staff: registration, sign-in (alone, or as the second factor after a
//! password), and their holder's list (rename, remove). The WebAuthn checks themselves are
//! webauthn-rs's; this module keeps its records, the ceremonies in flight, the audit trail
//! and the rules around them (names, the 2FA policy when one is removed).
mod assertion;
mod ceremony;
mod registration;
mod relying_party;

pub use assertion::{
    finish_second_factor, finish_sign_in, not_accepted, start_second_factor, start_sign_in,
    Assertion,
};
pub use ceremony::LIFETIME;
pub use registration::{finish_registration, start_registration};
pub use relying_party::RelyingParty;

use super::audit::{self, Actor, AuditAction};
use super::ServiceError;
use crate::auth::session::{self, Kind};
use crate::db::{passkeys, staff, users};
use crate::model::messages::Message;
pub(crate) use crate::model::passkey::PasskeyHolder as HolderKind;
use crate::model::passkey::{PasskeyHolder, PasskeyRow, NAME_MAX};
use base64::Engine;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::{json, Map, Value};
use uuid::Uuid;

/// One account that holds passkeys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Holder {
    pub kind: PasskeyHolder,
    pub id: Uuid,
}

impl Holder {
    pub fn user(id: Uuid) -> Self {
        Self {
            kind: PasskeyHolder::User,
            id,
        }
    }

    pub fn staff(id: Uuid) -> Self {
        Self {
            kind: PasskeyHolder::Staff,
            id,
        }
    }

    fn column(self) -> passkeys::Column {
        match self.kind {
            PasskeyHolder::User => passkeys::Column::UserId,
            PasskeyHolder::Staff => passkeys::Column::StaffId,
        }
    }
}

/// How credential ids are written down: base64url without padding, as browsers send them.
pub(crate) fn encode_id(bytes: &[u8]) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub(crate) async fn records(
    db: &impl ConnectionTrait,
    holder: Holder,
) -> Result<Vec<passkeys::Model>, ServiceError> {
    Ok(passkeys::Entity::find()
        .filter(holder.column().eq(holder.id))
        .order_by_asc(passkeys::Column::CreatedAt)
        .all(db)
        .await?)
}

fn row(p: passkeys::Model) -> PasskeyRow {
    PasskeyRow {
        id: p.id,
        name: p.name,
        created_at: p.created_at,
        last_used_at: p.last_used_at,
    }
}

/// The holder's passkeys, oldest first.
pub async fn list(
    db: &impl ConnectionTrait,
    holder: Holder,
) -> Result<Vec<PasskeyRow>, ServiceError> {
    Ok(records(db, holder).await?.into_iter().map(row).collect())
}

/// A passkey's name as given: trimmed, present, at most `NAME_MAX` characters.
pub fn valid_name(name: &str) -> Result<String, ServiceError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ServiceError::validation(
            "name",
            Message::PasskeyNameMissing,
        ));
    }
    if name.chars().count() > NAME_MAX {
        return Err(ServiceError::validation("name", Message::AtMost(NAME_MAX)));
    }
    Ok(name.to_owned())
}

async fn own(
    db: &impl ConnectionTrait,
    holder: Holder,
    id: Uuid,
) -> Result<passkeys::Model, ServiceError> {
    passkeys::Entity::find_by_id(id)
        .filter(holder.column().eq(holder.id))
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub async fn rename(
    db: &impl ConnectionTrait,
    holder: Holder,
    id: Uuid,
    name: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<PasskeyRow, ServiceError> {
    let name = valid_name(name)?;
    let mut passkey = own(db, holder, id).await?;
    passkeys::Entity::update_many()
        .col_expr(passkeys::Column::Name, Expr::value(name.clone()))
        .filter(passkeys::Column::Id.eq(id))
        .exec(db)
        .await?;
    let changes = change("passkey", json!(passkey.name), json!(name));
    let action = pick(
        holder,
        AuditAction::UserPasskeyRename,
        AuditAction::StaffPasskeyRename,
    );
    record(db, actor, holder, action, changes, now).await?;
    passkey.name = name;
    Ok(row(passkey))
}

/// Removes one of the holder's passkeys. A user whose provider requires 2FA keeps their last
/// second factor: the last passkey goes only once an authenticator app is set up.
pub async fn remove(
    db: &impl ConnectionTrait,
    holder: Holder,
    id: Uuid,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let passkey = own(db, holder, id).await?;
    if holder.kind == PasskeyHolder::User {
        let user = users::Entity::find_by_id(holder.id)
            .one(db)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if user.two_factor_required && user.totp_enrolled_at.is_none() && user.passkey_count <= 1 {
            return Err(ServiceError::validation(
                "passkey",
                Message::PasskeyLastFactor,
            ));
        }
    }
    passkeys::Entity::delete_by_id(id).exec(db).await?;
    count(db, holder, -1).await?;
    let changes = change("passkey", json!(passkey.name), Value::Null);
    let action = pick(
        holder,
        AuditAction::UserPasskeyRemove,
        AuditAction::StaffPasskeyRemove,
    );
    record(db, actor, holder, action, changes, now).await
}

/// Staff remove every passkey of user `id` (Edit User): their sessions end, so a device
/// that was lost or taken signs nobody in any more. Returns how many were removed.
pub async fn remove_all_of_user(
    db: &impl ConnectionTrait,
    id: Uuid,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    let user = users::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if user.passkey_count == 0 {
        return Err(ServiceError::validation("passkeys", Message::NoPasskeys));
    }
    let removed = passkeys::Entity::delete_many()
        .filter(passkeys::Column::UserId.eq(id))
        .exec(db)
        .await?
        .rows_affected;
    users::Entity::update_many()
        .col_expr(users::Column::PasskeyCount, Expr::value(0))
        .filter(users::Column::Id.eq(id))
        .exec(db)
        .await?;
    let ended = session::end_all(db, Kind::User, id).await?;
    let mut changes = change("passkeys", json!(removed), json!(0));
    changes.insert("sessions_ended".into(), json!(ended));
    record(
        db,
        actor,
        Holder::user(id),
        AuditAction::UserPasskeysReset,
        changes,
        now,
    )
    .await?;
    Ok(removed)
}

/// Keeps `users.passkey_count` (the list's badge) with the user's passkeys. Not an edit:
/// the version stays, so no open Edit User form sees a conflict.
async fn count(db: &impl ConnectionTrait, holder: Holder, by: i32) -> Result<(), ServiceError> {
    if holder.kind == PasskeyHolder::User {
        users::Entity::update_many()
            .col_expr(
                users::Column::PasskeyCount,
                Expr::col(users::Column::PasskeyCount).add(by),
            )
            .filter(users::Column::Id.eq(holder.id))
            .exec(db)
            .await?;
    }
    Ok(())
}

/// `{field: {old, new}}`, as the audit trail shows a change.
fn change(field: &str, old: Value, new: Value) -> Map<String, Value> {
    let mut changes = Map::new();
    changes.insert(field.into(), json!({ "old": old, "new": new }));
    changes
}

fn pick(holder: Holder, for_user: AuditAction, for_staff: AuditAction) -> AuditAction {
    match holder.kind {
        PasskeyHolder::User => for_user,
        PasskeyHolder::Staff => for_staff,
    }
}

/// An audit entry about the holder's passkeys, with the holder as its target.
async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    holder: Holder,
    action: AuditAction,
    changes: Map<String, Value>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let entry = match holder.kind {
        PasskeyHolder::User => {
            let user = users::Entity::find_by_id(holder.id)
                .one(db)
                .await?
                .ok_or(ServiceError::NotFound)?;
            super::users::audit_trail::entry(action, &user, changes)
        }
        PasskeyHolder::Staff => {
            let member = staff::Entity::find_by_id(holder.id)
                .one(db)
                .await?
                .ok_or(ServiceError::NotFound)?;
            super::staff::entry(action, &member, Value::Object(changes))
        }
    };
    Ok(audit::record(db, actor, entry, now).await?)
}
