use crate::model::AppError;
use crate::model::StaffRow;
use leptos::prelude::*;
use uuid::Uuid;

/// Every staff member, for the Staff page (permission `staff.manage`).
#[server(endpoint = "staff/list")]
pub async fn list_staff() -> Result<Vec<StaffRow>, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::staff;

    let ctx = RequestCtx::current()?;
    require_staff(&ctx, Some(Permission::StaffManage)).await?;
    staff::list_staff(&ctx.state.db, ctx.state.db.now())
        .await
        .map_err(|e| ctx.fail(e))
}

/// Ends a staff member's sign-in lock (permission `staff.manage`).
#[server(endpoint = "staff/unlock")]
pub async fn unlock_staff(id: Uuid) -> Result<(), AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::staff;

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::StaffManage)).await?;
    let actor = ctx.staff_actor(&me);
    staff::unlock_staff(&ctx.state.db, id, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}
