//! Users on a client: associate with per-client permissions, change them, move ownership,
//! remove. A client has at most one owner (a partial unique index says so too); the owner may
//! do everything and cannot be removed until ownership has moved.
use super::audit::{self, Actor, AuditAction, Entry, TargetKind};
use super::users::client_name;
use super::{transaction, ServiceError};
use crate::db::{client_users, clients, users};
use crate::db::{Db, KeyList};
use crate::model::client::ClientPermission;
use crate::model::client_page::AssociateOutcome;
use crate::model::messages::Message;
use crate::model::user_form::FieldError;
use crate::model::user_list::UserStatus;
use crate::model::Keyed;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set, SqlErr,
};
use serde_json::{json, Value};
use uuid::Uuid;

pub async fn associate_user(
    db: &Db,
    client_id: Uuid,
    user_id: Uuid,
    owner: bool,
    permissions: &[ClientPermission],
    actor: &Actor,
) -> Result<AssociateOutcome, ServiceError> {
    // Everything is read inside the transaction: a user deleted meanwhile is an answer, not
    // a failed insert.
    let at = db.now();
    transaction::write(db, async |txn| {
        let client = find_client(txn, client_id).await?;
        let user = users::Entity::find_by_id(user_id)
            .one(txn)
            .await?
            .ok_or_else(|| field("user", Message::UserGone))?;
        associate_in(txn, &client, &user, owner, permissions, actor, at).await
    })
    .await
}

/// `associate_user` in the caller's transaction (bulk jobs associate many users in one).
pub(crate) async fn associate_in(
    txn: &impl ConnectionTrait,
    client: &clients::Model,
    user: &users::Model,
    owner: bool,
    permissions: &[ClientPermission],
    actor: &Actor,
    at: DateTime<Utc>,
) -> Result<AssociateOutcome, ServiceError> {
    if link(txn, client.id, user.id).await?.is_some() {
        return Err(field("user", Message::AlreadyAssociated));
    }
    let previous = if owner {
        clear_owner(txn, client.id).await?
    } else {
        None
    };
    client_users::ActiveModel {
        client_id: Set(client.id),
        user_id: Set(user.id),
        owner: Set(owner),
        permissions: Set(KeyList::new(permissions)),
        created_at: Set(at),
    }
    .insert(txn)
    .await
    .map_err(insert_refused)?;
    let changes = json!({
        "user": { "new": user.email },
        "owner": { "new": owner },
        "permissions": { "new": keys(permissions) },
        "previous_owner": previous.map(|id| id.to_string()),
    });
    record(
        txn,
        actor,
        AuditAction::ClientAssociate,
        client,
        changes,
        at,
    )
    .await?;
    Ok(if user.status == UserStatus::Inactive {
        AssociateOutcome::UserInactive
    } else {
        AssociateOutcome::Done
    })
}

pub async fn set_permissions(
    db: &Db,
    client_id: Uuid,
    user_id: Uuid,
    permissions: &[ClientPermission],
    actor: &Actor,
) -> Result<(), ServiceError> {
    let at = db.now();
    transaction::write(db, async |txn| {
        let (client, old) = member(txn, client_id, user_id).await?;
        let before = old.permissions.clone().into_vec();
        let mut row: client_users::ActiveModel = old.into();
        row.permissions = Set(KeyList::new(permissions));
        row.update(txn).await?;
        let changes = json!({
            "user": user_id.to_string(),
            "permissions": { "old": keys(&before), "new": keys(permissions) },
        });
        record(
            txn,
            actor,
            AuditAction::ClientPermissions,
            &client,
            changes,
            at,
        )
        .await?;
        Ok(())
    })
    .await
}

/// Makes `user_id` the owner; the previous owner keeps an ordinary association with the
/// permissions they had explicitly.
pub async fn make_owner(
    db: &Db,
    client_id: Uuid,
    user_id: Uuid,
    actor: &Actor,
) -> Result<(), ServiceError> {
    let at = db.now();
    transaction::write(db, async |txn| {
        let (client, target) = member(txn, client_id, user_id).await?;
        if target.owner {
            return Ok(());
        }
        let previous = clear_owner(txn, client_id).await?;
        client_users::Entity::update_many()
            .col_expr(client_users::Column::Owner, Expr::value(true))
            .filter(client_users::Column::ClientId.eq(client_id))
            .filter(client_users::Column::UserId.eq(user_id))
            .exec(txn)
            .await
            .map_err(owner_race)?;
        let changes = json!({
            "owner": {
                "old": previous.map(|id| id.to_string()),
                "new": user_id.to_string(),
            },
        });
        record(
            txn,
            actor,
            AuditAction::ClientTransferOwnership,
            &client,
            changes,
            at,
        )
        .await?;
        Ok(())
    })
    .await
}

/// Removes a user from a client; the owner stays until ownership has moved.
pub async fn remove_user(
    db: &Db,
    client_id: Uuid,
    user_id: Uuid,
    actor: &Actor,
) -> Result<(), ServiceError> {
    let at = db.now();
    transaction::write(db, async |txn| {
        let (client, old) = member(txn, client_id, user_id).await?;
        if old.owner {
            return Err(field("user", Message::OwnerStays));
        }
        let removed = client_users::Entity::delete_many()
            .filter(client_users::Column::ClientId.eq(client_id))
            .filter(client_users::Column::UserId.eq(user_id))
            // Not if ownership arrived meanwhile.
            .filter(client_users::Column::Owner.eq(false))
            .exec(txn)
            .await?;
        if removed.rows_affected == 0 {
            // Removed or made owner by someone else since it was read: nothing to record.
            return Err(match link(txn, client_id, user_id).await? {
                Some(_) => field("user", Message::OwnerStays),
                None => field("user", Message::NotAMember),
            });
        }
        let changes = json!({
            "user": { "old": user_id.to_string() },
            "permissions": { "old": keys(old.permissions.as_slice()) },
        });
        record(
            txn,
            actor,
            AuditAction::ClientRemoveUser,
            &client,
            changes,
            at,
        )
        .await?;
        Ok(())
    })
    .await
}

/// The client and the user's association with it, read inside the caller's transaction.
async fn member(
    db: &impl ConnectionTrait,
    client_id: Uuid,
    user_id: Uuid,
) -> Result<(clients::Model, client_users::Model), ServiceError> {
    let client = find_client(db, client_id).await?;
    let association = link(db, client_id, user_id)
        .await?
        .ok_or_else(|| field("user", Message::NotAMember))?;
    Ok((client, association))
}

async fn find_client(
    db: &impl ConnectionTrait,
    client_id: Uuid,
) -> Result<clients::Model, ServiceError> {
    clients::Entity::find_by_id(client_id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

pub(crate) async fn link(
    db: &impl ConnectionTrait,
    client_id: Uuid,
    user_id: Uuid,
) -> Result<Option<client_users::Model>, DbErr> {
    client_users::Entity::find_by_id((client_id, user_id))
        .one(db)
        .await
}

/// Ends the current ownership, if any; returns who owned the client.
async fn clear_owner(db: &impl ConnectionTrait, client_id: Uuid) -> Result<Option<Uuid>, DbErr> {
    let owner = client_users::Entity::find()
        .filter(client_users::Column::ClientId.eq(client_id))
        .filter(client_users::Column::Owner.eq(true))
        .one(db)
        .await?;
    if let Some(o) = &owner {
        client_users::Entity::update_many()
            .col_expr(client_users::Column::Owner, Expr::value(false))
            .filter(client_users::Column::ClientId.eq(client_id))
            .filter(client_users::Column::UserId.eq(o.user_id))
            .exec(db)
            .await?;
    }
    Ok(owner.map(|o| o.user_id))
}

/// Two staff members making different users owner at once (PostgreSQL runs them
/// concurrently): the one-owner index lets one win; the other is told to reload.
fn owner_race(err: DbErr) -> ServiceError {
    match err.sql_err() {
        Some(SqlErr::UniqueConstraintViolation(_)) => ServiceError::Conflict,
        _ => ServiceError::Db(err),
    }
}

/// An association refused by the database: a lost owner race, or (on PostgreSQL, whose
/// writers run concurrently) the user deleted after it was read.
fn insert_refused(err: DbErr) -> ServiceError {
    match err.sql_err() {
        Some(SqlErr::ForeignKeyConstraintViolation(_)) => field("user", Message::UserGone),
        _ => owner_race(err),
    }
}

fn field(name: &str, message: Message) -> ServiceError {
    ServiceError::Fields(vec![FieldError::new(name, message)])
}

fn keys(permissions: &[ClientPermission]) -> Value {
    json!(permissions.iter().map(|p| p.key()).collect::<Vec<_>>())
}

async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: AuditAction,
    client: &clients::Model,
    changes: Value,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let entry = Entry {
        action,
        target_kind: TargetKind::Client,
        target_id: Some(client.id.to_string()),
        target_label: client_name(client),
        changes,
    };
    audit::record(db, actor, entry, at).await
}
