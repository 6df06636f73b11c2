//! The one guard: every server function calls `require_staff` with the permission it needs
//! (or `staff_session` during sign-in) before doing anything else.
use super::session::{self, Kind, Session, Stage, STAFF_COOKIE};
use crate::db::{staff, staff_roles};
use crate::model::{AppError, DateStyle, Permission, StaffMe};
use crate::request::RequestCtx;
use crate::service::ServiceError;
use crate::state::AppState;
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

/// The staff member with their role's permissions.
pub async fn load_staff(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Option<StaffMe>, ServiceError> {
    let Some((member, Some(role))) = staff::Entity::find_by_id(id)
        .find_also_related(staff_roles::Entity)
        .one(db)
        .await?
    else {
        return Ok(None);
    };
    let keys: Vec<String> = serde_json::from_str(&role.permissions)
        .map_err(|e| ServiceError::Internal(format!("role {} permissions: {e}", role.name)))?;
    Ok(Some(StaffMe {
        id: member.id,
        name: member.name,
        email: member.email,
        role: role.name,
        permissions: keys
            .iter()
            .filter_map(|k| Permission::from_key(k))
            .collect(),
        date_style: DateStyle::default(),
    }))
}

/// The fully signed-in staff member behind a session cookie, if any.
pub async fn signed_in_staff(
    state: &AppState,
    token: Option<&str>,
) -> Result<Option<StaffMe>, ServiceError> {
    let Some(token) = token else { return Ok(None) };
    let now = crate::service::staff::now();
    match session::load(&state.db, &state.sessions, Kind::Staff, token, now).await? {
        Some(s) if s.stage == Stage::Full => load_staff(&state.db, s.subject_id).await,
        _ => Ok(None),
    }
}

/// The caller's staff session at any stage (sign-in steps use this).
pub async fn staff_session(ctx: &RequestCtx) -> Result<Option<Session>, AppError> {
    let Some(token) = ctx.cookie(STAFF_COOKIE) else {
        return Ok(None);
    };
    let now = crate::service::staff::now();
    session::load(&ctx.state.db, &ctx.state.sessions, Kind::Staff, &token, now)
        .await
        .map_err(|e| ctx.fail(e.into()))
}

/// Resolves the caller and checks `permission`: `Unauthorized` when not signed in,
/// `Forbidden` when signed in without the permission.
pub async fn require_staff(
    ctx: &RequestCtx,
    permission: Option<Permission>,
) -> Result<StaffMe, AppError> {
    let me = signed_in_staff(&ctx.state, ctx.cookie(STAFF_COOKIE).as_deref())
        .await
        .map_err(|e| ctx.fail(e))?
        .ok_or_else(|| ctx.fail(ServiceError::NotSignedIn))?;
    match permission {
        Some(p) if !me.can(p) => Err(ctx.fail(ServiceError::Forbidden)),
        _ => Ok(me),
    }
}
