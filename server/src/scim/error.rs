//! SCIM error responses (RFC 7644 §3.12): `status` as a string, `scimType` for the 400s and
//! 409s a provider can act on, and `detail` in words. Like the API's problems, they never
//! carry database or library text: service errors pass through `safe_error` first.
use super::SCIM_JSON;
use crate::api_v1::problem::Problem;
use app::model::messages::Message;
use app::model::user_form::FieldError;
use app::model::AppError;
use app::service::scim::ScimError;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;

pub const ERROR_SCHEMA: &str = "urn:ietf:params:scim:api:messages:2.0:Error";

#[derive(Debug, Clone)]
pub struct ScimProblem {
    pub status: StatusCode,
    pub scim_type: Option<&'static str>,
    pub detail: String,
    pub retry_after: Option<u32>,
}

impl ScimProblem {
    pub fn new(
        status: StatusCode,
        scim_type: Option<&'static str>,
        detail: impl Into<String>,
    ) -> Self {
        Self {
            status,
            scim_type,
            detail: detail.into(),
            retry_after: None,
        }
    }

    pub fn bad(scim_type: &'static str, detail: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, Some(scim_type), detail)
    }

    pub fn not_found() -> Self {
        Self::new(StatusCode::NOT_FOUND, None, "No such resource.")
    }

    pub fn forbidden() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            None,
            "This token's scopes or its owner's role do not allow this.",
        )
    }

    pub fn stale() -> Self {
        Self::new(
            StatusCode::PRECONDITION_FAILED,
            None,
            "This resource changed since the version in If-Match: read it again.",
        )
    }
}

impl IntoResponse for ScimProblem {
    fn into_response(self) -> Response {
        let mut body = json!({
            "schemas": [ERROR_SCHEMA],
            "status": self.status.as_u16().to_string(),
            "detail": self.detail,
        });
        if let Some(scim_type) = self.scim_type {
            body["scimType"] = json!(scim_type);
        }
        let mut response = (self.status, body.to_string()).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(SCIM_JSON));
        if let Some(secs) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            // RFC 6750: how to authenticate.
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// The API's refusals (no token, rate limit) as SCIM errors.
impl From<Problem> for ScimProblem {
    fn from(problem: Problem) -> Self {
        let status =
            StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        Self {
            status,
            scim_type: None,
            detail: problem.detail,
            retry_after: problem.retry_after,
        }
    }
}

impl From<AppError> for ScimProblem {
    fn from(error: AppError) -> Self {
        let fields = match &error {
            AppError::Validation { field, message } => vec![FieldError {
                field: field.clone(),
                message: message.clone(),
            }],
            AppError::Fields(list) => list.clone(),
            _ => vec![],
        };
        if !fields.is_empty() {
            let taken = fields.iter().any(|f| {
                matches!(
                    f.message,
                    Message::EmailTaken
                        | Message::UserNameTaken
                        | Message::CompanyTaken
                        | Message::TaxIdTaken
                )
            });
            let detail = fields
                .iter()
                .map(|f| format!("{}: {}", attribute(&f.field), f.message))
                .collect::<Vec<_>>()
                .join(" ");
            return match taken {
                true => Self::new(StatusCode::CONFLICT, Some("uniqueness"), detail),
                false => Self::bad("invalidValue", detail),
            };
        }
        match error {
            AppError::Changed(_) => Self::stale(),
            AppError::OwnsClients(names) => Self::new(
                StatusCode::CONFLICT,
                None,
                format!(
                    "This user owns client accounts ({}): move their ownership in Roster first.",
                    names.join(", ")
                ),
            ),
            AppError::RateLimited { retry_after_secs } => Self {
                retry_after: Some(u32::try_from(retry_after_secs).unwrap_or(u32::MAX)),
                ..Self::new(StatusCode::TOO_MANY_REQUESTS, None, error.to_string())
            },
            AppError::NotFound => Self::not_found(),
            AppError::Forbidden => Self::forbidden(),
            AppError::Unauthorized(_) => {
                Self::new(StatusCode::UNAUTHORIZED, None, error.to_string())
            }
            AppError::Conflict => Self::new(StatusCode::CONFLICT, None, error.to_string()),
            other => Self::new(StatusCode::INTERNAL_SERVER_ERROR, None, other.to_string()),
        }
    }
}

/// A form field by the SCIM attribute that fills it.
fn attribute(field: &str) -> &str {
    match field {
        "email" => "emails",
        "user_name" => "userName",
        "first_name" => "name.givenName",
        "last_name" => "name.familyName",
        "language" => "preferredLanguage",
        "admin_notes" => "adminNotes",
        "company_name" => "displayName",
        "user" => "members",
        other => other,
    }
}

/// A service's answer as a SCIM error; `fail` turns service errors into what a client may see.
pub fn scim_error(
    error: ScimError,
    fail: impl FnOnce(app::service::ServiceError) -> AppError,
) -> ScimProblem {
    match error {
        ScimError::Filter(detail) => ScimProblem::bad("invalidFilter", detail),
        ScimError::Value(detail) => ScimProblem::bad("invalidValue", detail),
        ScimError::Stale => ScimProblem::stale(),
        ScimError::Service(e) => fail(e).into(),
    }
}
