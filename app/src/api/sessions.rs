//! A user's sessions and sign-in history: in Edit User (view: `users.view`; sign out:
//! `users.edit`), and on their own account page ("Where you're signed in", "Recent sign-ins").
use crate::model::account::SignInAttempt;
use crate::model::{AppError, SessionRow};
use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
mod ssr {
    pub use super::super::user_auth::ssr::user_actor;
    pub use crate::auth::guard::{require_staff, require_user, require_user_in_person};
    pub use crate::model::Permission;
    pub use crate::request::RequestCtx;
    pub use crate::service::sessions::Which;
    pub use crate::service::{sign_in_history, user_sessions};
}
#[cfg(feature = "ssr")]
use ssr::*;

/// Where user `id` is signed in.
#[server(endpoint = "users/sessions")]
pub async fn user_sessions(id: Uuid) -> Result<Vec<SessionRow>, AppError> {
    let ctx = RequestCtx::current()?;
    require_staff(&ctx, Some(Permission::UsersView)).await?;
    let (db, policy) = (&ctx.state.db, &ctx.state.sessions);
    user_sessions::list(db, policy, id, None, db.now())
        .await
        .map_err(|e| ctx.fail(e))
}

/// Signs user `id` out of one session (`session` from `user_sessions`), or everywhere.
#[server(endpoint = "users/sessions/end")]
pub async fn end_user_sessions(id: Uuid, session: Option<String>) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::UsersEdit)).await?;
    let which = session.as_deref().map_or(Which::All, Which::One);
    user_sessions::end(&ctx.state.db, id, which, &ctx.staff_actor(&me))
        .await
        .map_err(|e| ctx.fail(e))
}

/// Where I am signed in (this browser marked).
#[server(endpoint = "account/sessions")]
pub async fn my_user_sessions() -> Result<Vec<SessionRow>, AppError> {
    let ctx = RequestCtx::current()?;
    let (session, user) = require_user(&ctx).await?;
    let (db, policy) = (&ctx.state.db, &ctx.state.sessions);
    user_sessions::list(db, policy, user.id, Some(&session.token), db.now())
        .await
        .map_err(|e| ctx.fail(e))
}

/// Signs me out of another session (`session` from `my_user_sessions`), or of all others
/// (not in a session staff opened as me).
#[server(endpoint = "account/sessions/end")]
pub async fn end_my_user_sessions(session: Option<String>) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let (mine, user) = require_user_in_person(&ctx).await?;
    let which = session
        .as_deref()
        .map_or(Which::AllBut(&mine.token), Which::One);
    user_sessions::end(
        &ctx.state.db,
        user.id,
        which,
        &user_actor(&ctx, &mine, &user),
    )
    .await
    .map_err(|e| ctx.fail(e))
}

/// User `id`'s last sign-in attempts, newest first.
#[server(endpoint = "users/sign-ins")]
pub async fn user_sign_in_history(id: Uuid) -> Result<Vec<SignInAttempt>, AppError> {
    let ctx = RequestCtx::current()?;
    require_staff(&ctx, Some(Permission::UsersView)).await?;
    sign_in_history::of_user(&ctx.state.db, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// My last sign-in attempts, newest first.
#[server(endpoint = "account/sign-ins")]
pub async fn my_sign_in_history() -> Result<Vec<SignInAttempt>, AppError> {
    let ctx = RequestCtx::current()?;
    let (_, user) = require_user(&ctx).await?;
    let attempts = sign_in_history::of_user(&ctx.state.db, user.id)
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(attempts
        .into_iter()
        .map(SignInAttempt::for_the_user)
        .collect())
}
