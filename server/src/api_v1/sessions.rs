//! A user's sessions (`/api/v1/users/{id}/sessions`): where they are signed in, and signing
//! them out of one session or everywhere (`POST .../logout`, as Keycloak names it), as Edit User's Sessions tab does. A session has no
//! version: ending one is the same whenever it is done, so no If-Match is asked.
use super::auth::{self, Allowed};
use super::extract::ApiPath;
use super::problem::Problem;
use app::model::SessionRow;
use app::service::sessions::Which;
use app::service::user_sessions;
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// One place a user is signed in.
#[derive(Debug, Serialize, ToSchema)]
pub struct Session {
    /// The session's handle (a digest, never its token).
    pub id: String,
    /// Browser and system, e.g. "Firefox on Linux".
    pub device: String,
    pub ip: Option<String>,
    pub signed_in: DateTime<Utc>,
    pub last_seen: DateTime<Utc>,
    /// A staff member signed in as the user: their name.
    pub impersonated_by: Option<String>,
}

impl From<SessionRow> for Session {
    fn from(s: SessionRow) -> Self {
        Self {
            id: s.id,
            device: s.device,
            ip: s.ip,
            signed_in: s.signed_in,
            last_seen: s.last_seen,
            impersonated_by: s.impersonated_by,
        }
    }
}

/// Where the user is signed in, most recently active first.
#[utoipa::path(get, path = "/api/v1/users/{id}/sessions", tag = "users",
    params(("id" = Uuid, Path, description = "The user's id")),
    responses((status = 200, description = "The user's sessions", body = Vec<Session>)))]
pub async fn list_sessions(
    Allowed(call, _): Allowed<auth::ViewUsers>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<Session>>, Problem> {
    let (db, policy) = (&call.ctx.state.db, &call.ctx.state.sessions);
    let rows = user_sessions::list(db, policy, id, None, db.now())
        .await
        .map_err(|e| call.fail(e))?;
    Ok(Json(rows.into_iter().map(Into::into).collect()))
}

/// Signs the user out everywhere: each browser is sent to sign in at its next request.
#[utoipa::path(post, path = "/api/v1/users/{id}/logout", tag = "users",
    params(("id" = Uuid, Path, description = "The user's id")),
    responses((status = 204, description = "Signed out everywhere")))]
pub async fn end_all_sessions(
    Allowed(call, _): Allowed<auth::EditUsers>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<StatusCode, Problem> {
    user_sessions::end(&call.ctx.state.db, id, Which::All, &call.actor())
        .await
        .map_err(|e| call.fail(e))?;
    Ok(StatusCode::NO_CONTENT)
}

/// Signs the user out of one session.
#[utoipa::path(delete, path = "/api/v1/users/{id}/sessions/{session_id}", tag = "users",
    params(("id" = Uuid, Path, description = "The user's id"),
        ("session_id" = String, Path, description = "The session's id from the list")),
    responses((status = 204, description = "Signed out of that session")))]
pub async fn end_session(
    Allowed(call, _): Allowed<auth::EditUsers>,
    ApiPath((id, session)): ApiPath<(Uuid, String)>,
) -> Result<StatusCode, Problem> {
    let which = Which::One(&session);
    user_sessions::end(&call.ctx.state.db, id, which, &call.actor())
        .await
        .map_err(|e| call.fail(e))?;
    Ok(StatusCode::NO_CONTENT)
}
