//! Manage Clients (`/admin/clients`) and a client's page (`/admin/clients/<uuid>`).
mod associate;
mod client_form;
mod filters;
mod membership;
mod page;
pub(crate) mod permissions;
mod table;
mod users_tab;

pub use page::ClientPage;

use crate::api::list_clients;
use crate::model::client::ClientStatus;
use crate::model::client_list::{ClientListQuery, ClientPage as Page};
use crate::model::export::CLIENT_LIST_COLUMNS;
use crate::model::{Keyed, Labelled};
use crate::model::{Permission, StaffMe};
use crate::ui::dialogs::PageUi;
use crate::ui::export_menu::ExportMenu;
use crate::ui::icon::{lucide, Icon};
use crate::ui::list::{slow, EmptyState, Pager, PastEnd, Showing};
use crate::ui::skeleton::SkeletonRows;
use crate::ui::ErrorPage;
use client_form::ClientFormDialog;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use uuid::Uuid;

/// The dialogs of Manage Clients.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    Create,
    Edit(Uuid),
}

pub type ClientsUi = PageUi<Dialog>;

#[component]
pub fn ManageClientsPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| ClientListQuery::from_params(|k| p.get(k))));
    let page = Resource::new(move || query.get(), list_clients);
    if let Some(live) = crate::ui::live::use_live() {
        use crate::model::live::ChangeKind;
        live.refetch_when(
            move |c| c.kind == ChangeKind::Client,
            move || page.refetch(),
        );
    }
    let (pending, set_pending) = signal(false);
    let slow = slow(pending);
    let ui = ClientsUi::provide(Callback::new(move |_| page.refetch()));
    let can_edit = use_context::<StaffMe>().is_some_and(|me| me.can(Permission::ClientsEdit));
    let close = Callback::new(move |_| ui.close());
    let done = Callback::new(move |message: &'static str| ui.done(message));
    view! {
        <Title text="Manage Clients"/>
        <div class="page-head">
            <h1>"Manage Clients"</h1>
            <div class="page-actions">
            <ExportMenu action="/admin/export/clients.csv" params=Signal::derive(move || query.get().to_params())
                default=CLIENT_LIST_COLUMNS hint="Every client matching the search and filter, in the list's order."/>
            {can_edit.then(|| view! {
                <button type="button" class="primary" data-shortcut="create" aria-keyshortcuts="n" on:click=move |_| ui.open(Dialog::Create)><Icon svg=lucide::PLUS/>"Create"</button>
            })}
            </div>
        </div>
        {move || ui.dialog.get().map(|d| {
            let editing = match d {
                Dialog::Create => None,
                Dialog::Edit(id) => Some(id),
            };
            view! { <ClientFormDialog editing on_close=close on_done=done/> }
        })}
        {ui.toast()}
        <filters::ClientFilters query loading=pending/>
        <p class="updating" aria-live="polite">{move || slow.get().then_some("Updating…")}</p>
        <div class="results" class:stale=slow aria-busy=move || slow.get().to_string()>
        <Transition fallback=|| view! { <SkeletonRows label="Loading clients…" columns=8/> } set_pending>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(p) => view! { <Results page=p query=query.get_untracked()/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Transition>
        </div>
    }
}

#[component]
fn Results(page: Page, query: ClientListQuery) -> impl IntoView {
    if page.rows.is_empty() && page.page > 1 {
        return view! { <PastEnd query/> }.into_any();
    }
    if page.rows.is_empty() {
        let filtered = !query.q.trim().is_empty() || query.status.is_some();
        let text = if filtered {
            format!(
                "No clients match “{}” and the chosen filters.",
                query.q.trim()
            )
        } else {
            "No clients yet.".to_owned()
        };
        return view! { <EmptyState text clear=filtered.then_some("/admin/clients")/> }.into_any();
    }
    let rows_on_page = page.rows.len() as u64;
    view! {
        <Showing page=page.page per_page=page.per_page rows=page.rows.len() total=page.total/>
        <table::ClientTable rows=page.rows query=query.clone()/>
        <Pager query total=page.total rows_on_page/>
    }
    .into_any()
}

#[component]
pub fn ClientStatusBadge(status: ClientStatus) -> impl IntoView {
    let class = format!("badge client-{}", status.key());
    view! { <span class=class>{status.label()}</span> }
}
