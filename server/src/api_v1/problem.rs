//! Errors as RFC 9457 problem details. Each kind has a `type` URI under the API reference
//! (`/api/docs#problem-...`); `detail` is the same sentence the console shows, and
//! `errors` names each field to fix. Database and library text never gets here: service
//! errors pass through `app::request::safe_error` first.
use app::model::AppError;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use utoipa::ToSchema;

/// A problem with the request or the server (RFC 9457), as `application/problem+json`.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem.
    #[serde(rename = "type", serialize_with = "type_uri")]
    #[schema(value_type = String)]
    pub kind: &'static str,
    /// The kind in words, the same for every problem of this type.
    pub title: &'static str,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request, for people.
    pub detail: String,
    /// The fields to fix, each with its message (validation problems only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldProblem>,
    /// Quote it when asking for help with a server error.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// Seconds to wait (sent as `Retry-After`).
    #[serde(skip)]
    #[schema(ignore)]
    pub retry_after: Option<u32>,
}

/// One field's message.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FieldProblem {
    /// The field's name in the request body or query (empty: the request as a whole).
    pub field: String,
    pub message: String,
}

/// A kind as its URI in the API reference.
fn type_uri<S: serde::Serializer>(kind: &&'static str, out: S) -> Result<S::Ok, S::Error> {
    out.serialize_str(&format!("/api/docs#problem-{kind}"))
}

impl Problem {
    pub fn new(
        status: StatusCode,
        kind: &'static str,
        title: &'static str,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            title,
            status: status.as_u16(),
            detail: detail.into(),
            errors: Vec::new(),
            request_id: None,
            retry_after: None,
        }
    }

    /// A request the API cannot read (bad JSON, a wrong type, an unknown field or parameter).
    pub fn malformed(detail: impl Into<String>) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            "malformed",
            "Malformed request",
            detail,
        )
    }

    pub fn invalid(field: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut problem = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation",
            "Invalid input",
            message.clone(),
        );
        problem.errors.push(FieldProblem {
            field: field.to_owned(),
            message,
        });
        problem
    }

    pub fn precondition_required() -> Self {
        Self::new(
            StatusCode::PRECONDITION_REQUIRED,
            "if-match-required",
            "If-Match required",
            "Send the ETag you read in If-Match, so that a change made meanwhile is not overwritten.",
        )
    }

    pub fn not_found() -> Self {
        AppError::NotFound.into()
    }

    pub fn forbidden() -> Self {
        AppError::Forbidden.into()
    }
}

impl From<AppError> for Problem {
    fn from(error: AppError) -> Self {
        let detail = error.to_string();
        let (status, kind, title) = match &error {
            AppError::Validation { .. } | AppError::Fields(_) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation",
                "Invalid input",
            ),
            // The API's only version is If-Match's, so a newer one means that header was stale.
            AppError::Changed(_) => (
                StatusCode::PRECONDITION_FAILED,
                "stale",
                "Changed meanwhile",
            ),
            AppError::OwnsClients(_) => (StatusCode::CONFLICT, "owns-clients", "Owns clients"),
            AppError::Conflict => (StatusCode::CONFLICT, "conflict", "Conflicting change"),
            AppError::NotFound => (StatusCode::NOT_FOUND, "not-found", "Not found"),
            AppError::Unauthorized(_) => (
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "Authentication required",
            ),
            AppError::Forbidden => (StatusCode::FORBIDDEN, "forbidden", "Not allowed"),
            AppError::RateLimited { .. } => (
                StatusCode::TOO_MANY_REQUESTS,
                "rate-limited",
                "Too many requests",
            ),
            AppError::Internal { .. } | AppError::Transport => (
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal",
                "Server error",
            ),
        };
        let mut problem = Self::new(status, kind, title, detail);
        match error {
            AppError::Validation { field, message } => problem.errors.push(FieldProblem {
                field,
                message: message.to_string(),
            }),
            AppError::Fields(list) => {
                problem.errors = list
                    .into_iter()
                    .map(|e| FieldProblem {
                        field: e.field,
                        message: e.message.to_string(),
                    })
                    .collect();
            }
            AppError::Unauthorized(_) => {
                problem.detail = "Send a valid API token: Authorization: Bearer rst_...".into();
            }
            AppError::RateLimited { retry_after_secs } => {
                problem.retry_after = Some(u32::try_from(retry_after_secs).unwrap_or(u32::MAX))
            }
            AppError::Internal { request_id } => problem.request_id = Some(request_id),
            _ => {}
        }
        problem
    }
}

impl IntoResponse for Problem {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let retry_after = self.retry_after;
        let mut response = (status, axum::Json(self)).into_response();
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        if let Some(secs) = retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if status == StatusCode::UNAUTHORIZED {
            headers.insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Bearer realm=\"roster\""),
            );
        }
        response
    }
}
