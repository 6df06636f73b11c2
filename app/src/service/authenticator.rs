//! What staff and users share of their authenticator (TOTP) secret: opening it, checking a
//! code against it, and the secret to enrol with. Their tables differ; the steps do not.
use crate::auth::{secret_box::SecretBox, totp};
use crate::model::Enrolment;
use crate::service::ServiceError;
use chrono::{DateTime, Utc};
use sea_orm::DbErr;
use std::future::Future;

pub fn open_secret(secrets: &SecretBox, sealed: Option<&[u8]>) -> Result<Vec<u8>, ServiceError> {
    let sealed = sealed.ok_or(ServiceError::SignInRefused("no authenticator secret"))?;
    secrets
        .open(sealed)
        .ok_or_else(|| ServiceError::Internal("TOTP secret does not open with this key".into()))
}

/// The time step `code` stands for, if it is valid now and later than `last_step`.
pub fn step_of(
    secret: &[u8],
    code: &str,
    now: DateTime<Utc>,
    last_step: Option<i64>,
) -> Option<i64> {
    totp::verify(secret, code, now.timestamp().max(0) as u64, last_step)
}

/// What an authenticator app needs to add `secret` for `email`.
pub fn provisioning(secret: &[u8], email: String) -> Result<Enrolment, ServiceError> {
    let (otpauth_uri, qr_png_base64) = totp::provisioning(secret, &email)
        .ok_or_else(|| ServiceError::Internal("cannot build provisioning URI".into()))?;
    Ok(Enrolment {
        email,
        secret_base32: totp::to_base32(secret),
        otpauth_uri,
        qr_png_base64,
        must_change_password: false,
        pending: None,
    })
}

/// The secret to enrol with: the one stored already, else a new one. `store` saves a sealed
/// secret only where none is stored yet and says whether it did; when a concurrent request
/// stored theirs first, `reload` gives that one, so every request shows the same secret.
pub async fn enrolment<S, R>(
    secrets: &SecretBox,
    stored: Option<&[u8]>,
    email: String,
    store: impl FnOnce(Vec<u8>) -> S,
    reload: impl FnOnce() -> R,
) -> Result<Enrolment, ServiceError>
where
    S: Future<Output = Result<bool, DbErr>>,
    R: Future<Output = Result<Option<Vec<u8>>, ServiceError>>,
{
    let secret = match stored {
        Some(_) => open_secret(secrets, stored)?,
        None => {
            let secret = totp::new_secret();
            if store(secrets.seal(&secret)).await? {
                secret
            } else {
                open_secret(secrets, reload().await?.as_deref())?
            }
        }
    };
    provisioning(&secret, email)
}
