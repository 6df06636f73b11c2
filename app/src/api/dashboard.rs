use crate::model::dashboard::Dashboard;
use crate::model::AppError;
use leptos::prelude::*;

/// The dashboard's figures (permission `users.view`; the latest activity only with
/// `audit.view`).
#[server(endpoint = "dashboard")]
pub async fn load_dashboard() -> Result<Dashboard, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::dashboard;

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::UsersView)).await?;
    dashboard::dashboard(&ctx.state.db, me.can(Permission::AuditView))
        .await
        .map_err(|e| ctx.fail(e))
}
