//! Staff administration (permission `staff.manage`): the Staff page and its dialogs.
use crate::model::{AppError, CreatedStaff, StaffForm, StaffRow};
use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
pub(super) mod ssr {
    pub use crate::model::Permission;
    use crate::model::{AppError, StaffMe};
    pub use crate::request::RequestCtx;
    pub use crate::service::{audit::Actor, staff, staff_admin};

    /// The caller, who must hold `staff.manage`, as the audit trail names them.
    pub async fn manager(ctx: &RequestCtx) -> Result<(StaffMe, Actor), AppError> {
        let me = crate::auth::guard::require_staff(ctx, Some(Permission::StaffManage)).await?;
        let actor = ctx.staff_actor(&me);
        Ok((me, actor))
    }
}
#[cfg(feature = "ssr")]
use ssr::*;

/// Every staff member, for the Staff page.
#[server(endpoint = "staff/list")]
pub async fn list_staff() -> Result<Vec<StaffRow>, AppError> {
    let ctx = RequestCtx::current()?;
    manager(&ctx).await?;
    staff::list_staff(&ctx.state.db, ctx.state.db.now())
        .await
        .map_err(|e| ctx.fail(e))
}

/// Adds a staff member: invited by mail (`invite`), or with a one-time password returned
/// once to show the caller.
#[server(endpoint = "staff/create")]
pub async fn create_staff(form: StaffForm, invite: bool) -> Result<CreatedStaff, AppError> {
    let ctx = RequestCtx::current()?;
    let (_, actor) = manager(&ctx).await?;
    let (db, hasher, secrets) = (&ctx.state.db, &ctx.state.hasher, &ctx.state.secrets);
    staff::add_staff(db, hasher, secrets, &form, invite, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Saves Edit Staff Member, opened at `version`.
#[server(endpoint = "staff/update")]
pub async fn update_staff(id: Uuid, version: i32, form: StaffForm) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let (_, actor) = manager(&ctx).await?;
    staff_admin::update_staff(&ctx.state.db, id, version, &form, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Disables a staff member (their sessions end) or enables them again.
#[server(endpoint = "staff/disabled")]
pub async fn set_staff_disabled(id: Uuid, disabled: bool) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let (_, actor) = manager(&ctx).await?;
    staff_admin::set_disabled(&ctx.state.db, id, disabled, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Forgets a staff member's authenticator: they set up a new one at their next sign-in.
#[server(endpoint = "staff/reset-2fa")]
pub async fn reset_staff_two_factor(id: Uuid) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let (_, actor) = manager(&ctx).await?;
    staff_admin::reset_two_factor(&ctx.state.db, id, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Ends a staff member's sign-in lock.
#[server(endpoint = "staff/unlock")]
pub async fn unlock_staff(id: Uuid) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let (_, actor) = manager(&ctx).await?;
    staff::unlock_staff(&ctx.state.db, id, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}
