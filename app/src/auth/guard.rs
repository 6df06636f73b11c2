//! The guards: every console server function calls `require_staff` with the permission it
//! needs, every client-area one `require_user`, before doing anything else (sign-in steps
//! check their own session stage).
use super::session::{self, Kind, Session, Stage, STAFF_COOKIE, USER_COOKIE};
use crate::db::{staff, staff_roles, users};
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
    if member.disabled_at.is_some() {
        return Ok(None);
    }
    Ok(Some(StaffMe {
        id: member.id,
        name: member.name,
        email: member.email,
        permissions: crate::service::staff_rules::permissions_of(&role),
        role: role.name,
        date_style: DateStyle::default(),
    }))
}

/// The fully signed-in staff member behind a session cookie, if any (the request counts as
/// activity).
pub async fn signed_in_staff(
    state: &AppState,
    token: Option<&str>,
) -> Result<Option<StaffMe>, ServiceError> {
    staff_behind(state, token, true).await
}

/// The same, for the live feed: its checks are not activity, so an idle session still ends.
pub async fn staff_still_signed_in(
    state: &AppState,
    token: Option<&str>,
) -> Result<Option<StaffMe>, ServiceError> {
    staff_behind(state, token, false).await
}

async fn staff_behind(
    state: &AppState,
    token: Option<&str>,
    active: bool,
) -> Result<Option<StaffMe>, ServiceError> {
    let Some(token) = token else { return Ok(None) };
    let now = state.db.now();
    let (db, policy) = (&state.db, &state.sessions);
    let found = if active {
        session::load(db, policy, Kind::Staff, token, now).await?
    } else {
        session::peek(db, policy, Kind::Staff, token, now).await?
    };
    match found {
        Some(s) if s.stage == Stage::Full => load_staff(db, s.subject_id).await,
        _ => Ok(None),
    }
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

/// The fully signed-in client-area user and their session. A session whose user is gone or
/// INACTIVE, or that a staff member opened as the user and may no longer, ends here, on its
/// next request.
pub async fn require_user(ctx: &RequestCtx) -> Result<(Session, users::Model), AppError> {
    let db = &ctx.state.db;
    let now = ctx.state.db.now();
    let token = ctx
        .cookie(USER_COOKIE)
        .ok_or_else(|| ctx.fail(ServiceError::NotSignedIn))?;
    let session = session::load(db, &ctx.state.sessions, Kind::User, &token, now)
        .await
        .map_err(|e| ctx.fail(e.into()))?
        .filter(|s| s.stage == Stage::Full)
        .ok_or_else(|| ctx.fail(ServiceError::NotSignedIn))?;
    let user = users::Entity::find_by_id(session.subject_id)
        .one(db)
        .await
        .map_err(|e| ctx.fail(e.into()))?;
    // A session staff opened as the user lasts while they may still do so (not disabled,
    // their role still grants it).
    let impersonator_may = match &session.impersonator {
        None => true,
        Some(by) => load_staff(db, by.id)
            .await
            .map_err(|e| ctx.fail(e))?
            .is_some_and(|me| me.can(Permission::UsersImpersonate)),
    };
    match user {
        Some(u)
            if u.status != crate::model::user_list::UserStatus::Inactive && impersonator_may =>
        {
            Ok((session, u))
        }
        _ => {
            session::end(db, &token)
                .await
                .map_err(|e| ctx.fail(e.into()))?;
            Err(ctx.fail(ServiceError::NotSignedIn))
        }
    }
}

/// `require_user` for the user's own security (password, 2FA, recovery codes, sessions): a
/// staff member signed in as the user is refused it.
pub async fn require_user_in_person(ctx: &RequestCtx) -> Result<(Session, users::Model), AppError> {
    let (session, user) = require_user(ctx).await?;
    match session.impersonator {
        Some(_) => Err(ctx.fail(ServiceError::Forbidden)),
        None => Ok((session, user)),
    }
}
