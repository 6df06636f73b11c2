use crate::model::user_clients::UserClients;
use crate::model::user_form::{EditUser, PhoneUser, UserForm};
use crate::model::user_list::{UserListQuery, UserPage};
use crate::model::AppError;
use leptos::prelude::*;
use uuid::Uuid;

/// A page of Manage Users (permission `users.view`).
#[server]
pub async fn list_users(query: UserListQuery) -> Result<UserPage, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::user_list;

    let ctx = RequestCtx::current()?;
    require_staff(&ctx, Some(Permission::UsersView)).await?;
    user_list::list_users(&ctx.state.db, &query)
        .await
        .map_err(|e| ctx.fail(e))
}

/// The Edit User form of one user (permission `users.edit`).
#[server(endpoint = "users/for_edit")]
pub async fn user_for_edit(id: Uuid) -> Result<EditUser, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::users;

    let ctx = RequestCtx::current()?;
    require_staff(&ctx, Some(Permission::UsersEdit)).await?;
    users::load_for_edit(&ctx.state.db, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Creates a user with status NEW (permission `users.create`); returns the new id.
#[server(endpoint = "users/create")]
pub async fn create_user(form: UserForm) -> Result<Uuid, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::users;

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::UsersCreate)).await?;
    let actor = ctx.staff_actor(&me);
    users::create_user(&ctx.state.db, &ctx.state.hasher, form, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Saves the Edit User form opened at `version` (permission `users.edit`). Refused with
/// `AppError::Changed` when someone saved meanwhile, unless `overwrite`.
#[server(endpoint = "users/update")]
pub async fn update_user(
    id: Uuid,
    version: i32,
    form: UserForm,
    overwrite: bool,
) -> Result<(), AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::users;

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::UsersEdit)).await?;
    let actor = ctx.staff_actor(&me);
    let (db, hasher) = (&ctx.state.db, &ctx.state.hasher);
    users::update_user(db, hasher, id, version, form, overwrite, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// The clients a user belongs to, `(name, owner)`, for the delete dialog (`users.delete`).
#[server(endpoint = "users/clients_for_delete")]
pub async fn user_clients_for_delete(id: Uuid) -> Result<Vec<(String, bool)>, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::users;

    let ctx = RequestCtx::current()?;
    require_staff(&ctx, Some(Permission::UsersDelete)).await?;
    users::clients_of(&ctx.state.db, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Deletes a user (permission `users.delete`); refused while they own a client.
#[server(endpoint = "users/delete")]
pub async fn delete_user(id: Uuid) -> Result<(), AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::users;

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::UsersDelete)).await?;
    let actor = ctx.staff_actor(&me);
    users::delete_user(&ctx.state.db, id, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// The strength meter's score, 0 to 4, of a password typed into Create or Edit User
/// (`users.create` or `users.edit`). The password is checked in memory and never logged.
#[server(endpoint = "users/password_strength")]
pub async fn password_strength(
    password: String,
    #[server(default)] context: Vec<String>,
) -> Result<u8, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::{validate, Permission};
    use crate::request::RequestCtx;
    use crate::service::users;

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, None).await?;
    if !me.can(Permission::UsersCreate) && !me.can(Permission::UsersEdit) {
        return Err(ctx.fail(crate::service::ServiceError::Forbidden));
    }
    // zxcvbn's time grows with length: judge no more than a valid password can hold.
    let password: String = password.chars().take(validate::PASSWORD_MAX).collect();
    let context: Vec<String> = context
        .iter()
        .take(4)
        .map(|c| c.chars().take(validate::EMAIL_MAX).collect())
        .collect();
    let context: Vec<&str> = context.iter().map(String::as_str).collect();
    Ok(users::strength(&password, &context))
}

/// The User Clients dialog of one user (permissions `users.view` and `clients.view`).
#[server(endpoint = "users/clients")]
pub async fn user_clients_of(id: Uuid) -> Result<UserClients, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::{user_clients, ServiceError};

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::UsersView)).await?;
    if !me.can(Permission::ClientsView) {
        return Err(ctx.fail(ServiceError::Forbidden));
    }
    user_clients::user_clients(&ctx.state.db, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Ends a user's sign-in lock (permission `users.edit`).
#[server(endpoint = "users/unlock")]
pub async fn unlock_user(id: Uuid) -> Result<(), AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::account;

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::UsersEdit)).await?;
    let actor = ctx.staff_actor(&me);
    account::unlock_user(&ctx.state.db, id, &actor, ctx.state.db.now())
        .await
        .map_err(|e| ctx.fail(e))
}

/// Removes a user's authenticator and recovery codes and ends their sessions (permission
/// `users.edit`): the explicit "Reset 2FA", apart from saving the form. Returns the user's
/// new version.
#[server(endpoint = "users/reset_two_factor")]
pub async fn reset_user_two_factor(id: Uuid) -> Result<i32, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::users;

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::UsersEdit)).await?;
    let actor = ctx.staff_actor(&me);
    users::reset_two_factor(&ctx.state.db, id, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Removes every passkey of a user and ends their sessions (permission `users.edit`), as
/// when a device is lost. Not an edit of the form: the user's version stays.
#[server(endpoint = "users/remove_passkeys")]
pub async fn remove_user_passkeys(id: Uuid) -> Result<u64, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::{passkeys, transaction};

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::UsersEdit)).await?;
    let actor = ctx.staff_actor(&me);
    let db = &ctx.state.db;
    transaction::write(db, async |txn| {
        passkeys::remove_all_of_user(txn, id, &actor, db.now()).await
    })
    .await
    .map_err(|e| ctx.fail(e))
}

/// Other users with this phone number, for the form's "also used by" (permission
/// `users.view`). `except` is the user being edited.
#[server(endpoint = "users/sharing_phone")]
pub async fn users_sharing_phone(
    region: String,
    phone: String,
    #[server(default)] except: Option<Uuid>,
) -> Result<Vec<PhoneUser>, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::users;

    let ctx = RequestCtx::current()?;
    require_staff(&ctx, Some(Permission::UsersView)).await?;
    let (region, phone): (String, String) = (
        region.chars().take(2).collect(),
        phone.chars().take(32).collect(),
    );
    users::phone_users(&ctx.state.db, &region, &phone, except)
        .await
        .map_err(|e| ctx.fail(e))
}
