//! CSV downloads, streamed, for staff sessions with the list's View permission.
//! - `GET /admin/export/users.csv`, `/admin/export/clients.csv`: a list's rows. The query
//!   string is the list's own (search, filters, sort) plus `columns` and `excel=1`; each
//!   export is audited.
//! - `GET /admin/jobs/{id}/report.csv`: the users a bulk job could not change, and why.
use app::auth::guard::require_staff;
use app::db::Db;
use app::model::client_list::ClientListQuery;
use app::model::export::{columns_from, CLIENT_LIST_COLUMNS, LIST_COLUMNS};
use app::model::user_list::UserListQuery;
use app::model::{AppError, Permission, StaffMe};
use app::request::RequestCtx;
use app::service::audit::Actor;
use app::service::export::{export_clients, export_users, CsvFormat};
use app::service::ServiceError;
use app::state::AppState;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{header, request::Parts, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::collections::HashMap;
use tokio::sync::mpsc::Sender;

pub async fn users_csv(
    State(state): State<AppState>,
    parts: Parts,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let write = |db: Db, req: ExportRequest, actor: Actor, tx| async move {
        let query = UserListQuery::from_params(|k| req.params.get(k).cloned());
        let columns = columns_from(Some(&req.columns), LIST_COLUMNS);
        export_users(&db, &query, &columns, req.format, &actor, tx).await
    };
    export(state, parts, pairs, (Permission::UsersView, "users"), write).await
}

/// `GET /admin/export/clients.csv`: Manage Clients' rows, as the users' export (View clients).
pub async fn clients_csv(
    State(state): State<AppState>,
    parts: Parts,
    Query(pairs): Query<Vec<(String, String)>>,
) -> Response {
    let write = |db: Db, req: ExportRequest, actor: Actor, tx| async move {
        let query = ClientListQuery::from_params(|k| req.params.get(k).cloned());
        let columns = columns_from(Some(&req.columns), CLIENT_LIST_COLUMNS);
        export_clients(&db, &query, &columns, req.format, &actor, tx).await
    };
    export(
        state,
        parts,
        pairs,
        (Permission::ClientsView, "clients"),
        write,
    )
    .await
}

/// An export's request: the list's parameters, the columns (`columns` comes once per checked
/// box from the form, or as one list `a,b`) and the format.
struct ExportRequest {
    params: HashMap<String, String>,
    columns: String,
    format: CsvFormat,
}

/// Checks the list's View `permission`, then streams what `write` writes as `<list>-<date>.csv`.
async fn export<W, F>(
    state: AppState,
    parts: Parts,
    pairs: Vec<(String, String)>,
    (permission, list): (Permission, &'static str),
    write: W,
) -> Response
where
    W: FnOnce(Db, ExportRequest, Actor, Sender<Vec<u8>>) -> F + Send + 'static,
    F: std::future::Future<Output = Result<u64, ServiceError>> + Send + 'static,
{
    let ctx = RequestCtx {
        state: state.clone(),
        parts,
    };
    let me = match viewer(&ctx, permission).await {
        Ok(me) => me,
        Err(refused) => return refused,
    };
    let columns: Vec<&str> = pairs
        .iter()
        .filter(|(k, _)| k == "columns")
        .map(|(_, v)| v.as_str())
        .collect();
    let params: HashMap<String, String> = pairs.iter().cloned().collect();
    let request = ExportRequest {
        format: CsvFormat {
            excel: params.get("excel").is_some_and(|v| v == "1"),
        },
        columns: columns.join(","),
        params,
    };
    let actor = ctx.staff_actor(&me);
    // A few chunks in flight at most: the database is read as fast as the download goes.
    let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    let db = state.db.clone();
    let request_id = ctx.request_id();
    tokio::spawn(async move {
        if let Err(e) = write(db, request, actor, tx).await {
            tracing::error!(%request_id, error = %e, "{list} export failed");
        }
    });
    let filename = format!("{list}-{}.csv", state.db.now().format("%Y-%m-%d"));
    csv_download(rx, &filename)
}

/// A bulk job's report: who was not changed, and why.
pub async fn job_report_csv(
    State(state): State<AppState>,
    Path(id): Path<uuid::Uuid>,
    parts: Parts,
) -> Response {
    let ctx = RequestCtx {
        state: state.clone(),
        parts,
    };
    if let Err(refused) = viewer(&ctx, Permission::UsersView).await {
        return refused;
    }
    if let Err(e) = app::service::jobs::find(&state.db, id).await {
        return match e {
            ServiceError::NotFound => StatusCode::NOT_FOUND.into_response(),
            e => {
                tracing::error!(error = %e, "job report failed");
                StatusCode::INTERNAL_SERVER_ERROR.into_response()
            }
        };
    }
    let (tx, rx) = tokio::sync::mpsc::channel::<Vec<u8>>(4);
    let db = state.db.clone();
    tokio::spawn(async move {
        if let Err(e) = app::service::jobs::report_csv(&db, id, tx).await {
            tracing::error!(job = %id, error = %e, "job report failed");
        }
    });
    csv_download(rx, &format!("job-{id}-report.csv"))
}

/// A staff member with `permission`, or the answer that refuses the caller.
async fn viewer(ctx: &RequestCtx, permission: Permission) -> Result<StaffMe, Response> {
    match require_staff(ctx, Some(permission)).await {
        Ok(me) => Ok(me),
        Err(e @ AppError::Unauthorized(_)) => {
            Err((StatusCode::UNAUTHORIZED, e.to_string()).into_response())
        }
        Err(e @ AppError::Forbidden) => Err((StatusCode::FORBIDDEN, e.to_string()).into_response()),
        Err(e) => Err((StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response()),
    }
}

/// The chunks `rx` receives, as a CSV file download named `filename`.
fn csv_download(rx: tokio::sync::mpsc::Receiver<Vec<u8>>, filename: &str) -> Response {
    let chunks = futures::stream::unfold(rx, |mut rx| async move {
        rx.recv()
            .await
            .map(|chunk| (Ok::<_, std::io::Error>(chunk), rx))
    });
    let body = Body::from_stream(chunks);
    let disposition = format!("attachment; filename=\"{filename}\"");
    let mut response = body.into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    response
}
