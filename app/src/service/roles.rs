//! Staff roles: the built-in Administrator (every permission) and Support (view-only), and
//! custom roles of chosen permissions. A change to a role applies to its members from their
//! next request (the guard reads the role each time); a role in use is not deleted.
use super::audit::{self, Actor, AuditAction, Entry, TargetKind};
use super::staff_rules::{self, permissions_of, ADMINISTRATOR, SUPPORT};
use super::{transaction, ServiceError};
use crate::db::{staff, staff_roles, Db, KeyList};
use crate::model::messages::Message;
use crate::model::{Permission, RoleForm, RoleRow};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, NotSet, PaginatorTrait,
    QueryFilter, QueryOrder, QuerySelect, Set,
};
use serde_json::json;
use std::collections::HashMap;

pub const NAME_MAX: usize = 64;

fn built_in(id: i32) -> bool {
    id == ADMINISTRATOR || id == SUPPORT
}

/// Every role, built-in ones first, with how many staff members hold it.
pub async fn list_roles(db: &impl ConnectionTrait) -> Result<Vec<RoleRow>, ServiceError> {
    let roles = staff_roles::Entity::find()
        .order_by_asc(staff_roles::Column::Id)
        .all(db)
        .await?;
    let mut members: HashMap<i32, u64> = HashMap::new();
    for role_id in staff::Entity::find()
        .select_only()
        .column(staff::Column::RoleId)
        .into_tuple::<i32>()
        .all(db)
        .await?
    {
        *members.entry(role_id).or_default() += 1;
    }
    Ok(roles
        .into_iter()
        .map(|r| RoleRow {
            id: r.id,
            built_in: built_in(r.id),
            permissions: permissions_of(&r),
            members: members.get(&r.id).copied().unwrap_or_default(),
            name: r.name,
            version: r.version,
        })
        .collect())
}

/// The form's name, trimmed, checked, and free (names compare without case).
async fn check_name(
    db: &impl ConnectionTrait,
    form: &RoleForm,
    except: Option<i32>,
) -> Result<String, ServiceError> {
    let name = form.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > NAME_MAX {
        return Err(ServiceError::validation(
            "name",
            Message::RoleNameLength(NAME_MAX),
        ));
    }
    let taken = staff_roles::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .any(|r| Some(r.id) != except && r.name.to_lowercase() == name.to_lowercase());
    if taken {
        return Err(ServiceError::validation("name", Message::RoleNameTaken));
    }
    Ok(name)
}

fn keys(permissions: &[Permission]) -> Vec<&'static str> {
    permissions.iter().map(|p| (*p).into()).collect()
}

pub async fn create_role(db: &Db, form: &RoleForm, actor: &Actor) -> Result<i32, ServiceError> {
    let now = db.now();
    transaction::write(db, async |txn| {
        let name = check_name(txn, form, None).await?;
        let permissions = KeyList::new(&form.permissions);
        let chosen = permissions.as_slice().to_vec();
        let role = staff_roles::ActiveModel {
            id: NotSet,
            name: Set(name.clone()),
            permissions: Set(permissions),
            version: Set(1),
        }
        .insert(txn)
        .await?;
        let entry = Entry {
            action: AuditAction::RoleCreate,
            target_kind: TargetKind::Role,
            target_id: Some(role.id.to_string()),
            target_label: name,
            changes: json!({ "permissions": { "new": keys(&chosen) } }),
        };
        audit::record(txn, actor, entry, now).await?;
        Ok(role.id)
    })
    .await
}

/// Saves Edit Role, opened at `version`. Taking `staff.manage` from a role is refused when
/// it would leave nobody to manage staff, or take it from the editor themselves.
pub async fn update_role(
    db: &Db,
    id: i32,
    version: i32,
    form: &RoleForm,
    actor: &Actor,
) -> Result<(), ServiceError> {
    if built_in(id) {
        return Err(ServiceError::validation("name", Message::BuiltInRole));
    }
    let now = db.now();
    transaction::write(db, async |txn| {
        staff_rules::guarded(txn, actor, async || {
            let role = staff_roles::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or(ServiceError::NotFound)?;
            let name = check_name(txn, form, Some(id)).await?;
            let permissions = KeyList::new(&form.permissions);
            let (old, new) = (
                keys(role.permissions.as_slice()),
                keys(permissions.as_slice()),
            );
            let saved = staff_roles::Entity::update_many()
                .col_expr(staff_roles::Column::Name, Expr::value(name.clone()))
                .col_expr(staff_roles::Column::Permissions, Expr::value(permissions))
                .col_expr(staff_roles::Column::Version, Expr::value(version + 1))
                .filter(staff_roles::Column::Id.eq(id))
                .filter(staff_roles::Column::Version.eq(version))
                .exec(txn)
                .await?;
            if saved.rows_affected == 0 {
                return Err(ServiceError::validation("name", Message::RoleChanged));
            }
            let mut changes = serde_json::Map::new();
            if role.name != name {
                changes.insert("name".into(), json!({ "old": role.name, "new": name }));
            }
            if old != new {
                changes.insert("permissions".into(), json!({ "old": old, "new": new }));
            }
            let entry = Entry {
                action: AuditAction::RoleUpdate,
                target_kind: TargetKind::Role,
                target_id: Some(id.to_string()),
                target_label: name,
                changes: changes.into(),
            };
            Ok(audit::record(txn, actor, entry, now).await?)
        })
        .await
    })
    .await
}

/// Deletes a custom role nobody holds.
pub async fn delete_role(db: &Db, id: i32, actor: &Actor) -> Result<(), ServiceError> {
    if built_in(id) {
        return Err(ServiceError::validation("name", Message::BuiltInRole));
    }
    let now = db.now();
    transaction::write(db, async |txn| {
        let role = staff_roles::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let members = staff::Entity::find()
            .filter(staff::Column::RoleId.eq(id))
            .count(txn)
            .await?;
        if members > 0 {
            return Err(ServiceError::validation(
                "name",
                Message::RoleInUse(members),
            ));
        }
        staff_roles::Entity::delete_by_id(id).exec(txn).await?;
        let entry = Entry {
            action: AuditAction::RoleDelete,
            target_kind: TargetKind::Role,
            target_id: Some(id.to_string()),
            target_label: role.name.clone(),
            changes: json!({ "permissions": { "old": keys(role.permissions.as_slice()) } }),
        };
        Ok(audit::record(txn, actor, entry, now).await?)
    })
    .await
}
