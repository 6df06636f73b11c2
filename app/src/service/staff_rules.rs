//! The rules that keep someone able to manage staff: a change may not leave no active
//! Administrator, nor no active holder of `staff.manage`, where there was one; and nobody
//! takes `staff.manage` from themselves (by disabling themselves, moving to a role without
//! it, or editing their role). Every change that could break them runs `guarded`.
use super::audit::{Actor, ActorKind};
use super::ServiceError;
use crate::db::{staff, staff_roles};
use crate::model::messages::Message;
use crate::model::Permission;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, EntityTrait, QueryFilter, QuerySelect,
};
use uuid::Uuid;

/// The built-in roles' ids (migration 1).
pub const ADMINISTRATOR: i32 = 1;
pub const SUPPORT: i32 = 2;

/// Whether `role` grants `permission`: the Administrator has every permission Roster has,
/// including ones added after its row was written.
pub fn grants(role: &staff_roles::Model, permission: Permission) -> bool {
    role.id == ADMINISTRATOR || role.permissions.as_slice().contains(&permission)
}

/// Every permission of `role`, in the order Roster lists them.
pub fn permissions_of(role: &staff_roles::Model) -> Vec<Permission> {
    use strum::VariantArray;
    Permission::VARIANTS
        .iter()
        .copied()
        .filter(|p| grants(role, *p))
        .collect()
}

#[derive(Debug, PartialEq, Eq)]
struct Census {
    administrators: usize,
    managers: usize,
    /// The acting staff member is active and holds `staff.manage`.
    actor_manages: bool,
}

async fn census(db: &impl ConnectionTrait, actor: Option<Uuid>) -> Result<Census, ServiceError> {
    let active = staff::Entity::find()
        .find_also_related(staff_roles::Entity)
        .filter(staff::Column::DisabledAt.is_null())
        // Invited, no password chosen yet: nobody who can sign in and administer (yet).
        .filter(staff::Column::InvitedAt.is_null())
        .all(db)
        .await?;
    let manages = |role: &Option<staff_roles::Model>| {
        role.as_ref()
            .is_some_and(|r| grants(r, Permission::StaffManage))
    };
    Ok(Census {
        administrators: active
            .iter()
            .filter(|(m, _)| m.role_id == ADMINISTRATOR)
            .count(),
        managers: active.iter().filter(|(_, r)| manages(r)).count(),
        actor_manages: active
            .iter()
            .any(|(m, r)| Some(m.id) == actor && manages(r)),
    })
}

/// Runs `change` in `txn` and refuses it (the caller's transaction then rolls back) when it
/// breaks a rule. On PostgreSQL it first locks the Administrator role's row, so two such
/// changes at once (two Administrators disabling each other) run one after the other and
/// the second sees the first; SQLite's single writer does the same by itself.
pub async fn guarded<T>(
    txn: &DatabaseTransaction,
    actor: &Actor,
    change: impl AsyncFnOnce() -> Result<T, ServiceError>,
) -> Result<T, ServiceError> {
    staff_roles::Entity::find_by_id(ADMINISTRATOR)
        .lock_exclusive()
        .one(txn)
        .await?;
    let me = (actor.kind == ActorKind::Staff)
        .then_some(actor.id)
        .flatten();
    let before = census(txn, me).await?;
    let out = change().await?;
    let after = census(txn, me).await?;
    if before.actor_manages && !after.actor_manages {
        return Err(ServiceError::validation("staff", Message::OwnStaffManage));
    }
    if before.administrators > 0 && after.administrators == 0 {
        return Err(ServiceError::validation(
            "staff",
            Message::LastAdministrator,
        ));
    }
    if before.managers > 0 && after.managers == 0 {
        return Err(ServiceError::validation("staff", Message::LastStaffManager));
    }
    Ok(out)
}
