//! Roster's shared crate: wire types and validation (`model`), Leptos pages (`ui`) and server
//! functions (`api`) for both the server and the browser; below them, server-only layers.
#![recursion_limit = "256"]

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod request;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "test-support")]
pub mod testing;

pub use ui::{shell, App};
