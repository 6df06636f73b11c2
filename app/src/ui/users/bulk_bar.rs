//! The bar above the list while users are ticked: how many, "select all N matching", the
//! action to run on them, and "clear".
use super::bulk_selection::use_bulk_select;
use super::dialogs::{users_ui, Dialog};
use crate::model::job::BulkActionKind;
use crate::model::user_list::{Total, UserListQuery};
use crate::model::StaffMe;
use leptos::prelude::*;

#[component]
pub fn BulkBar(
    query: UserListQuery,
    #[prop(into)] rows_on_page: Signal<usize>,
    #[prop(into)] total: Signal<Total>,
) -> impl IntoView {
    bar(query, rows_on_page, total)
}

/// None for a staff member who may run no bulk action.
fn bar(query: UserListQuery, rows_on_page: Signal<usize>, total: Signal<Total>) -> Option<AnyView> {
    let select = use_bulk_select()?;
    let ui = users_ui();
    let me = use_context::<StaffMe>()?;
    let actions: Vec<BulkActionKind> = BulkActionKind::ALL
        .into_iter()
        .filter(|a| me.can(a.permission()))
        .collect();
    let chosen = RwSignal::new(actions.first().copied());
    let query = StoredValue::new(query);
    let more_than_page = move || match total.get() {
        Total::Exact(n) => n > rows_on_page.get() as u64,
        Total::AtLeast(_) => true,
    };
    let all_label = move || match total.get() {
        Total::Exact(n) => format!("Select all {n} matching"),
        Total::AtLeast(_) => "Select all matching".to_owned(),
    };
    let picked = move || select.picked.with(Vec::len);
    let whole_page = move || picked() >= rows_on_page.get() && rows_on_page.get() > 0;
    let apply = move |_| {
        if let Some(action) = chosen.get_untracked() {
            let selection = select.selection(&query.get_value());
            ui.open(Dialog::Bulk { action, selection });
        }
    };
    Some(view! {
        {move || (!select.is_empty()).then(|| {
            let options = actions.clone();
            view! {
            <div class="bulk-bar" role="region" aria-label="Bulk actions">
                <span class="bulk-count" aria-live="polite">{move || if select.all_matching.get() {
                    "All users matching the search and filters are selected".to_owned()
                } else {
                    format!("{} selected", picked())
                }}</span>
                {move || (!select.all_matching.get() && whole_page() && more_than_page()).then(|| view! {
                    <button type="button" class="link" on:click=move |_| select.all_matching.set(true)>{all_label()}</button>
                })}
                <label class="bulk-action">
                    <span class="visually-hidden">"Action"</span>
                    <select on:change=move |e| {
                        let i: usize = event_target_value(&e).parse().unwrap_or(0);
                        chosen.set(BulkActionKind::ALL.get(i).copied());
                    }>
                        {options.into_iter().map(|a| {
                            let i = BulkActionKind::ALL.iter().position(|x| *x == a).unwrap_or(0);
                            view! { <option value=i.to_string() selected=move || chosen.get() == Some(a)>{a.label()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <button type="button" class="primary" on:click=apply>"Apply…"</button>
                <button type="button" class="link" on:click=move |_| select.clear()>"Clear selection"</button>
            </div>
        }})}
    }.into_any())
}
