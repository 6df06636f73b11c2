//! Light or dark. The page follows the system's `prefers-color-scheme` until staff choose;
//! the choice is remembered in this browser (localStorage) and applied before the first
//! paint by `public/theme.js`.
use super::icon::{lucide, Icon};
use leptos::prelude::*;

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
const KEY: &str = "roster-theme";

#[component]
pub fn ThemeToggle() -> impl IntoView {
    let dark = RwSignal::new(false);
    // After hydration: what the page shows now (a stored choice, else the system's).
    Effect::new(move |_| dark.set(shows_dark()));
    let toggle = move |_| {
        let next = !shows_dark();
        choose(if next { "dark" } else { "light" });
        dark.set(next);
    };
    let label = move || {
        if dark.get() {
            "Switch to light theme"
        } else {
            "Switch to dark theme"
        }
    };
    view! {
        <button type="button" class="icon theme-toggle" aria-label=label title=label on:click=toggle>
            {move || if dark.get() { view! { <Icon svg=lucide::SUN/> } } else { view! { <Icon svg=lucide::MOON/> } }}
        </button>
    }
}

#[cfg(feature = "hydrate")]
fn shows_dark() -> bool {
    let chosen = document()
        .document_element()
        .and_then(|root| root.get_attribute("data-theme"));
    match chosen.as_deref() {
        Some("dark") => true,
        Some("light") => false,
        _ => window()
            .match_media("(prefers-color-scheme: dark)")
            .ok()
            .flatten()
            .is_some_and(|query| query.matches()),
    }
}

#[cfg(feature = "hydrate")]
fn choose(theme: &str) {
    if let Some(root) = document().document_element() {
        let _ = root.set_attribute("data-theme", theme);
    }
    if let Ok(Some(storage)) = window().local_storage() {
        // Private windows may refuse: the choice then lasts for this page only.
        let _ = storage.set_item(KEY, theme);
    }
}

#[cfg(not(feature = "hydrate"))]
fn shows_dark() -> bool {
    false
}

#[cfg(not(feature = "hydrate"))]
fn choose(_theme: &str) {}
