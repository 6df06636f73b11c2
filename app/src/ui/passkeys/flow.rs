//! A ceremony from the page's side: ask the server for options, let the browser answer, and
//! hand the answer back. Each step's failure is kept apart, so the page can say whether the
//! browser or the server refused.
use super::browser::{self, BrowserRefusal};
use crate::api::{
    finish_passkey_registration, finish_passkey_second_factor, finish_passkey_sign_in,
    start_passkey_registration, start_passkey_second_factor, start_passkey_sign_in,
};
use crate::model::passkey::{PasskeyHolder, PasskeyRow};
use crate::model::AppError;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasskeyFailure {
    Browser(BrowserRefusal),
    Server(AppError),
}

impl From<AppError> for PasskeyFailure {
    fn from(e: AppError) -> Self {
        Self::Server(e)
    }
}

impl From<BrowserRefusal> for PasskeyFailure {
    fn from(e: BrowserRefusal) -> Self {
        Self::Browser(e)
    }
}

/// Registers a passkey on this device for the signed-in `holder`, named `name`.
pub async fn register(holder: PasskeyHolder, name: String) -> Result<PasskeyRow, PasskeyFailure> {
    let challenge = start_passkey_registration(holder).await?;
    let answer = browser::create(&challenge.options).await?;
    Ok(finish_passkey_registration(holder, challenge.ceremony, answer, name).await?)
}

/// Signs in with a passkey alone; returns where to go.
pub async fn sign_in(holder: PasskeyHolder) -> Result<String, PasskeyFailure> {
    let challenge = start_passkey_sign_in(holder).await?;
    let answer = browser::get(&challenge.options).await?;
    Ok(finish_passkey_sign_in(holder, challenge.ceremony, answer).await?)
}

/// A passkey as the second factor after the password; returns where to go.
pub async fn second_factor(holder: PasskeyHolder) -> Result<String, PasskeyFailure> {
    let challenge = start_passkey_second_factor(holder).await?;
    let answer = browser::get(&challenge.options).await?;
    Ok(finish_passkey_second_factor(holder, challenge.ceremony, answer).await?)
}

/// A full page load to `to`: the new session's pages render from the server.
pub fn go_to(to: &str) {
    #[cfg(feature = "hydrate")]
    {
        let _ = leptos::prelude::window().location().set_href(to);
    }
    #[cfg(not(feature = "hydrate"))]
    let _ = to;
}
