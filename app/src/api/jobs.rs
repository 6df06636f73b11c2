//! Bulk actions on users: count a selection, start a job, follow and cancel it.
use crate::model::client::ClientPermission;
use crate::model::job::{BulkActionKind, BulkSelection, JobView, SelectionCount};
use crate::model::AppError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;
use uuid::Uuid;

/// How many users `selection` holds now, and the moment counted: what the confirmation
/// names and the job then acts on (`users.view`).
#[server(endpoint = "jobs/count")]
pub async fn count_bulk_selection(selection: BulkSelection) -> Result<SelectionCount, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::jobs::selection;

    let ctx = RequestCtx::current()?;
    require_staff(&ctx, Some(Permission::UsersView)).await?;
    selection::count(&ctx.state.db, &selection.into())
        .await
        .map_err(|e| ctx.fail(e))
}

/// Starts `action` on the users `selection` held at `chosen_at`, as a background job; the
/// permission is the action's (`users.edit`, `users.delete`, `clients.edit`).
#[server(endpoint = "jobs/start")]
pub async fn start_bulk_job(
    action: BulkActionKind,
    #[server(default)] client: Option<Uuid>,
    // An empty list is a valid choice, which the URL encoding sends as no field at all.
    #[server(default)] permissions: Vec<ClientPermission>,
    selection: BulkSelection,
    chosen_at: DateTime<Utc>,
) -> Result<Uuid, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::job::BulkAction;
    use crate::model::messages::Message;
    use crate::request::RequestCtx;
    use crate::service::{jobs, ServiceError};

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(action.permission())).await?;
    let actor = ctx.staff_actor(&me);
    let action = BulkAction::of(action, client, permissions)
        .ok_or_else(|| ctx.fail(ServiceError::validation("client", Message::ClientGone)))?;
    jobs::start_bulk(&ctx.state.db, action, selection.into(), chosen_at, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Stops job `id` after its current batch (the permissions starting it needed).
#[server(endpoint = "jobs/cancel")]
pub async fn cancel_bulk_job(id: Uuid) -> Result<(), AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::jobs;

    let ctx = RequestCtx::current()?;
    require_staff(&ctx, Some(Permission::UsersView)).await?;
    let db = &ctx.state.db;
    let needed = jobs::permissions_for(db, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let me = require_staff(&ctx, None).await?;
    if !needed.iter().all(|p| me.can(*p)) {
        return Err(ctx.fail(crate::service::ServiceError::Forbidden));
    }
    let actor = ctx.staff_actor(&me);
    jobs::cancel(db, id, &actor).await.map_err(|e| ctx.fail(e))
}

/// The progress panel: running jobs and those finished in the last day (`users.view`).
#[server(endpoint = "jobs/recent")]
pub async fn recent_jobs() -> Result<Vec<JobView>, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::jobs;

    let ctx = RequestCtx::current()?;
    require_staff(&ctx, Some(Permission::UsersView)).await?;
    jobs::recent(&ctx.state.db).await.map_err(|e| ctx.fail(e))
}
