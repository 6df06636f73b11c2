//! My profile (any signed-in staff member, on their own account only).
use crate::model::{AppError, Enrolment, SessionRow};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::auth::flow::limit_ip;
    pub use crate::auth::guard::require_staff;
    pub use crate::auth::session::STAFF_COOKIE;
    use crate::model::{AppError, StaffMe};
    pub use crate::request::RequestCtx;
    pub use crate::service::sessions::Which;
    pub use crate::service::staff_profile;
    use crate::service::ServiceError;

    /// The caller and their session token (a signed-in caller has one).
    pub async fn me(ctx: &RequestCtx) -> Result<(StaffMe, String), AppError> {
        let me = require_staff(ctx, None).await?;
        let token = ctx
            .cookie(STAFF_COOKIE)
            .ok_or_else(|| ctx.fail(ServiceError::NotSignedIn))?;
        Ok((me, token))
    }
}
#[cfg(feature = "ssr")]
use ssr::*;

#[server(endpoint = "profile/sessions")]
pub async fn staff_sessions() -> Result<Vec<SessionRow>, AppError> {
    let ctx = RequestCtx::current()?;
    let (me, token) = me(&ctx).await?;
    let (db, policy) = (&ctx.state.db, &ctx.state.sessions);
    staff_profile::my_sessions(db, policy, me.id, &token, db.now())
        .await
        .map_err(|e| ctx.fail(e))
}

/// Signs out one of my sessions (`id` from `staff_sessions`).
#[server(endpoint = "profile/sessions/end")]
pub async fn end_staff_session(id: String) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let (me, _) = me(&ctx).await?;
    let actor = ctx.staff_actor(&me);
    staff_profile::end_my_sessions(&ctx.state.db, me.id, Which::One(&id), &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

#[server(endpoint = "profile/sessions/end-others")]
pub async fn end_other_staff_sessions() -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let (me, token) = me(&ctx).await?;
    let actor = ctx.staff_actor(&me);
    staff_profile::end_my_sessions(&ctx.state.db, me.id, Which::AllBut(&token), &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Changes my password; my other sessions end.
#[server(endpoint = "profile/password")]
pub async fn change_staff_password(current: String, password: String) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    limit_ip(&ctx).await?;
    let (me, token) = me(&ctx).await?;
    let actor = ctx.staff_actor(&me);
    let (db, hasher) = (&ctx.state.db, &ctx.state.hasher);
    staff_profile::change_password(db, hasher, me.id, (&current, &password), &token, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// A new authenticator secret to add, not active until confirmed.
#[server(endpoint = "profile/2fa/start")]
pub async fn start_staff_reenrolment() -> Result<Enrolment, AppError> {
    let ctx = RequestCtx::current()?;
    let (me, _) = me(&ctx).await?;
    staff_profile::start_reenrolment(&ctx.state.db, &ctx.state.secrets, me.id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Replaces my authenticator: a code from the current one and one from the new one.
#[server(endpoint = "profile/2fa/confirm")]
pub async fn confirm_staff_reenrolment(
    current_code: String,
    code: String,
    pending: String,
) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    limit_ip(&ctx).await?;
    let (me, _) = me(&ctx).await?;
    let actor = ctx.staff_actor(&me);
    let (db, secrets) = (&ctx.state.db, &ctx.state.secrets);
    let codes = (current_code.as_str(), code.as_str());
    staff_profile::confirm_reenrolment(db, secrets, me.id, codes, &pending, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}
