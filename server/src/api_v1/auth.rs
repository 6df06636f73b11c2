//! Who is calling: `Authorization: Bearer <token>` resolved to the token and its owner as they
//! are now, then counted against the token's per-minute limit (on PostgreSQL in the database,
//! so every node shares it; on SQLite, one node, in memory). Each handler then names the scope and permission it needs (`require`).
use super::problem::Problem;
use app::model::api_token::ApiScope;
use app::model::{AppError, Permission};
use app::request::{safe_error, RequestCtx};
use app::service::api_tokens::{self, ApiCaller};
use app::service::audit::Actor;
use app::service::throttle::{self, Limit};
use app::service::ServiceError;
use app::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::{header, request::Parts, HeaderMap};
use sea_orm::{ConnectionTrait, DbBackend};
use std::marker::PhantomData;

pub struct ApiCall {
    pub caller: ApiCaller,
    pub ctx: RequestCtx,
}

impl FromRequestParts<AppState> for ApiCall {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let ctx = RequestCtx {
            state: state.clone(),
            parts: parts.clone(),
        };
        let fail = |e: ServiceError| -> Problem {
            safe_error(e, &ctx.request_id(), ctx.ip().as_deref()).into()
        };
        let token = bearer(&parts.headers).ok_or_else(|| fail(ServiceError::NotSignedIn))?;
        let db = &state.db;
        let caller = api_tokens::authenticate(db, token, ctx.ip().as_deref())
            .await
            .map_err(fail)?;
        let limit = Limit {
            hits: state.api.per_minute,
            window_secs: 60,
        };
        let key = format!("api:{}", caller.token_id);
        let now = db.now().timestamp();
        let wait = match db.get_database_backend() {
            DbBackend::Sqlite => state.api.local_counts.hit(&key, limit, now),
            _ => throttle::hit(db, &key, limit, now)
                .await
                .map_err(|e| fail(e.into()))?,
        };
        if let Some(retry_after_secs) = wait {
            return Err(AppError::RateLimited { retry_after_secs }.into());
        }
        Ok(Self { caller, ctx })
    }
}

/// The token of `Authorization: Bearer <token>` (the scheme in any case).
pub(super) fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then_some(token.trim())
}

/// What an operation needs: each scope on the token with its permission on the owner.
pub trait Need {
    const NEEDS: &'static [(ApiScope, Permission)];
}

macro_rules! needs {
    ($($name:ident: $($scope:ident / $permission:ident),+;)+) => {$(
        pub struct $name;
        impl Need for $name {
            const NEEDS: &'static [(ApiScope, Permission)] =
                &[$((ApiScope::$scope, Permission::$permission)),+];
        }
    )+};
}

needs! {
    ViewUsers: UsersRead / UsersView;
    CreateUsers: UsersWrite / UsersCreate;
    EditUsers: UsersWrite / UsersEdit;
    DeleteUsers: UsersWrite / UsersDelete;
    ViewUserClients: UsersRead / UsersView, ClientsRead / ClientsView;
    ViewClients: ClientsRead / ClientsView;
    EditClients: ClientsWrite / ClientsEdit;
    ViewMail: MailRead / MailView;
    ViewAudit: AuditRead / AuditView;
}

/// A caller allowed what `N` needs, checked before anything else of the request is read
/// (a refused caller learns nothing from the body's or the path's validation).
pub struct Allowed<N>(pub ApiCall, pub PhantomData<N>);

impl<N: Need> FromRequestParts<AppState> for Allowed<N> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Problem> {
        let call = ApiCall::from_request_parts(parts, state).await?;
        if N::NEEDS.iter().all(|(s, p)| call.caller.may(*s, *p)) {
            Ok(Self(call, PhantomData))
        } else {
            Err(Problem::forbidden())
        }
    }
}

impl ApiCall {
    /// The audit trail's actor: the owner through this token, from this request.
    pub fn actor(&self) -> Actor {
        self.caller.actor(&self.ctx.origin())
    }

    /// A service error as the caller may see it (details logged with the request id).
    pub fn fail(&self, e: ServiceError) -> Problem {
        safe_error(e, &self.ctx.request_id(), self.ctx.ip().as_deref()).into()
    }
}
