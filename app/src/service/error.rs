use crate::model::messages::Message;
use crate::model::user_form::FieldError;
use crate::model::{Conflict, Current};
use sea_orm::DbErr;

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error("invalid {field}: {message}")]
    Validation {
        field: &'static str,
        message: Message,
    },
    #[error("invalid fields: {0:?}")]
    Fields(Vec<FieldError>),
    #[error("{} changed meanwhile by {}", .0.current.noun(), .0.by)]
    Changed(Box<Conflict<Current>>),
    #[error("owns clients: {0:?}")]
    OwnsClients(Vec<String>),
    /// Wrong email, password or code; the reason is logged, never shown.
    #[error("sign-in refused: {0}")]
    SignInRefused(&'static str),
    /// A correct password, but the account may not sign in; the message is for the user.
    #[error("sign-in blocked: {0}")]
    SignInBlocked(Message),
    /// Too many failed attempts: wait this many seconds.
    #[error("too many attempts; retry in {0} s")]
    TooManyAttempts(u64),
    #[error("not signed in")]
    NotSignedIn,
    /// A link from a message that cannot be used (the page says why).
    #[error("link refused: {0}")]
    Link(crate::model::mail::LinkError),
    #[error("permission missing")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("conflicting change")]
    Conflict,
    #[error("database: {0}")]
    Db(#[from] DbErr),
    #[error("internal: {0}")]
    Internal(String),
}

impl ServiceError {
    pub fn validation(field: &'static str, message: Message) -> Self {
        Self::Validation { field, message }
    }
}
