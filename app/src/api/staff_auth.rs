use crate::model::{AppError, Enrolment, StaffMe};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::auth::flow::{self, limit_ip};
    pub use crate::auth::guard::require_staff;
    pub use crate::auth::session::{Kind, Session, Stage, STAFF_COOKIE};
    use crate::model::AppError;
    pub use crate::request::RequestCtx;
    pub use crate::service::audit::ActorKind;
    pub use crate::service::{staff_sign_in, transaction};

    pub async fn session_at(ctx: &RequestCtx, stage: Stage) -> Result<Session, AppError> {
        flow::session_at(ctx, Kind::Staff, STAFF_COOKIE, stage).await
    }
}
#[cfg(feature = "ssr")]
use ssr::*;

/// Step 1: email and password. Goes on to the code, or to enrolment when 2FA is not set up.
#[server]
pub async fn staff_sign_in(email: String, password: String) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    limit_ip(&ctx).await?;
    let (db, hasher, origin) = (&ctx.state.db, &ctx.state.hasher, ctx.origin());
    let (id, next) =
        staff_sign_in::check_password(db, hasher, &email, &password, ctx.state.db.now(), &origin)
            .await
            .map_err(|e| ctx.fail(e))?;
    let (stage, to) = match next {
        staff_sign_in::NextStep::Code => (Stage::Password, "/admin/login/code"),
        staff_sign_in::NextStep::Enrol => (Stage::Enrol, "/admin/login/enrol"),
    };
    flow::start(&ctx, Kind::Staff, STAFF_COOKIE, id, stage, Some(to)).await
}

/// Step 2: the authenticator code.
#[server]
pub async fn staff_verify_code(code: String) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    limit_ip(&ctx).await?;
    let s = session_at(&ctx, Stage::Password).await?;
    staff_sign_in::check_code(
        &ctx.state.db,
        &ctx.state.secrets,
        s.subject_id,
        &code,
        ctx.state.db.now(),
        &ctx.origin(),
    )
    .await
    .map_err(|e| ctx.fail(e))?;
    flow::step_up(
        &ctx,
        Kind::Staff,
        STAFF_COOKIE,
        &s,
        Stage::Full,
        Some("/admin"),
    )
    .await
}

/// Enrolment: the secret to add to an authenticator app (only before 2FA is active).
#[server]
pub async fn start_staff_enrolment() -> Result<Enrolment, AppError> {
    let ctx = RequestCtx::current()?;
    let s = session_at(&ctx, Stage::Enrol).await?;
    staff_sign_in::enrolment(&ctx.state.db, &ctx.state.secrets, s.subject_id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Enrolment: confirming with a first code activates 2FA and completes the sign-in. A
/// member signing in with a one-time password sends the password they choose too.
#[server]
pub async fn staff_confirm_enrolment(
    code: String,
    #[server(default)] password: String,
) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    limit_ip(&ctx).await?;
    let s = session_at(&ctx, Stage::Enrol).await?;
    let (db, secrets, id) = (&ctx.state.db, &ctx.state.secrets, s.subject_id);
    let name = staff_sign_in::name_of(db, id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let actor = ctx.actor(ActorKind::Staff, id, &name);
    let chosen = Some(password.as_str()).filter(|p| !p.is_empty());
    let hash = staff_sign_in::chosen_password_hash(db, &ctx.state.hasher, id, chosen)
        .await
        .map_err(|e| ctx.fail(e))?;
    transaction::write(db, async |txn| {
        let now = db.now();
        staff_sign_in::confirm_enrolment(txn, secrets, id, &code, hash, now, &actor).await
    })
    .await
    .map_err(|e| ctx.fail(e))?;
    flow::step_up(
        &ctx,
        Kind::Staff,
        STAFF_COOKIE,
        &s,
        Stage::Full,
        Some("/admin"),
    )
    .await
}

#[server]
pub async fn staff_sign_out() -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    flow::sign_out(&ctx, STAFF_COOKIE, "/admin/login").await
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
