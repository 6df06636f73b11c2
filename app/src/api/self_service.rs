//! Links by email: forgot password, a reset or invitation link's new password, email
//! verification and "send the link again" (public, limited per IP address and, where an
//! address is typed, per address); staff sending a user a link (`users.edit`).
use crate::model::mail::{LinkPurpose, OpenLink};
use crate::model::AppError;
use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
mod ssr {
    use crate::auth::flow::limit_ip_for;
    use crate::model::validate;
    use crate::model::AppError;
    use crate::request::RequestCtx;
    use crate::service::{throttle, ServiceError};
    use std::time::Duration;

    /// Forgot password and "send again" answer no sooner than this, so that the time taken
    /// does not tell whether the address has an account (the work done differs).
    const STEADY: Duration = Duration::from_millis(400);

    /// Limits per IP address, then per typed address and kind of message (`kind`; 5 a
    /// quarter of an hour), then runs `work` and answers after `STEADY` whatever it found.
    pub async fn by_address(
        ctx: &RequestCtx,
        kind: &str,
        email: &str,
        work: impl AsyncFnOnce() -> Result<(), ServiceError>,
    ) -> Result<(), AppError> {
        let start = tokio::time::Instant::now();
        limit_ip_for(ctx, "mail").await?;
        let key = format!("{kind}:{}", validate::email_norm(email));
        let limit = throttle::Limit {
            hits: 5,
            window_secs: 900,
        };
        let wait = throttle::hit(&ctx.state.db, &key, limit, ctx.state.db.now().timestamp())
            .await
            .map_err(|e| ctx.fail(e.into()))?;
        if let Some(secs) = wait {
            return Err(ctx.fail(ServiceError::TooManyAttempts(secs)));
        }
        let done = work().await;
        tokio::time::sleep_until(start + STEADY).await;
        done.map_err(|e| ctx.fail(e))
    }
}

/// Forgot password: the same answer whether or not the address has an account.
#[server(endpoint = "password/forgot")]
pub async fn forgot_password(email: String) -> Result<(), AppError> {
    use crate::request::RequestCtx;
    use crate::service::self_service;

    let ctx = RequestCtx::current()?;
    let db = &ctx.state.db;
    ssr::by_address(&ctx, "forgot", &email, async || {
        self_service::forgot_password(db, &email, db.now()).await
    })
    .await
}

/// "Send the link again" for an address not verified yet; the same answer either way.
#[server(endpoint = "verification/resend")]
pub async fn resend_verification(email: String) -> Result<(), AppError> {
    use crate::request::RequestCtx;
    use crate::service::self_service;

    let ctx = RequestCtx::current()?;
    let db = &ctx.state.db;
    ssr::by_address(&ctx, "verify", &email, async || {
        self_service::resend_verification(db, &email, db.now()).await
    })
    .await
}

/// The address a link was sent to, if it can still be used (its page shows it).
#[server(endpoint = "link/check")]
pub async fn check_link(token: String, purpose: LinkPurpose) -> Result<String, AppError> {
    use crate::auth::flow::limit_ip_for;
    use crate::request::RequestCtx;
    use crate::service::self_service;

    let ctx = RequestCtx::current()?;
    limit_ip_for(&ctx, "link").await?;
    let db = &ctx.state.db;
    self_service::check_link(db, &token, purpose, db.now())
        .await
        .map_err(|e| ctx.fail(e))
}

/// A reset or invitation link's new password.
#[server(endpoint = "link/password")]
pub async fn set_password_by_link(
    token: String,
    purpose: LinkPurpose,
    password: String,
) -> Result<(), AppError> {
    use crate::auth::flow::limit_ip_for;
    use crate::request::RequestCtx;
    use crate::service::{self_service, ServiceError};

    let ctx = RequestCtx::current()?;
    limit_ip_for(&ctx, "link").await?;
    if purpose == LinkPurpose::VerifyEmail {
        return Err(ctx.fail(ServiceError::Forbidden));
    }
    let (db, hasher) = (&ctx.state.db, &ctx.state.hasher);
    self_service::set_password_by_link(
        db,
        hasher,
        &token,
        purpose,
        &password,
        &ctx.origin(),
        db.now(),
    )
    .await
    .map_err(|e| ctx.fail(e))
}

/// Confirms the address a verification link was sent to.
#[server(endpoint = "link/verify")]
pub async fn verify_email(token: String) -> Result<(), AppError> {
    use crate::auth::flow::limit_ip_for;
    use crate::request::RequestCtx;
    use crate::service::self_service;

    let ctx = RequestCtx::current()?;
    limit_ip_for(&ctx, "link").await?;
    let db = &ctx.state.db;
    self_service::verify_email(db, &token, &ctx.origin(), db.now())
        .await
        .map_err(|e| ctx.fail(e))
}

/// Staff send a user a verification, password reset or invitation link.
#[server(endpoint = "users/send-link")]
pub async fn send_user_link(id: Uuid, purpose: LinkPurpose) -> Result<(), AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::mail::letters::Letter;
    use crate::service::self_service;

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::UsersEdit)).await?;
    let letter = match purpose {
        LinkPurpose::VerifyEmail => Letter::VerifyEmail,
        LinkPurpose::ResetPassword => Letter::PasswordReset,
        LinkPurpose::Invitation => Letter::Invitation,
        // Refused by the service: a user gets no staff invitation.
        LinkPurpose::StaffInvitation => Letter::StaffInvitation,
    };
    let db = &ctx.state.db;
    self_service::send_link(db, id, letter, &ctx.staff_actor(&me), db.now())
        .await
        .map_err(|e| ctx.fail(e))
}

/// The links sent to a user that still work (Edit User; permission `users.view`).
#[server(endpoint = "users/open-links")]
pub async fn user_open_links(id: Uuid) -> Result<Vec<OpenLink>, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::self_service;

    let ctx = RequestCtx::current()?;
    require_staff(&ctx, Some(Permission::UsersView)).await?;
    let db = &ctx.state.db;
    self_service::open_links(db, id, db.now())
        .await
        .map_err(|e| ctx.fail(e))
}

/// Staff's "Expire link": a user's open link of `purpose` stops working (`users.edit`).
#[server(endpoint = "users/expire-link")]
pub async fn expire_user_link(id: Uuid, purpose: LinkPurpose) -> Result<(), AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::self_service;

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, Some(Permission::UsersEdit)).await?;
    let db = &ctx.state.db;
    self_service::expire_links(db, id, purpose, &ctx.staff_actor(&me), db.now())
        .await
        .map_err(|e| ctx.fail(e))
}
