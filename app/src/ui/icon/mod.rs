//! Icons as inline SVG (Lucide, vendored in `lucide`): never emoji or font glyphs, which show
//! as empty boxes where no such font is installed. An icon is decoration: the button or link
//! around it carries the accessible name.
pub mod lucide;

use leptos::prelude::*;

#[component]
pub fn Icon(
    /// One of `lucide`'s constants.
    svg: &'static str,
) -> impl IntoView {
    view! {
        <svg class="icon-svg" viewBox="0 0 24 24" width="18" height="18" fill="none"
            stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"
            aria-hidden="true" focusable="false" inner_html=svg></svg>
    }
}
