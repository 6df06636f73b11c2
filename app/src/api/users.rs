use crate::model::user_list::{UserListQuery, UserPage};
use crate::model::AppError;
use leptos::prelude::*;

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
