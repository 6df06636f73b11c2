use super::conflict::{Conflict, Current};
use super::messages::Message;
use super::user_form::FieldError;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// The one error that crosses the wire. Its messages are written for people; database and
/// library text never goes in here (the server logs it with the request id instead).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("{message}")]
    Validation { field: String, message: Message },
    /// Several fields need attention; each message goes next to its field (in English, all of
    /// them in one line).
    #[error("{}", join(.0))]
    Fields(Vec<FieldError>),
    /// Someone else saved the record after the form was opened.
    #[error("This {} was changed by {} at {}.", .0.current.noun(), .0.by, .0.at)]
    Changed(Box<Conflict<Current>>),
    /// A user who owns clients cannot be deleted; the names of those clients.
    #[error("This user owns {}: move ownership to another user first.", .0.join(", "))]
    OwnsClients(Vec<String>),
    #[error(
        "This record was changed by someone else in the meantime. Reload to see their changes."
    )]
    Conflict,
    #[error("Not found.")]
    NotFound,
    /// Not signed in, or the sign-in failed (the message is generic on purpose).
    #[error("{0}")]
    Unauthorized(Message),
    #[error("You do not have permission to do this.")]
    Forbidden,
    #[error("Too many attempts. Try again in {retry_after_secs} seconds.")]
    RateLimited { retry_after_secs: u64 },
    #[error("Something went wrong on our side. Request id: {request_id}.")]
    Internal { request_id: String },
    /// The request did not reach the server or its answer could not be read.
    #[error("The request could not be completed. Check your connection and try again.")]
    Transport,
}

impl AppError {
    pub fn validation(field: &str, message: Message) -> Self {
        Self::Validation {
            field: field.to_owned(),
            message,
        }
    }

    pub fn not_signed_in() -> Self {
        Self::Unauthorized(Message::NotSignedIn)
    }

    /// The one message for every failed sign-in step: it must not tell an attacker which part
    /// (email, password or code) was wrong.
    pub fn sign_in_failed() -> Self {
        Self::Unauthorized(Message::SignInFailed)
    }

    /// The field a validation error belongs to, if any.
    pub fn field(&self) -> Option<&str> {
        match self {
            Self::Validation { field, .. } => Some(field),
            _ => None,
        }
    }
}

fn join(list: &[FieldError]) -> String {
    let all: Vec<String> = list.iter().map(|e| e.message.to_string()).collect();
    all.join(" ")
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // Bad arguments are the caller's fault; their text comes from serde, not from us.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => Self::Validation {
                field: String::new(),
                message: Message::Malformed,
            },
            _ => Self::Transport,
        }
    }
}
