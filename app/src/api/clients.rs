//! Manage Clients and a client's Users tab. Reading needs `clients.view`, every change
//! `clients.edit`.
use crate::model::client::ClientPermission;
use crate::model::client_form::{ClientForm, EditClient};
use crate::model::client_list::{ClientListQuery, ClientPage};
use crate::model::client_page::{AssociateOutcome, ClientDetail, UserChoice};
use crate::model::AppError;
use leptos::prelude::*;
use uuid::Uuid;

/// A page of Manage Clients.
#[server(endpoint = "clients/list")]
pub async fn list_clients(query: ClientListQuery) -> Result<ClientPage, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::client_list;

    let ctx = RequestCtx::current()?;
    require_staff(&ctx, Some(Permission::ClientsView)).await?;
    client_list::list_clients(&ctx.state.db, &query)
        .await
        .map_err(|e| ctx.fail(e))
}

/// A client's page with its users.
#[server(endpoint = "clients/detail")]
pub async fn load_client(id: Uuid) -> Result<ClientDetail, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::clients;

    let ctx = RequestCtx::current()?;
    require_staff(&ctx, Some(Permission::ClientsView)).await?;
    clients::client_detail(&ctx.state.db, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// The Edit Client form of one client.
#[server(endpoint = "clients/for_edit")]
pub async fn client_for_edit(id: Uuid) -> Result<EditClient, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::clients;

    let ctx = RequestCtx::current()?;
    require_staff(&ctx, Some(Permission::ClientsEdit)).await?;
    clients::load_for_edit(&ctx.state.db, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Creates a client; returns its id.
#[server(endpoint = "clients/create")]
pub async fn create_client(form: ClientForm) -> Result<Uuid, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::clients;

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::ClientsEdit)).await?;
    let actor = ctx.staff_actor(&me);
    clients::create_client(&ctx.state.db, form, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Saves the Edit Client form opened at `version`; `AppError::ClientChanged` when someone
/// saved meanwhile, unless `overwrite`.
#[server(endpoint = "clients/update")]
pub async fn update_client(
    id: Uuid,
    version: i32,
    form: ClientForm,
    overwrite: bool,
) -> Result<(), AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::clients;

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::ClientsEdit)).await?;
    let actor = ctx.staff_actor(&me);
    clients::update_client(&ctx.state.db, id, version, form, overwrite, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Users matching `term` for the Associate User picker of client `id` (at most 10).
#[server(endpoint = "clients/pick_users")]
pub async fn pick_users(id: Uuid, term: String) -> Result<Vec<UserChoice>, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::{validate, Permission};
    use crate::request::RequestCtx;
    use crate::service::user_picker;

    let ctx = RequestCtx::current()?;
    require_staff(&ctx, Some(Permission::ClientsEdit)).await?;
    let term: String = term.chars().take(validate::EMAIL_MAX).collect();
    user_picker::pick_users(&ctx.state.db, id, &term)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Associates user `user` with client `id`.
#[server(endpoint = "clients/associate")]
pub async fn associate_user(
    id: Uuid,
    user: Uuid,
    owner: bool,
    // An empty list is a valid choice, which the URL encoding sends as no field at all.
    #[server(default)] permissions: Vec<ClientPermission>,
) -> Result<AssociateOutcome, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::associations;

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::ClientsEdit)).await?;
    let actor = ctx.staff_actor(&me);
    associations::associate_user(&ctx.state.db, id, user, owner, &permissions, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Changes what user `user` may do on client `id`.
#[server(endpoint = "clients/permissions")]
pub async fn set_client_permissions(
    id: Uuid,
    user: Uuid,
    #[server(default)] permissions: Vec<ClientPermission>,
) -> Result<(), AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::associations;

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::ClientsEdit)).await?;
    let actor = ctx.staff_actor(&me);
    associations::set_permissions(&ctx.state.db, id, user, &permissions, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Makes user `user` the owner of client `id`.
#[server(endpoint = "clients/make_owner")]
pub async fn make_client_owner(id: Uuid, user: Uuid) -> Result<(), AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::associations;

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::ClientsEdit)).await?;
    let actor = ctx.staff_actor(&me);
    associations::make_owner(&ctx.state.db, id, user, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Removes user `user` from client `id` (not the owner).
#[server(endpoint = "clients/remove_user")]
pub async fn remove_client_user(id: Uuid, user: Uuid) -> Result<(), AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::associations;

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::ClientsEdit)).await?;
    let actor = ctx.staff_actor(&me);
    associations::remove_user(&ctx.state.db, id, user, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}
