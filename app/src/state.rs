//! What every request handler shares. Cheap to clone: everything inside is a handle.
use crate::auth::{password::PasswordHasher, secret_box::SecretBox, session::SessionPolicy};
use axum::extract::FromRef;
use leptos::config::LeptosOptions;

#[derive(Clone)]
pub struct AppState {
    /// The database with its writer queue, caches and clock.
    pub db: crate::db::Db,
    pub secrets: SecretBox,
    pub hasher: PasswordHasher,
    pub sessions: SessionPolicy,
    pub sign_in: crate::service::user_sign_in::SignInPolicy,
    /// `ROSTER_TRUSTED_PROXIES`: whose forwarding headers name the caller.
    pub trusted_proxies: crate::client_ip::TrustedProxies,
    /// Committed changes, for the live consoles (`/api/live`).
    pub events: crate::events::EventBus,
    pub leptos_options: LeptosOptions,
    pub api: ApiPolicy,
    /// Roster as a WebAuthn relying party (from `ROSTER_PUBLIC_URL`), for passkeys.
    pub passkeys: crate::service::passkeys::RelyingParty,
}

/// The public API's settings.
#[derive(Clone, Debug)]
pub struct ApiPolicy {
    /// Requests per token per minute: on PostgreSQL counted in the database (every node shares
    /// the count), on SQLite in `local_counts`.
    pub per_minute: u32,
    pub local_counts: crate::service::throttle::LocalCounter,
    /// Web origins whose pages may call the API from a browser; none by default.
    pub cors_origins: Vec<String>,
}

impl Default for ApiPolicy {
    fn default() -> Self {
        Self {
            per_minute: 600,
            local_counts: Default::default(),
            cors_origins: Vec::new(),
        }
    }
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
