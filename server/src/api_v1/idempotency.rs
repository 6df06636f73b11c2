//! `Idempotency-Key` on POST: the first answer to a key is kept for 24 hours and replayed to
//! the same token for the same request, so a client that lost an answer can retry without
//! creating twice. The key is claimed before the request runs (a row with status 0), so two
//! concurrent retries cannot both act: the second gets 409 until the first is done.
use super::problem::Problem;
use app::db::api_idempotency as rows;
use app::service::api_tokens;
use app::state::AppState;
use axum::body::{to_bytes, Body};
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use chrono::Duration;
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};

const HEADER: &str = "idempotency-key";
const KEPT: Duration = Duration::hours(24);
const KEY_MAX: usize = 255;
/// Headers of the first answer that a replay repeats.
const REPLAYED: [&str; 3] = ["location", "etag", "content-type"];

pub async fn replay(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let Some(key) = req.headers().get(HEADER).cloned() else {
        return next.run(req).await;
    };
    // Only a caller with a working token gets a replay (one revoked since gets 401).
    let token = super::auth::bearer(req.headers())
        .unwrap_or_default()
        .to_owned();
    if let Err(e) = api_tokens::authenticate(&state.db, &token, None).await {
        let id = app::request::RequestId::of(req.headers()).0;
        return Problem::from(app::request::safe_error(e, &id, None)).into_response();
    }
    let key = match key.to_str() {
        Ok(k) if !k.is_empty() && k.len() <= KEY_MAX => k.to_owned(),
        _ => {
            let message = format!("Use a key of 1 to {KEY_MAX} visible ASCII characters.");
            return Problem::invalid("Idempotency-Key", message).into_response();
        }
    };
    let (parts, body) = req.into_parts();
    let Ok(bytes) = to_bytes(body, crate::router::BODY_LIMIT).await else {
        return Problem::malformed("The request body could not be read.").into_response();
    };
    let mut request = Sha256::new();
    request.update(parts.uri.path().as_bytes());
    request.update(&bytes);
    let request_hash = request.finalize().to_vec();
    let token_hash = Sha256::digest(token.as_bytes()).to_vec();
    match claim(&state, &token_hash, &key, &request_hash).await {
        Ok(Claim::New) => {}
        Ok(Claim::Done(row)) if row.request_hash == request_hash => return replayed(row),
        Ok(Claim::Done(_)) | Ok(Claim::Running(false)) => {
            return Problem::invalid(
                "Idempotency-Key",
                "This key was used with another request: use a new key for a new request.",
            )
            .into_response()
        }
        Ok(Claim::Running(true)) => {
            return Problem::new(
                StatusCode::CONFLICT,
                "in-progress",
                "Request in progress",
                "A request with this Idempotency-Key is still running: retry in a moment.",
            )
            .into_response()
        }
        Err(e) => {
            let id = app::request::RequestId::of(&parts.headers).0;
            return Problem::from(app::request::safe_error(e.into(), &id, None)).into_response();
        }
    }
    let response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    finish(&state, &token_hash, &key, response).await
}

enum Claim {
    New,
    Done(rows::Model),
    /// Still running; whether it is the same request.
    Running(bool),
}

async fn claim(
    state: &AppState,
    token_hash: &[u8],
    key: &str,
    request_hash: &[u8],
) -> Result<Claim, sea_orm::DbErr> {
    let db = &state.db;
    let now = db.now();
    rows::Entity::delete_many()
        .filter(rows::Column::CreatedAt.lt(now - KEPT))
        .exec(db)
        .await?;
    let placeholder = rows::ActiveModel {
        token_hash: Set(token_hash.to_vec()),
        key: Set(key.to_owned()),
        request_hash: Set(request_hash.to_vec()),
        status: Set(0),
        headers: Set("{}".into()),
        body: Set(String::new()),
        created_at: Set(now),
    };
    let inserted = rows::Entity::insert(placeholder)
        .on_conflict(
            OnConflict::columns([rows::Column::TokenHash, rows::Column::Key])
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    if inserted == 1 {
        return Ok(Claim::New);
    }
    let existing = rows::Entity::find_by_id((token_hash.to_vec(), key.to_owned()))
        .one(db)
        .await?;
    Ok(match existing {
        Some(row) if row.status == 0 => Claim::Running(row.request_hash == request_hash),
        Some(row) => Claim::Done(row),
        // Expired and deleted in between: act as new (a rare, harmless race).
        None => Claim::New,
    })
}

/// Keeps a definite answer for replay; an answer that says nothing about the request (a
/// server error, an authentication or rate refusal) frees the key for a retry instead.
async fn finish(state: &AppState, token_hash: &[u8], key: &str, response: Response) -> Response {
    let db = &state.db;
    let mine = rows::Entity::delete_many()
        .filter(rows::Column::TokenHash.eq(token_hash.to_vec()))
        .filter(rows::Column::Key.eq(key));
    let status = response.status();
    let keep = !(status.is_server_error() || matches!(status.as_u16(), 401 | 403 | 429));
    if !keep {
        if let Err(e) = mine.exec(db).await {
            tracing::error!(error = %e, "idempotency: could not free a key");
        }
        return response;
    }
    let (parts, body) = response.into_parts();
    let Ok(bytes) = to_bytes(body, 16 * 1024 * 1024).await else {
        return (StatusCode::INTERNAL_SERVER_ERROR, "answer too large").into_response();
    };
    let headers: serde_json::Map<String, serde_json::Value> = REPLAYED
        .iter()
        .filter_map(|name| {
            let value = parts.headers.get(*name)?.to_str().ok()?;
            Some(((*name).to_owned(), value.into()))
        })
        .collect();
    let saved = rows::Entity::update_many()
        .col_expr(rows::Column::Status, i32::from(status.as_u16()).into())
        .col_expr(
            rows::Column::Headers,
            serde_json::Value::Object(headers).to_string().into(),
        )
        .col_expr(
            rows::Column::Body,
            String::from_utf8_lossy(&bytes).into_owned().into(),
        )
        .filter(rows::Column::TokenHash.eq(token_hash.to_vec()))
        .filter(rows::Column::Key.eq(key))
        .exec(db)
        .await;
    if let Err(e) = saved {
        tracing::error!(error = %e, "idempotency: could not keep an answer");
    }
    Response::from_parts(parts, Body::from(bytes))
}

fn replayed(row: rows::Model) -> Response {
    let status = u16::try_from(row.status)
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::OK);
    let mut headers = HeaderMap::new();
    if let Ok(serde_json::Value::Object(saved)) = serde_json::from_str(&row.headers) {
        for (name, value) in saved {
            let (Ok(name), Some(Ok(value))) = (
                HeaderName::try_from(name),
                value.as_str().map(HeaderValue::from_str),
            ) else {
                continue;
            };
            headers.insert(name, value);
        }
    }
    headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    (status, headers, row.body).into_response()
}
