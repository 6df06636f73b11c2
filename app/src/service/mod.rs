//! Business rules. Each function takes a database connection and returns a typed error; none
//! knows about HTTP or Leptos.
pub mod account;
pub mod activity;
pub mod associations;
pub mod audit;
mod authenticator;
pub mod client_list;
pub mod clients;
pub mod dashboard;
pub mod devices;
mod error;
pub mod impersonation;
pub mod lockout;
pub mod mail;
mod paging;
pub mod roles;
pub mod self_service;
pub mod sessions;
pub mod sign_in_audit;
pub mod sign_in_history;
pub mod staff;
pub mod staff_admin;
pub mod staff_invitations;
pub mod staff_profile;
pub mod staff_rules;
pub mod staff_sign_in;
pub mod throttle;
pub mod transaction;
pub mod user_clients;
pub mod user_list;
pub(crate) mod user_pages;
pub mod user_picker;
pub mod user_sessions;
pub mod user_sign_in;
pub mod users;
pub mod versioned;

pub use error::ServiceError;
