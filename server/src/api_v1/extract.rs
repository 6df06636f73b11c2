//! The API's extractors: a JSON body, a query string and `If-Match`, each refused as a
//! problem that names the field at fault in our words (never serde's text).
use super::problem::Problem;
use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::{header, request::Parts, StatusCode};
use serde::de::DeserializeOwned;

/// A JSON request body.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = Problem;

    async fn from_request(req: Request, state: &S) -> Result<Self, Problem> {
        let json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .is_some_and(|m| {
                let m = m.trim().to_ascii_lowercase();
                m == "application/json" || m.ends_with("+json")
            });
        if !json {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported-media-type",
                "Unsupported media type",
                "Send the body as JSON, with Content-Type: application/json.",
            ));
        }
        let bytes = Bytes::from_request(req, state)
            .await
            .map_err(|_| Problem::malformed("The request body could not be read."))?;
        if bytes.windows(6).any(|w| w == b"\\u0000") {
            return Err(no_nul());
        }
        let mut reader = serde_json::Deserializer::from_slice(&bytes);
        let value = serde_path_to_error::deserialize(&mut reader).map_err(|e| {
            if e.inner().is_syntax() || e.inner().is_eof() {
                return Problem::malformed("The body is not valid JSON.");
            }
            explain(&e.path().to_string(), &e.inner().to_string())
        })?;
        reader
            .end()
            .map_err(|_| Problem::malformed("The body holds more than one JSON value."))?;
        Ok(Self(value))
    }
}

/// A query string.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Problem> {
        let query = parts.uri.query().unwrap_or_default();
        if form_urlencoded::parse(query.as_bytes())
            .any(|(k, v)| k.contains('\0') || v.contains('\0'))
        {
            return Err(no_nul());
        }
        let reader = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(reader)
            .map(Self)
            .map_err(|e| explain(&e.path().to_string(), &e.inner().to_string()))
    }
}

/// Text with the NUL character, which no field holds (PostgreSQL cannot store it).
fn no_nul() -> Problem {
    Problem::invalid("", app::model::messages::Message::NulCharacter.to_string())
}

/// A 400 naming the field: missing, unknown, or of the wrong type or value. serde's own
/// words are only read here to tell those apart.
fn explain(path: &str, serde_text: &str) -> Problem {
    let quoted = |text: &str| text.split('`').nth(1).map(str::to_owned);
    let (field, message) = if serde_text.starts_with("missing field") {
        let name = quoted(serde_text).unwrap_or_default();
        (name, "This field is required.".to_owned())
    } else if serde_text.starts_with("unknown field") {
        let name = quoted(serde_text).unwrap_or_default();
        (
            name,
            "There is no such field: see the API reference.".to_owned(),
        )
    } else {
        let field = if path == "." {
            String::new()
        } else {
            path.to_owned()
        };
        (
            field,
            "This value is not of the type or among the values the API reference lists.".to_owned(),
        )
    };
    let mut problem = Problem::malformed(if field.is_empty() {
        message.clone()
    } else {
        format!("{field}: {message}")
    });
    problem
        .errors
        .push(super::problem::FieldProblem { field, message });
    problem
}

/// A path parameter, e.g. an id (a malformed one is a 400 problem, not axum's plain text).
pub struct ApiPath<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned + Send> FromRequestParts<S> for ApiPath<T> {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(v)| Self(v))
            .map_err(|_| {
                let mut problem = Problem::malformed("id: not a UUID.");
                problem.errors.push(super::problem::FieldProblem {
                    field: "id".into(),
                    message: "Not a UUID.".into(),
                });
                problem
            })
    }
}

/// What `If-Match` names: an entity tag (`"3"`, or `W/"3"`), or `*` for whatever is current.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IfMatch {
    Tag(String),
    Any,
}

impl<S: Send + Sync> FromRequestParts<S> for IfMatch {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Problem> {
        // An empty header says no more than a missing one.
        let text = match parts.headers.get(header::IF_MATCH) {
            Some(value) if !value.as_bytes().trim_ascii().is_empty() => {
                value.to_str().unwrap_or_default().trim()
            }
            _ => return Err(Problem::precondition_required()),
        };
        if text == "*" {
            return Ok(Self::Any);
        }
        let tag = text.strip_prefix("W/").unwrap_or(text);
        tag.strip_prefix('"')
            .and_then(|t| t.strip_suffix('"'))
            .filter(|t| {
                !t.is_empty() && t.len() <= 64 && t.chars().all(|c| c.is_ascii_alphanumeric())
            })
            .map(|t| Self::Tag(t.to_owned()))
            .ok_or_else(|| {
                let message = "Send an ETag as read, e.g. \"3\", or *.";
                let mut problem = Problem::malformed(format!("If-Match: {message}"));
                problem.errors.push(super::problem::FieldProblem {
                    field: "If-Match".into(),
                    message: message.into(),
                });
                problem
            })
    }
}

impl IfMatch {
    /// The version to save at (the service refuses it if it is no longer current): the one
    /// named, or `current` for `*`; 412 for a tag that is no version at all.
    pub fn version_or(&self, current: i32) -> Result<i32, Problem> {
        match self {
            Self::Any => Ok(current),
            Self::Tag(tag) => tag.parse().map_err(|_| super::stale()),
        }
    }

    /// 412 unless this names `current` (an ETag without its quotes) or is `*`.
    pub fn check(&self, current: &str) -> Result<(), Problem> {
        match self {
            Self::Tag(tag) if tag != current => Err(super::stale()),
            _ => Ok(()),
        }
    }
}

/// An `ETag` header value for a version.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}
