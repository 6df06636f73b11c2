//! Passkeys: each holder's own (users on `/account`, staff on their profile), and signing in
//! with one on `/login` and `/admin/login`, alone or after the password. `holder` only says
//! which session to resolve: a user session never reaches a staff member's passkeys, nor the
//! other way round. The ceremonies' options and answers travel as WebAuthn JSON text.
use crate::model::passkey::{PasskeyChallenge, PasskeyHolder, PasskeyRow, SecondFactors};
use crate::model::AppError;
use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
mod ssr {
    pub use crate::auth::flow::{self, limit_ip};
    use crate::auth::guard::{require_staff, require_user, require_user_in_person};
    pub use crate::auth::session::{Kind, Stage, STAFF_COOKIE, USER_COOKIE};
    use crate::model::passkey::PasskeyHolder;
    use crate::model::AppError;
    pub use crate::request::RequestCtx;
    use crate::service::audit::Actor;
    pub use crate::service::passkeys::{self, Holder};
    pub use crate::service::{staff_sign_in, transaction, user_sign_in};

    /// The signed-in holder of `kind`, acting in person (staff signed in as a user may look,
    /// not change), with the audit trail's actor and the names their device shows.
    pub struct Me {
        pub holder: Holder,
        pub actor: Actor,
        pub user_name: String,
        pub display_name: String,
    }

    pub async fn me(ctx: &RequestCtx, kind: PasskeyHolder) -> Result<Me, AppError> {
        Ok(match kind {
            PasskeyHolder::User => {
                let (session, user) = require_user_in_person(ctx).await?;
                Me {
                    holder: Holder::user(user.id),
                    actor: super::super::user_auth::ssr::user_actor(ctx, &session, &user),
                    display_name: format!("{} {}", user.first_name, user.last_name)
                        .trim()
                        .to_owned(),
                    user_name: user.email,
                }
            }
            PasskeyHolder::Staff => {
                let me = require_staff(ctx, None).await?;
                Me {
                    holder: Holder::staff(me.id),
                    actor: ctx.staff_actor(&me),
                    user_name: me.email.clone(),
                    display_name: me.name.clone(),
                }
            }
        })
    }

    /// Whose passkeys the caller may see (a user session signed in by staff included).
    pub async fn viewer(ctx: &RequestCtx, kind: PasskeyHolder) -> Result<Holder, AppError> {
        Ok(match kind {
            PasskeyHolder::User => Holder::user(require_user(ctx).await?.1.id),
            PasskeyHolder::Staff => Holder::staff(require_staff(ctx, None).await?.id),
        })
    }

    /// The session cookie of a holder kind.
    pub fn session_of(kind: PasskeyHolder) -> (Kind, &'static str) {
        match kind {
            PasskeyHolder::User => (Kind::User, USER_COOKIE),
            PasskeyHolder::Staff => (Kind::Staff, STAFF_COOKIE),
        }
    }

    /// The caller's session past the password, if they have one (having none is no error).
    pub async fn past_password(
        ctx: &RequestCtx,
        kind: PasskeyHolder,
    ) -> Result<Option<crate::auth::session::Session>, AppError> {
        let (kind, cookie) = session_of(kind);
        let Some(token) = ctx.cookie(cookie) else {
            return Ok(None);
        };
        let (db, policy) = (&ctx.state.db, &ctx.state.sessions);
        let found = crate::auth::session::load(db, policy, kind, &token, db.now())
            .await
            .map_err(|e| ctx.fail(e.into()))?;
        Ok(found.filter(|s| s.stage == Stage::Password))
    }

    /// Where a completed sign-in goes.
    pub fn home_of(kind: PasskeyHolder) -> &'static str {
        match kind {
            PasskeyHolder::User => "/account",
            PasskeyHolder::Staff => "/admin",
        }
    }
}
#[cfg(feature = "ssr")]
use ssr::*;

#[server(endpoint = "passkeys/list")]
pub async fn my_passkeys(holder: PasskeyHolder) -> Result<Vec<PasskeyRow>, AppError> {
    let ctx = RequestCtx::current()?;
    let holder = viewer(&ctx, holder).await?;
    passkeys::list(ctx.state.db.connection(), holder)
        .await
        .map_err(|e| ctx.fail(e))
}

#[server(endpoint = "passkeys/register/start")]
pub async fn start_passkey_registration(
    holder: PasskeyHolder,
) -> Result<PasskeyChallenge, AppError> {
    let ctx = RequestCtx::current()?;
    let me = me(&ctx, holder).await?;
    let (db, rp) = (&ctx.state.db, &ctx.state.passkeys);
    let (name, display) = (&me.user_name, &me.display_name);
    passkeys::start_registration(db, rp, me.holder, name, display, db.now())
        .await
        .map_err(|e| ctx.fail(e))
}

/// Files the passkey the browser made for ceremony `ceremony`, named `name`.
#[server(endpoint = "passkeys/register/finish")]
pub async fn finish_passkey_registration(
    holder: PasskeyHolder,
    ceremony: Uuid,
    answer: String,
    name: String,
) -> Result<PasskeyRow, AppError> {
    let ctx = RequestCtx::current()?;
    let me = me(&ctx, holder).await?;
    let (db, rp) = (&ctx.state.db, &ctx.state.passkeys);
    transaction::write(db, async |txn| {
        let now = db.now();
        passkeys::finish_registration(txn, rp, me.holder, ceremony, &answer, &name, &me.actor, now)
            .await
    })
    .await
    .map_err(|e| ctx.fail(e))
}

#[server(endpoint = "passkeys/rename")]
pub async fn rename_my_passkey(
    holder: PasskeyHolder,
    id: Uuid,
    name: String,
) -> Result<PasskeyRow, AppError> {
    let ctx = RequestCtx::current()?;
    let me = me(&ctx, holder).await?;
    let db = &ctx.state.db;
    transaction::write(db, async |txn| {
        passkeys::rename(txn, me.holder, id, &name, &me.actor, db.now()).await
    })
    .await
    .map_err(|e| ctx.fail(e))
}

/// Removes one of my passkeys (a user whose provider requires 2FA keeps their last factor).
#[server(endpoint = "passkeys/remove")]
pub async fn remove_my_passkey(holder: PasskeyHolder, id: Uuid) -> Result<(), AppError> {
    let ctx = RequestCtx::current()?;
    let me = me(&ctx, holder).await?;
    let db = &ctx.state.db;
    transaction::write(db, async |txn| {
        passkeys::remove(txn, me.holder, id, &me.actor, db.now()).await
    })
    .await
    .map_err(|e| ctx.fail(e))
}

/// "Sign in with a passkey": the options for the browser (anyone may ask; limited per IP).
#[server(endpoint = "passkeys/sign_in/start")]
pub async fn start_passkey_sign_in(holder: PasskeyHolder) -> Result<PasskeyChallenge, AppError> {
    let ctx = RequestCtx::current()?;
    limit_ip(&ctx).await?;
    let (db, rp) = (&ctx.state.db, &ctx.state.passkeys);
    passkeys::start_sign_in(db, rp, holder, db.now())
        .await
        .map_err(|e| ctx.fail(e))
}

/// Signs in the account of the passkey that answered; returns where to go.
#[server(endpoint = "passkeys/sign_in/finish")]
pub async fn finish_passkey_sign_in(
    holder: PasskeyHolder,
    ceremony: Uuid,
    answer: String,
) -> Result<String, AppError> {
    let ctx = RequestCtx::current()?;
    limit_ip(&ctx).await?;
    let (db, rp, origin) = (&ctx.state.db, &ctx.state.passkeys, ctx.origin());
    let (policy, now) = (ctx.state.sign_in, db.now());
    // No transaction: a refusal's count and trail must stay, and so must the used ceremony.
    let signed_in = async {
        let assertion = passkeys::finish_sign_in(db, rp, holder, ceremony, &answer, now).await?;
        Ok(match holder {
            PasskeyHolder::User => {
                let accepted =
                    user_sign_in::sign_in_with_passkey(db, policy, assertion, now, &origin).await?;
                (accepted.id, Some(accepted.language))
            }
            PasskeyHolder::Staff => (
                staff_sign_in::sign_in_with_passkey(db, assertion, now, &origin).await?,
                None,
            ),
        })
    };
    let (id, language) = signed_in.await.map_err(|e| ctx.fail(e))?;
    if let Some(language) = language {
        super::user_auth::ssr::remember_language(&ctx, &language)?;
    }
    let (kind, cookie) = session_of(holder);
    flow::start(&ctx, kind, cookie, id, Stage::Full, None).await?;
    Ok(home_of(holder).to_owned())
}

/// What the code step can take from the caller who gave the right password; None for a
/// caller without such a session (the page then shows the code form, whose answer says so:
/// the page itself is no error).
#[server(endpoint = "passkeys/second_factor/options")]
pub async fn second_factor_options(
    holder: PasskeyHolder,
) -> Result<Option<SecondFactors>, AppError> {
    let ctx = RequestCtx::current()?;
    let Some(s) = past_password(&ctx, holder).await? else {
        return Ok(None);
    };
    let db = ctx.state.db.connection();
    match holder {
        PasskeyHolder::User => user_sign_in::second_factors(db, s.subject_id).await,
        PasskeyHolder::Staff => staff_sign_in::second_factors(db, s.subject_id).await,
    }
    .map(Some)
    .map_err(|e| ctx.fail(e))
}

#[server(endpoint = "passkeys/second_factor/start")]
pub async fn start_passkey_second_factor(
    holder: PasskeyHolder,
) -> Result<PasskeyChallenge, AppError> {
    let ctx = RequestCtx::current()?;
    limit_ip(&ctx).await?;
    let (kind, cookie) = session_of(holder);
    let s = flow::session_at(&ctx, kind, cookie, Stage::Password).await?;
    let account = Holder {
        kind: holder,
        id: s.subject_id,
    };
    let (db, rp) = (&ctx.state.db, &ctx.state.passkeys);
    passkeys::start_second_factor(db, rp, account, db.now())
        .await
        .map_err(|e| ctx.fail(e))
}

/// The passkey in place of the authenticator code; returns where to go.
#[server(endpoint = "passkeys/second_factor/finish")]
pub async fn finish_passkey_second_factor(
    holder: PasskeyHolder,
    ceremony: Uuid,
    answer: String,
) -> Result<String, AppError> {
    let ctx = RequestCtx::current()?;
    limit_ip(&ctx).await?;
    let (kind, cookie) = session_of(holder);
    let s = flow::session_at(&ctx, kind, cookie, Stage::Password).await?;
    let account = Holder {
        kind: holder,
        id: s.subject_id,
    };
    let (db, rp, origin) = (&ctx.state.db, &ctx.state.passkeys, ctx.origin());
    let now = db.now();
    // No transaction, as at the sign-in: a refusal is counted and the ceremony stays used.
    let verified = async {
        let assertion =
            passkeys::finish_second_factor(db, rp, account, ceremony, &answer, now).await?;
        match holder {
            PasskeyHolder::User => {
                user_sign_in::second_factor_with_passkey(db, account.id, assertion, now, &origin)
                    .await
            }
            PasskeyHolder::Staff => {
                staff_sign_in::second_factor_with_passkey(db, account.id, assertion, now, &origin)
                    .await
            }
        }
    };
    verified.await.map_err(|e| ctx.fail(e))?;
    flow::step_up(&ctx, kind, cookie, &s, Stage::Full, None).await?;
    Ok(home_of(holder).to_owned())
}
