//! `GET /admin/export/users.csv`: Manage Users' rows as CSV, streamed. The query string is the
//! list's own (search, filters, sort) plus `columns` and `excel=1`; a staff session with
//! View users is required, and each export is audited.
use app::auth::guard::require_staff;
use app::model::export::columns_from;
use app::model::user_list::UserListQuery;
use app::model::{AppError, Permission};
use app::request::RequestCtx;
use app::service::export::{export_users, CsvFormat};
use app::state::AppState;
use axum::body::Body;
use axum::extract::{Query, State};
use axum::http::{header, request::Parts, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;

pub async fn users_csv(
    State(state): State<AppState>,
    parts: Parts,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let ctx = RequestCtx {
        state: state.clone(),
        parts,
    };
    let me = match require_staff(&ctx, Some(Permission::UsersView)).await {
        Ok(me) => me,
        Err(e @ AppError::Unauthorized(_)) => {
            return (StatusCode::UNAUTHORIZED, e.to_string()).into_response()
        }
        Err(e @ AppError::Forbidden) => {
            return (StatusCode::FORBIDDEN, e.to_string()).into_response()
        }
        Err(e) => return (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    };
    // `columns` comes once per checked box (the form) or as one list (`a,b`).
    let chosen: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "columns")
        .map(|(_, v)| v.as_str())
        .collect();
    let params: HashMap<String, String> = pairs.iter().cloned().collect();
    let query = UserListQuery::from_params(|k| params.get(k).cloned());
    let columns = columns_from(Some(&chosen.join(",")));
    let format = CsvFormat {
        excel: params.get("excel").is_some_and(|v| v == "1"),
    };
    let actor = ctx.staff_actor(&me);
    // A few chunks in flight at most: the database is read as fast as the download goes.
    let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    let db = state.db.clone();
    let request_id = ctx.request_id();
    tokio::spawn(async move {
        if let Err(e) = export_users(&db, &query, &columns, format, &actor, tx).await {
            tracing::error!(%request_id, error = %e, "users export failed");
        }
    });
    let chunks = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|chunk| (Ok::<_, std::io::Error>(chunk), rx))
    });
    let body = Body::from_stream(chunks);
    let filename = format!(
        "attachment; filename=\"users-{}.csv\"",
        state.db.now().format("%Y-%m-%d")
    );
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&filename) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
