//! The client area's sign-in (`/login`) and account page (`/account`). Sign-in steps are
//! limited per IP address (HTTP 429 past the burst); the account functions need a full user
//! session, which `require_user` ends for INACTIVE or deleted users.
use crate::model::account::{Account, Profile};
use crate::model::{AppError, Enrolment};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
pub(super) mod ssr {
    pub use crate::auth::flow::{self, limit_ip};
    pub use crate::auth::guard::{require_user, require_user_in_person};
    pub use crate::auth::session::{Kind, Session, Stage, USER_COOKIE};
    use crate::model::AppError;
    pub use crate::request::RequestCtx;
    use crate::service::audit::Actor;
    pub use crate::service::{account, transaction, user_sign_in};

    pub async fn session_at(ctx: &RequestCtx, stage: Stage) -> Result<Session, AppError> {
        flow::session_at(ctx, Kind::User, USER_COOKIE, stage).await
    }

    /// The session of a sign-in that must enrol first, if the caller has one. (Unlike
    /// `session_at`, having none is not an error: the account page enrols too.)
    pub async fn enrolling(ctx: &RequestCtx) -> Result<Option<Session>, AppError> {
        let Some(token) = ctx.cookie(USER_COOKIE) else {
            return Ok(None);
        };
        let db = &ctx.state.db;
        let found = crate::auth::session::load(
            db,
            &ctx.state.sessions,
            Kind::User,
            &token,
            ctx.state.db.now(),
        )
        .await
        .map_err(|e| ctx.fail(e.into()))?;
        Ok(found.filter(|s| s.stage == Stage::Enrol))
    }

    /// Who acts in the session as the audit trail names them: the user ("Ann Lee
    /// <ann@example.com>"), or the staff member signed in as them.
    pub fn user_actor(
        ctx: &RequestCtx,
        session: &Session,
        user: &crate::db::users::Model,
    ) -> Actor {
        crate::service::impersonation::acting_as(&ctx.origin(), session, user)
    }

    /// Sets the cookie the client area's language follows to the user's language (English
    /// when the client area is not translated into it), so pages render in it from the first.
    pub fn remember_language(ctx: &RequestCtx, language: &str) -> Result<(), AppError> {
        use leptos_i18n::Locale as _;
        let locale = language.parse::<crate::i18n::Locale>().unwrap_or_default();
        let cookie = format!(
            "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
            crate::model::language::COOKIE,
            locale.as_str()
        );
        flow::respond(ctx, cookie, None)
    }
}
#[cfg(feature = "ssr")]
use ssr::*;

/// Step 1: email and password; then the code, enrolment, or the account page.
#[server(endpoint = "login/password")]
pub async fn user_sign_in(email: String, password: String) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    limit_ip(&ctx).await?;
    let (db, hasher, policy) = (&ctx.state.db, &ctx.state.hasher, ctx.state.sign_in);
    let origin = ctx.origin();
    let accepted = user_sign_in::check_password(
        db,
        hasher,
        policy,
        &email,
        &password,
        ctx.state.db.now(),
        &origin,
    )
    .await
    .map_err(|e| ctx.fail(e))?;
    remember_language(&ctx, &accepted.language)?;
    let (stage, to) = match accepted.next {
        user_sign_in::UserNext::Code => (Stage::Password, "/login/code"),
        user_sign_in::UserNext::Enrol => (Stage::Enrol, "/login/enrol"),
        user_sign_in::UserNext::Done => (Stage::Full, "/account"),
    };
    flow::start(&ctx, Kind::User, USER_COOKIE, accepted.id, stage, Some(to)).await
}

/// Step 2: an authenticator code or a recovery code.
#[server(endpoint = "login/code")]
pub async fn user_verify_code(code: String) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    limit_ip(&ctx).await?;
    let s = session_at(&ctx, Stage::Password).await?;
    user_sign_in::check_code(
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
        Kind::User,
        USER_COOKIE,
        &s,
        Stage::Full,
        Some("/account"),
    )
    .await
}

/// Enrolment (at sign-in when staff require 2FA, or from the account page).
#[server(endpoint = "login/enrolment")]
pub async fn start_user_enrolment() -> Result<Enrolment, AppError> {
    let ctx = RequestCtx::current()?;
    let id = match enrolling(&ctx).await? {
        Some(s) => s.subject_id,
        None => require_user_in_person(&ctx).await?.1.id,
    };
    user_sign_in::enrolment(&ctx.state.db, &ctx.state.secrets, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Confirms enrolment with a first code; returns the recovery codes, shown this once. At
/// sign-in, the session becomes a full one.
#[server(endpoint = "login/confirm_enrolment")]
pub async fn user_confirm_enrolment(code: String) -> Result<Vec<String>, AppError> {
    let ctx = RequestCtx::current()?;
    limit_ip(&ctx).await?;
    let signing_in = enrolling(&ctx).await?;
    let (session, user) = match &signing_in {
        Some(s) => (
            s.clone(),
            user_sign_in::load(&ctx.state.db, s.subject_id)
                .await
                .map_err(|e| ctx.fail(e))?,
        ),
        None => require_user_in_person(&ctx).await?,
    };
    let (id, actor) = (user.id, user_actor(&ctx, &session, &user));
    let secrets = &ctx.state.secrets;
    let at_sign_in = signing_in.is_some();
    let codes = transaction::write(&ctx.state.db, async |txn| {
        if at_sign_in {
            user_sign_in::confirm_enrolment(txn, secrets, id, &code, ctx.state.db.now(), &actor)
                .await
        } else {
            user_sign_in::confirm_enrolment_signed_in(
                txn,
                secrets,
                id,
                &code,
                ctx.state.db.now(),
                &actor,
            )
            .await
        }
    })
    .await
    .map_err(|e| ctx.fail(e))?;
    if let Some(s) = signing_in {
        flow::step_up(&ctx, Kind::User, USER_COOKIE, &s, Stage::Full, None).await?;
    }
    Ok(codes)
}

#[server(endpoint = "login/sign_out")]
pub async fn user_sign_out() -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    flow::sign_out(&ctx, USER_COOKIE, "/login").await
}

/// The signed-in user's account page.
#[server(endpoint = "account/get")]
pub async fn my_account() -> Result<Account, AppError> {
    let ctx = RequestCtx::current()?;
    let (session, user) = require_user(&ctx).await?;
    let mut account = account::account(&ctx.state.db, user.id)
        .await
        .map_err(|e| ctx.fail(e))?;
    account.impersonation = session
        .hard_end()
        .zip(session.impersonator)
        .map(|(end, by)| crate::model::account::Impersonation {
            by: by.name,
            ends_at: end,
        });
    Ok(account)
}

#[server(endpoint = "account/profile")]
pub async fn update_my_profile(profile: Profile) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let (session, user) = require_user(&ctx).await?;
    let actor = user_actor(&ctx, &session, &user);
    let language = profile.language.clone();
    account::update_profile(&ctx.state.db, user.id, profile, &actor, ctx.state.db.now())
        .await
        .map_err(|e| ctx.fail(e))?;
    remember_language(&ctx, &language)
}

/// Changes the password (the current one is required); the user's other sessions end.
#[server(endpoint = "account/password")]
pub async fn change_my_password(current: String, password: String) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let (session, user) = require_user_in_person(&ctx).await?;
    let actor = user_actor(&ctx, &session, &user);
    let (db, hasher) = (&ctx.state.db, &ctx.state.hasher);
    account::change_password(
        db,
        hasher,
        user.id,
        &current,
        &password,
        &session.token,
        &actor,
        ctx.state.db.now(),
    )
    .await
    .map_err(|e| ctx.fail(e))
}

/// New recovery codes (the current authenticator code is required).
#[server(endpoint = "account/recovery_codes")]
pub async fn regenerate_my_recovery_codes(code: String) -> Result<Vec<String>, AppError> {
    let ctx = RequestCtx::current()?;
    let (_, user) = require_user_in_person(&ctx).await?;
    account::regenerate_recovery_codes(
        &ctx.state.db,
        &ctx.state.secrets,
        user.id,
        &code,
        ctx.state.db.now(),
    )
    .await
    .map_err(|e| ctx.fail(e))
}

/// Turns 2FA off (with the password), unless staff require it.
#[server(endpoint = "account/disable_2fa")]
pub async fn disable_my_two_factor(password: String) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let (session, user) = require_user_in_person(&ctx).await?;
    let actor = user_actor(&ctx, &session, &user);
    account::disable_two_factor(
        &ctx.state.db,
        &ctx.state.hasher,
        user.id,
        &password,
        &actor,
        ctx.state.db.now(),
    )
    .await
    .map_err(|e| ctx.fail(e))
}
