//! Staff invitations: sending them (permission `staff.manage`) and the page their link opens
//! (anyone holding the link; throttled per address like the client area's links).
use crate::model::{AppError, Invitee};
use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
mod ssr {
    pub use super::super::staff::ssr::manager;
    pub use crate::auth::flow::limit_ip_for;
    pub use crate::request::RequestCtx;
    pub use crate::service::staff_invitations;
}
#[cfg(feature = "ssr")]
use ssr::*;

/// Whether new staff can be invited by mail (mail goes out from this server).
#[server(endpoint = "staff/invitations-by-mail")]
pub async fn staff_invitations_by_mail() -> Result<bool, AppError> {
    let ctx = RequestCtx::current()?;
    manager(&ctx).await?;
    Ok(ctx.state.db.mail().delivers)
}

/// Sends an invited member a new invitation (the earlier link stops working).
#[server(endpoint = "staff/resend-invitation")]
pub async fn resend_staff_invitation(id: Uuid) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let (_, actor) = manager(&ctx).await?;
    staff_invitations::resend_invitation(&ctx.state.db, id, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Whom an invitation link is for, if it can still be used.
#[server(endpoint = "staff/invitation")]
pub async fn staff_invitation(token: String) -> Result<Invitee, AppError> {
    let ctx = RequestCtx::current()?;
    limit_ip_for(&ctx, "link").await?;
    let db = &ctx.state.db;
    staff_invitations::invitation(db, &token, db.now())
        .await
        .map_err(|e| ctx.fail(e))
}

/// Accepts an invitation with the member's chosen password.
#[server(endpoint = "staff/accept-invitation")]
pub async fn accept_staff_invitation(token: String, password: String) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    limit_ip_for(&ctx, "link").await?;
    let (db, hasher) = (&ctx.state.db, &ctx.state.hasher);
    staff_invitations::accept_invitation(db, hasher, &token, &password, &ctx.origin())
        .await
        .map_err(|e| ctx.fail(e))
}
