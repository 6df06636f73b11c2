use crate::model::{AppError, StaffEnrolment, StaffMe};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::auth::guard::{require_staff, staff_session};
    pub use crate::auth::session::{self, Kind, Session, Stage, STAFF_COOKIE};
    use crate::model::AppError;
    pub use crate::request::RequestCtx;
    pub use crate::service::{staff::now, staff_sign_in};
    use axum::http::{header, HeaderValue};

    /// Sends the session cookie (or its removal) and redirects the browser to `to`.
    pub fn respond(ctx: &RequestCtx, cookie: String, to: &str) -> Result<(), AppError> {
        let response = leptos::prelude::expect_context::<leptos_axum::ResponseOptions>();
        let value = HeaderValue::from_str(&cookie).map_err(|_| AppError::Internal {
            request_id: ctx.request_id(),
        })?;
        response.append_header(header::SET_COOKIE, value);
        response.insert_header(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        leptos_axum::redirect(to);
        Ok(())
    }

    /// The caller's staff session, which must be at `stage`.
    pub async fn session_at(ctx: &RequestCtx, stage: Stage) -> Result<Session, AppError> {
        staff_session(ctx)
            .await?
            .filter(|s| s.stage == stage)
            .ok_or_else(|| ctx.fail(crate::service::ServiceError::NotSignedIn))
    }

    /// Moves the session to the next stage with a fresh token, and the browser to `to`.
    pub async fn step_up(
        ctx: &RequestCtx,
        old: &Session,
        stage: Stage,
        to: &str,
    ) -> Result<(), AppError> {
        let new = session::rotate(&ctx.state.db, Kind::Staff, old, stage, ctx.ip(), now())
            .await
            .map_err(|e| ctx.fail(e.into()))?;
        respond(
            ctx,
            session::set_cookie(STAFF_COOKIE, &new.token, &ctx.state.sessions),
            to,
        )
    }
}
#[cfg(feature = "ssr")]
use ssr::*;

/// Step 1: email and password. Goes on to the code, or to enrolment when 2FA is not set up.
#[server]
pub async fn staff_sign_in(email: String, password: String) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let (id, next) =
        staff_sign_in::check_password(&ctx.state.db, &ctx.state.hasher, &email, &password)
            .await
            .map_err(|e| ctx.fail(e))?;
    if let Some(old) = ctx.cookie(STAFF_COOKIE) {
        session::end(&ctx.state.db, &old)
            .await
            .map_err(|e| ctx.fail(e.into()))?;
    }
    let (stage, to) = match next {
        staff_sign_in::NextStep::Code => (Stage::Password, "/admin/login/code"),
        staff_sign_in::NextStep::Enrol => (Stage::Enrol, "/admin/login/enrol"),
    };
    let s = session::create(&ctx.state.db, Kind::Staff, id, stage, ctx.ip(), now())
        .await
        .map_err(|e| ctx.fail(e.into()))?;
    respond(
        &ctx,
        session::set_cookie(STAFF_COOKIE, &s.token, &ctx.state.sessions),
        to,
    )
}

/// Step 2: the authenticator code.
#[server]
pub async fn staff_verify_code(code: String) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let s = session_at(&ctx, Stage::Password).await?;
    staff_sign_in::check_code(
        &ctx.state.db,
        &ctx.state.secrets,
        s.subject_id,
        &code,
        now(),
    )
    .await
    .map_err(|e| ctx.fail(e))?;
    step_up(&ctx, &s, Stage::Full, "/admin").await
}

/// Enrolment: the secret to add to an authenticator app (only before 2FA is active).
#[server]
pub async fn start_staff_enrolment() -> Result<StaffEnrolment, AppError> {
    let ctx = RequestCtx::current()?;
    let s = session_at(&ctx, Stage::Enrol).await?;
    staff_sign_in::enrolment(&ctx.state.db, &ctx.state.secrets, s.subject_id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Enrolment: confirming with a first code activates 2FA and completes the sign-in.
#[server]
pub async fn staff_confirm_enrolment(code: String) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let s = session_at(&ctx, Stage::Enrol).await?;
    let actor = ctx.actor("staff", s.subject_id, "staff (enrolling)");
    staff_sign_in::confirm_enrolment(
        &ctx.state.db,
        &ctx.state.secrets,
        s.subject_id,
        &code,
        now(),
        &actor,
    )
    .await
    .map_err(|e| ctx.fail(e))?;
    step_up(&ctx, &s, Stage::Full, "/admin").await
}

#[server]
pub async fn staff_sign_out() -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    if let Some(token) = ctx.cookie(STAFF_COOKIE) {
        session::end(&ctx.state.db, &token)
            .await
            .map_err(|e| ctx.fail(e.into()))?;
    }
    respond(
        &ctx,
        session::clear_cookie(STAFF_COOKIE, &ctx.state.sessions),
        "/admin/login",
    )
}

/// The signed-in staff member (any permission).
#[server]
pub async fn current_staff() -> Result<StaffMe, AppError> {
    use crate::model::DateStyle;
    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, None).await?;
    let languages = ctx.parts.headers.get("accept-language");
    Ok(StaffMe {
        date_style: DateStyle::from_accept_language(
            languages.and_then(|v| v.to_str().ok()).unwrap_or_default(),
        ),
        ..me
    })
}
