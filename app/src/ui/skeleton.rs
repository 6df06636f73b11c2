//! Placeholder rows in a list's shape while its first page loads: the page keeps its layout
//! instead of jumping when the rows arrive, and a screen reader hears what is loading.
use leptos::prelude::*;

/// Rows shown before the first answer; a later search keeps the old rows (dimmed if slow).
const ROWS: usize = 8;

#[component]
pub fn SkeletonRows(
    /// What is loading, for screen readers: "Loading users…".
    label: &'static str,
    /// The list's column count, so the placeholder has its shape.
    columns: usize,
) -> impl IntoView {
    view! {
        <div class="skeleton loading" role="status" aria-busy="true">
            <span class="visually-hidden">{label}</span>
            <table class="list" aria-hidden="true">
                <tbody>
                    {(0..ROWS).map(|_| view! {
                        <tr>{(0..columns).map(|_| view! { <td><span class="bone"></span></td> }).collect_view()}</tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
