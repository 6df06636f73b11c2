use crate::model::activity::{ActivityPage, ActivityQuery};
use crate::model::AppError;
use leptos::prelude::*;

/// A page of the audit trail (permission `audit.view`).
#[server(endpoint = "activity/list")]
pub async fn list_activity(query: ActivityQuery) -> Result<ActivityPage, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::activity;

    let ctx = RequestCtx::current()?;
    require_staff(&ctx, Some(Permission::AuditView)).await?;
    activity::list_activity(&ctx.state.db, &query)
        .await
        .map_err(|e| ctx.fail(e))
}
