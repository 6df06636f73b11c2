//! What staff and user sign-in steps share: sending the session cookie with a redirect, and
//! moving a session up a stage with a fresh token.
use super::session::{self, Kind, Session, Stage};
use crate::model::AppError;
use crate::request::RequestCtx;
use axum::http::{header, HeaderValue};

/// Sends `cookie` (a session or its removal) and, when `to` is given, redirects there.
pub fn respond(ctx: &RequestCtx, cookie: String, to: Option<&str>) -> Result<(), AppError> {
    let response = leptos::prelude::expect_context::<leptos_axum::ResponseOptions>();
    let value = HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal {
        request_id: ctx.request_id(),
    })?;
    response.append_header(header::SET_COOKIE, value);
    response.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(to) = to {
        leptos_axum::redirect(to);
    }
    Ok(())
}

/// The caller's session of `kind` (cookie `cookie`), which must be at `stage`.
pub async fn session_at(
    ctx: &RequestCtx,
    kind: Kind,
    cookie: &str,
    stage: Stage,
) -> Result<Session, AppError> {
    let token = ctx.cookie(cookie);
    let found = match token {
        Some(token) => session::load(
            &ctx.state.db,
            &ctx.state.sessions,
            kind,
            &token,
            ctx.state.db.now(),
        )
        .await
        .map_err(|e| ctx.fail(e.into()))?,
        None => None,
    };
    found
        .filter(|s| s.stage == stage)
        .ok_or_else(|| ctx.fail(crate::service::ServiceError::NotSignedIn))
}

/// Starts a session at `stage`, ending the one the browser had.
pub async fn start(
    ctx: &RequestCtx,
    kind: Kind,
    cookie: &str,
    subject: uuid::Uuid,
    stage: Stage,
    to: Option<&str>,
) -> Result<(), AppError> {
    let db = &ctx.state.db;
    if let Some(old) = ctx.cookie(cookie) {
        session::end(db, &old)
            .await
            .map_err(|e| ctx.fail(e.into()))?;
    }
    let s = session::create(db, kind, subject, stage, &ctx.device(), ctx.state.db.now())
        .await
        .map_err(|e| ctx.fail(e.into()))?;
    respond(
        ctx,
        session::set_cookie(cookie, &s.token, &ctx.state.sessions),
        to,
    )
}

/// Moves the session to the next stage with a fresh token (and the browser to `to`).
pub async fn step_up(
    ctx: &RequestCtx,
    kind: Kind,
    cookie: &str,
    old: &Session,
    stage: Stage,
    to: Option<&str>,
) -> Result<(), AppError> {
    let new = session::rotate(
        &ctx.state.db,
        kind,
        old,
        stage,
        &ctx.device(),
        ctx.state.db.now(),
    )
    .await
    .map_err(|e| ctx.fail(e.into()))?;
    respond(
        ctx,
        session::set_cookie(cookie, &new.token, &ctx.state.sessions),
        to,
    )
}

/// Ends the browser's session of cookie `cookie` and sends it to `to`.
pub async fn sign_out(ctx: &RequestCtx, cookie: &str, to: &str) -> Result<(), AppError> {
    if let Some(token) = ctx.cookie(cookie) {
        session::end(&ctx.state.db, &token)
            .await
            .map_err(|e| ctx.fail(e.into()))?;
    }
    respond(
        ctx,
        session::clear_cookie(cookie, &ctx.state.sessions),
        Some(to),
    )
}

/// The per-IP burst limit on sign-in steps (users' and staff's alike).
pub async fn limit_ip(ctx: &RequestCtx) -> Result<(), AppError> {
    limit_ip_for(ctx, "ip").await
}

/// The same per-IP burst limit, counted apart for one family of public calls (`family`:
/// "link" for a message's links, "mail" for calls that send one), so that one cannot use up
/// another's allowance.
pub async fn limit_ip_for(ctx: &RequestCtx, family: &str) -> Result<(), AppError> {
    use crate::service::{throttle, ServiceError};
    let key = format!("{family}:{}", ctx.ip().unwrap_or_default());
    let limit = throttle::Limit {
        hits: ctx.state.sign_in.per_ip_per_minute,
        window_secs: 60,
    };
    let wait = throttle::hit(&ctx.state.db, &key, limit, ctx.state.db.now().timestamp())
        .await
        .map_err(|e| ctx.fail(e.into()))?;
    match wait {
        Some(secs) => Err(ctx.fail(ServiceError::TooManyAttempts(secs))),
        None => Ok(()),
    }
}
