//! `POST /admin/users/import`: the CSV upload, a multipart form that works without JavaScript.
//! The file is written to a temporary file as it arrives (memory stays bounded), read into an
//! import (`app::service::import`), then the browser goes to the import's page to choose the
//! mapping; a file that cannot be read comes back to the upload page with the reason.
use app::auth::guard::require_staff;
use app::model::Permission;
use app::request::RequestCtx;
use app::service::ServiceError;
use app::state::AppState;
use axum::extract::{Multipart, State};
use axum::http::{request::Parts, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use tokio::io::AsyncWriteExt;

/// The largest upload: a million users' rows with room to spare.
pub const UPLOAD_LIMIT: usize = 512 * 1024 * 1024;

pub async fn upload(State(state): State<AppState>, parts: Parts, mut form: Multipart) -> Response {
    let ctx = RequestCtx {
        state: state.clone(),
        parts,
    };
    let me = match require_staff(&ctx, Some(Permission::UsersCreate)).await {
        Ok(me) if me.can(Permission::UsersEdit) => me,
        Ok(_) => return StatusCode::FORBIDDEN.into_response(),
        Err(app::model::AppError::Unauthorized(_)) => {
            return StatusCode::UNAUTHORIZED.into_response()
        }
        Err(_) => return StatusCode::FORBIDDEN.into_response(),
    };
    let path = std::env::temp_dir().join(format!("roster-upload-{}.csv", uuid::Uuid::now_v7()));
    let name = match receive(&mut form, &path).await {
        Ok(Some(name)) => name,
        Ok(None) => return back("Choose a CSV file to upload."),
        Err(e) => {
            tracing::warn!(error = %e, "import upload interrupted");
            let _ = tokio::fs::remove_file(&path).await;
            return back("The upload did not complete: try again.");
        }
    };
    let actor = ctx.staff_actor(&me);
    let stored = app::service::import::store(&state.db, path.clone(), &name, &actor).await;
    let _ = tokio::fs::remove_file(&path).await;
    match stored {
        Ok(id) => Redirect::to(&format!("/admin/users/import/{id}")).into_response(),
        Err(ServiceError::Validation { message, .. }) => back(&message.to_string()),
        Err(e) => {
            tracing::error!(request_id = %ctx.request_id(), error = %e, "import upload failed");
            StatusCode::INTERNAL_SERVER_ERROR.into_response()
        }
    }
}

/// Writes the form's `file` to `path`; its name, or None without one.
async fn receive(form: &mut Multipart, path: &std::path::Path) -> Result<Option<String>, String> {
    while let Some(mut field) = form.next_field().await.map_err(|e| e.to_string())? {
        if field.name() != Some("file") {
            continue;
        }
        let name = field.file_name().unwrap_or("upload.csv").to_owned();
        let mut out = tokio::fs::File::create(path)
            .await
            .map_err(|e| e.to_string())?;
        let mut size = 0usize;
        while let Some(chunk) = field.chunk().await.map_err(|e| e.to_string())? {
            size += chunk.len();
            out.write_all(&chunk).await.map_err(|e| e.to_string())?;
        }
        out.flush().await.map_err(|e| e.to_string())?;
        return Ok((size > 0).then_some(name));
    }
    Ok(None)
}

/// Back to the upload page, saying why.
fn back(reason: &str) -> Response {
    let query: String = form_urlencoded::Serializer::new(String::new())
        .append_pair("error", reason)
        .finish();
    Redirect::to(&format!("/admin/users/import?{query}")).into_response()
}
