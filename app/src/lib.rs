//! Roster's shared crate: wire types and validation (`model`), Leptos pages (`ui`) and server
//! functions (`api`) for both the server and the browser; below them, server-only layers.
#![recursion_limit = "256"]

/// The client area's translations, generated from `locales/*.json` at compile time.
// `load_locales!` is deprecated in favour of a build script with `leptos_i18n_build`, which
// would add the ICU data generator and its HTTP client to every build for no gain here.
#[allow(deprecated)]
mod locales {
    leptos_i18n::load_locales!();
}
pub use locales::i18n;

pub mod api;
pub mod model;
pub mod ui;

#[cfg(feature = "ssr")]
pub mod auth;
#[cfg(feature = "ssr")]
pub mod client_ip;
#[cfg(feature = "ssr")]
pub mod clock;
#[cfg(feature = "ssr")]
pub mod csp;
#[cfg(feature = "ssr")]
pub mod db;
#[cfg(feature = "ssr")]
pub mod events;
#[cfg(feature = "ssr")]
pub mod request;
#[cfg(feature = "ssr")]
pub mod search;
#[cfg(feature = "ssr")]
pub mod service;
#[cfg(feature = "ssr")]
pub mod state;
#[cfg(feature = "test-support")]
pub mod testing;

pub use ui::{shell, App};
