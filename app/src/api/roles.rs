//! Roles (permission `staff.manage`): the Roles page and the staff form's role choice.
use crate::model::{AppError, RoleForm, RoleRow};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use {super::staff::ssr::manager, crate::request::RequestCtx, crate::service::roles};

#[server(endpoint = "roles/list")]
pub async fn list_roles() -> Result<Vec<RoleRow>, AppError> {
    let ctx = RequestCtx::current()?;
    manager(&ctx).await?;
    roles::list_roles(&ctx.state.db)
        .await
        .map_err(|e| ctx.fail(e))
}

#[server(endpoint = "roles/create")]
pub async fn create_role(form: RoleForm) -> Result<i32, AppError> {
    let ctx = RequestCtx::current()?;
    let (_, actor) = manager(&ctx).await?;
    roles::create_role(&ctx.state.db, &form, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Saves Edit Role, opened at `version`.
#[server(endpoint = "roles/update")]
pub async fn update_role(id: i32, version: i32, form: RoleForm) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let (_, actor) = manager(&ctx).await?;
    roles::update_role(&ctx.state.db, id, version, &form, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

#[server(endpoint = "roles/delete")]
pub async fn delete_role(id: i32) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let (_, actor) = manager(&ctx).await?;
    roles::delete_role(&ctx.state.db, id, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}
