use crate::model::client::ClientStatus;
use crate::model::client_list::ClientListQuery;
use crate::model::{Keyed, Labelled, VariantArray};
use crate::ui::list::{paced_search, use_go};
use leptos::prelude::*;

/// Search box and status filter: a plain GET form (works without WASM); once hydrated,
/// typing (see `paced_search`) and choosing update the URL directly.
#[component]
pub fn ClientFilters(query: Memo<ClientListQuery>, loading: ReadSignal<bool>) -> impl IntoView {
    let go = use_go::<ClientListQuery>();
    let on_search = paced_search(query, |q, text| ClientListQuery { q: text, ..q }, loading);
    let on_status = move |ev: leptos::ev::Event| {
        let status = ClientStatus::from_key(&event_target_value(&ev));
        go(ClientListQuery {
            status,
            ..query.get_untracked()
        });
    };
    let current = query.get_untracked();
    view! {
        <form class="filters" method="get" action="/admin/clients" role="search" on:submit=|ev| ev.prevent_default()>
            <input type="search" name="q" aria-label="Search" aria-keyshortcuts="/" autocomplete="off"
                placeholder="Search name, company, tax ID or owner email"
                value=current.q.clone() on:input=on_search/>
            <label>"Status "
                <select name="status" on:change=on_status>
                    <option value="" selected=current.status.is_none()>"Any"</option>
                    {ClientStatus::VARIANTS.iter().copied().map(|s| view! {
                        <option value=s.key() selected=current.status == Some(s)>{s.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <noscript><button type="submit">"Apply"</button></noscript>
        </form>
    }
}
