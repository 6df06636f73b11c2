//! `#[server]` functions: public HTTP endpoints. Each one resolves the caller, checks the
//! permission, validates, calls one service function and maps the result.
mod activity;
mod api_tokens;
mod clients;
mod dashboard;
mod impersonation;
mod import;
mod jobs;
#[cfg(feature = "ssr")]
pub mod live;
mod mail;
mod passkeys;
mod profile;
mod roles;
mod self_service;
mod sessions;
mod staff;
mod staff_auth;
mod staff_invitations;
mod user_auth;
mod users;

pub use activity::*;
pub use api_tokens::*;
pub use clients::*;
pub use dashboard::*;
pub use impersonation::*;
pub use import::*;
pub use jobs::*;
pub use mail::*;
pub use passkeys::*;
pub use profile::*;
pub use roles::*;
pub use self_service::*;
pub use sessions::*;
pub use staff::*;
pub use staff_auth::*;
pub use staff_invitations::*;
pub use user_auth::*;
pub use users::*;
