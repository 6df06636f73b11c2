//! The request a server function is answering: shared state, headers, caller address, and the
//! one place where service errors become wire errors (details logged, never sent).
use crate::client_ip::ClientIp;
use crate::model::AppError;
use crate::service::audit::{Actor, ActorKind, Origin};
use crate::service::ServiceError;
use crate::state::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::{request::Parts, HeaderMap, StatusCode};
use leptos::prelude::use_context;
use std::net::SocketAddr;

pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The id the server's middleware gives each request (`x-request-id`), read in this one way
/// by server functions, handlers and the request's log span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestId(pub String);

impl RequestId {
    pub fn of(headers: &HeaderMap) -> Self {
        let id = headers.get(REQUEST_ID_HEADER).and_then(|v| v.to_str().ok());
        Self(id.unwrap_or("none").to_owned())
    }
}

impl<S: Send + Sync> FromRequestParts<S> for RequestId {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self::of(&parts.headers))
    }
}

pub struct RequestCtx {
    pub state: AppState,
    pub parts: Parts,
}

impl RequestCtx {
    pub fn current() -> Result<Self, AppError> {
        match (use_context::<AppState>(), use_context::<Parts>()) {
            (Some(state), Some(parts)) => Ok(Self { state, parts }),
            _ => Err(AppError::Internal {
                request_id: "none".into(),
            }),
        }
    }

    pub fn request_id(&self) -> String {
        RequestId::of(&self.parts.headers).0
    }

    /// The caller's address: as resolved through trusted proxies by the server's middleware,
    /// else the connecting peer.
    pub fn ip(&self) -> Option<String> {
        let ext = &self.parts.extensions;
        ext.get::<ClientIp>()
            .map(|ClientIp(ip)| ip.to_string())
            .or_else(|| {
                ext.get::<ConnectInfo<SocketAddr>>()
                    .map(|ConnectInfo(addr)| addr.ip().to_canonical().to_string())
            })
    }

    /// Where a session opened by this request comes from.
    pub fn device(&self) -> crate::auth::session::Device {
        let agent = self.parts.headers.get(axum::http::header::USER_AGENT);
        crate::auth::session::Device::new(self.ip(), agent.and_then(|v| v.to_str().ok()))
    }

    pub fn cookie(&self, name: &str) -> Option<String> {
        crate::auth::session::cookie_in(&self.parts.headers, name)
    }

    pub fn actor(&self, kind: ActorKind, id: uuid::Uuid, label: &str) -> Actor {
        self.origin().actor(kind, id, label.to_owned())
    }

    /// The signed-in staff member as the audit trail names them.
    pub fn staff_actor(&self, me: &crate::model::StaffMe) -> Actor {
        self.actor(ActorKind::Staff, me.id, &me.name)
    }

    pub fn origin(&self) -> Origin {
        let device = self.device();
        Origin {
            ip: self.ip(),
            request_id: Some(self.request_id()),
            device: Some(crate::service::devices::describe(
                device.user_agent.as_deref(),
            )),
        }
    }

    /// Turns a service error into what the caller may see, logging what they may not, and
    /// sets the HTTP status to match.
    pub fn fail(&self, err: ServiceError) -> AppError {
        let error = self.describe(err);
        if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
            response.set_status(status_of(&error));
        }
        error
    }

    fn describe(&self, err: ServiceError) -> AppError {
        safe_error(err, &self.request_id(), self.ip().as_deref())
    }
}

/// What a caller may see of a service error: database and library text is logged with the
/// request id and the caller's address, never returned.
pub fn safe_error(err: ServiceError, request_id: &str, ip: Option<&str>) -> AppError {
    let request_id = request_id.to_owned();
    match err {
        ServiceError::Validation { field, message } => AppError::Validation {
            field: field.to_owned(),
            message,
        },
        ServiceError::SignInRefused(reason) => {
            tracing::info!(%request_id, ?ip, reason, "sign-in refused");
            AppError::sign_in_failed()
        }
        ServiceError::Fields(errors) => AppError::Fields(errors),
        ServiceError::Changed(conflict) => AppError::Changed(conflict),
        ServiceError::OwnsClients(names) => AppError::OwnsClients(names),
        ServiceError::SignInBlocked(message) => AppError::Unauthorized(message.to_owned()),
        ServiceError::TooManyAttempts(secs) => AppError::RateLimited {
            retry_after_secs: secs,
        },
        ServiceError::NotSignedIn => AppError::not_signed_in(),
        ServiceError::Link(e) => AppError::Validation {
            field: "token".to_owned(),
            message: e.message(),
        },
        ServiceError::Forbidden => AppError::Forbidden,
        ServiceError::NotFound => AppError::NotFound,
        ServiceError::Conflict => AppError::Conflict,
        ServiceError::Db(e) => {
            tracing::error!(%request_id, error = %e, "database error");
            AppError::Internal { request_id }
        }
        ServiceError::Internal(e) => {
            tracing::error!(%request_id, error = %e, "internal error");
            AppError::Internal { request_id }
        }
    }
}

/// The HTTP status that goes with a wire error.
pub fn status_of(error: &AppError) -> StatusCode {
    match error {
        AppError::Validation { .. } | AppError::Fields(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::Changed(_) | AppError::OwnsClients(_) | AppError::Conflict => {
            StatusCode::CONFLICT
        }
        AppError::NotFound => StatusCode::NOT_FOUND,
        AppError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
        AppError::Forbidden => StatusCode::FORBIDDEN,
        AppError::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
        AppError::Internal { .. } | AppError::Transport => StatusCode::INTERNAL_SERVER_ERROR,
    }
}
