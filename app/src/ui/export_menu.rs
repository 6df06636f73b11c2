//! "Export" on Manage Users and Manage Clients: a plain GET form to the list's CSV export,
//! carrying the list's search, filters and sort, with the columns to write (the list's,
//! checked) and the Excel flavour; the browser downloads the file. The form is made when the
//! menu opens, so a closed menu adds no fields (and no labels) to the page.
use crate::model::Labelled;
use crate::ui::icon::{lucide, Icon};
use leptos::prelude::*;

#[component]
pub fn ExportMenu<C: Labelled + PartialEq + Send + Sync>(
    /// The export's address, e.g. `/admin/export/users.csv`.
    action: &'static str,
    /// The list's query as URL parameters (page and page size are left out).
    #[prop(into)]
    params: Signal<Vec<(&'static str, String)>>,
    /// The columns checked at first (the list's own).
    default: &'static [C],
    /// What the export holds, in words.
    hint: &'static str,
) -> impl IntoView {
    let kept = move || {
        params
            .get()
            .into_iter()
            .filter(|(name, _)| !matches!(*name, "page" | "per"))
            .map(|(name, value)| view! { <input type="hidden" name=name value=value/> })
            .collect_view()
    };
    let (open, set_open) = signal(false);
    let columns = move || {
        C::VARIANTS
            .iter()
            .map(|&column| {
                view! {
                    <label class="check">
                        <input type="checkbox" name="columns" value=column.key() checked=default.contains(&column)/>
                        {column.label()}
                    </label>
                }
            })
            .collect_view()
    };
    view! {
        <details class="export-menu" on:toggle=move |e| set_open.set(event_target::<web_sys::HtmlDetailsElement>(&e).open())>
            <summary><Icon svg=lucide::DOWNLOAD/>"Export"</summary>
            {move || open.get().then(|| view! {
            <form method="get" action=action class="export-form">
                {kept}
                <fieldset>
                    <legend>"Columns"</legend>
                    <div class="export-columns">{columns()}</div>
                </fieldset>
                <label class="check">
                    <input type="checkbox" name="excel" value="1"/>
                    "For Excel (semicolons, with a byte-order mark)"
                </label>
                <p class="hint">{hint}</p>
                <button type="submit" class="primary">"Download CSV"</button>
            </form>
            })}
        </details>
    }
    // Erased, so the page's view type stays within the compiler's limits.
    .into_any()
}
