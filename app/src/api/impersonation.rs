//! "Sign in as user" (permission `users.impersonate`): staff open the client area as a user
//! in this browser, and return to the console from it.
use crate::model::AppError;
use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::auth::flow;
    pub use crate::auth::guard::{require_staff, require_user};
    pub use crate::auth::session::{self, Impersonator, USER_COOKIE};
    pub use crate::model::Permission;
    pub use crate::request::RequestCtx;
    pub use crate::service::audit::ActorKind;
    pub use crate::service::{impersonation, ServiceError};
}
#[cfg(feature = "ssr")]
use ssr::*;

/// Signs this browser in to the client area as user `id`, for `reason` (required, recorded),
/// for at most 30 minutes. The page then opens `/account` in a new tab.
#[server(endpoint = "users/sign-in-as")]
pub async fn sign_in_as_user(id: Uuid, reason: String) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::UsersImpersonate)).await?;
    let by = Impersonator {
        id: me.id,
        name: me.name.clone(),
    };
    let db = &ctx.state.db;
    let actor = ctx.staff_actor(&me);
    let started = impersonation::start(db, id, &by, &reason, &ctx.device(), &actor)
        .await
        .map_err(|e| ctx.fail(e))?;
    let cookie = session::set_cookie(USER_COOKIE, &started.token, &ctx.state.sessions);
    flow::respond(&ctx, cookie, None)
}

/// "Return to console": ends the impersonation session and goes back to Manage Users.
#[server(endpoint = "account/return-to-console")]
pub async fn return_to_console() -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let (session, user) = require_user(&ctx).await?;
    let Some(by) = session.impersonator.clone() else {
        return Err(ctx.fail(ServiceError::Forbidden));
    };
    let actor = ctx.actor(ActorKind::Staff, by.id, &by.name);
    impersonation::end(&ctx.state.db, &session, &user, &actor)
        .await
        .map_err(|e| ctx.fail(e))?;
    let cookie = session::clear_cookie(USER_COOKIE, &ctx.state.sessions);
    flow::respond(&ctx, cookie, Some("/admin/users"))
}
