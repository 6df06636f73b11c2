//! Manage Users: the list with search, filters and paging, all kept in the URL.
pub(crate) mod badges;
mod bulk_bar;
mod bulk_dialog;
mod bulk_selection;
mod changed_elsewhere;
mod delete;
mod dialogs;
mod edit_tabs;
mod filters;
mod import;
pub(crate) mod jobs_panel;
mod live_rows;
mod open_links;
mod passkeys_field;
mod password_field;
mod shared_phone;
mod sign_in_as;
mod sign_in_history;
mod status_field;
mod table;
mod two_factor_field;
mod user_clients;
mod user_form;
mod user_mail;
mod user_sessions;

pub use import::{ImportPage, ImportUploadPage};

use crate::api::list_users;
use crate::model::export::LIST_COLUMNS;
use crate::model::user_list::{UserListQuery, UserPage};
use crate::model::{Permission, StaffMe};
use crate::ui::export_menu::ExportMenu;
use crate::ui::icon::{lucide, Icon};
use crate::ui::list::{slow, EmptyState, Pager, PastEnd, Showing};
use crate::ui::skeleton::SkeletonRows;
use crate::ui::ErrorPage;
use dialogs::{Dialog, DialogHost, UsersUi};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/admin/users`. Server-rendered with the first page; the search form is a plain GET form,
/// so it works before the WASM loads, and typing updates the URL (one search in flight at a time) once it has.
#[component]
pub fn ManageUsersPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| UserListQuery::from_params(|k| p.get(k))));
    let page = Resource::new(move || query.get(), list_users);
    let (pending, set_pending) = signal(false);
    let slow = slow(pending);
    let ui = UsersUi::provide(Callback::new(move |_| page.refetch()));
    bulk_selection::BulkSelect::provide(query);
    let can_create = use_context::<StaffMe>().is_some_and(|me| me.can(Permission::UsersCreate));
    let can_import =
        can_create && use_context::<StaffMe>().is_some_and(|me| me.can(Permission::UsersEdit));
    view! {
        <Title text="Manage Users"/>
        <div class="page-head">
            <h1>"Manage Users"</h1>
            <div class="page-actions">
                <ExportMenu action="/admin/export/users.csv" params=Signal::derive(move || query.get().to_params())
                    default=LIST_COLUMNS hint="Every user matching the search and filters, in the list's order."/>
                {can_import.then(|| view! {
                    <a class="button" href="/admin/users/import"><Icon svg=lucide::UPLOAD/>"Import"</a>
                })}
                {can_create.then(|| view! {
                    <button type="button" class="primary" data-shortcut="create" aria-keyshortcuts="n" on:click=move |_| ui.open(Dialog::Create)><Icon svg=lucide::PLUS/>"Create"</button>
                })}
            </div>
        </div>
        <DialogHost/>
        <filters::UserFilters query loading=pending/>
        <jobs_panel::JobsPanel/>
        <p class="updating" aria-live="polite">{move || slow.get().then_some("Updating…")}</p>
        <div class="results" class:stale=slow aria-busy=move || slow.get().to_string()>
        <Transition fallback=|| view! { <SkeletonRows label="Loading users…" columns=7/> } set_pending>
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
fn Results(page: UserPage, query: UserListQuery) -> impl IntoView {
    if page.rows.is_empty() && page.page > 1 {
        return view! { <PastEnd query/> }.into_any();
    }
    if page.rows.is_empty() {
        let filtered = query
            != UserListQuery {
                page: query.page,
                per_page: query.per_page,
                ..Default::default()
            };
        let text = if filtered {
            format!(
                "No users match “{}” and the chosen filters.",
                query.q.trim()
            )
        } else {
            "No users yet.".to_owned()
        };
        return view! { <EmptyState text clear=filtered.then_some("/admin/users")/> }.into_any();
    }
    let (number, per_page) = (page.page, page.per_page);
    let live = live_rows::LiveRows::new(page, query.clone());
    let rows_on_page = move || live.rows.with(|r| r.iter().filter(|s| !s.gone).count());
    view! {
        {move || live.waiting.get().map(|(_, n)| view! {
            <button type="button" class="new-rows" on:click=move |_| live.show_waiting()>
                {format!("{n} new user{} – show", if n == 1 { "" } else { "s" })}
            </button>
        })}
        {move || view! { <Showing page=number per_page rows=rows_on_page() total=live.total.get()/> }}
        <bulk_bar::BulkBar query=query.clone() rows_on_page=Signal::derive(rows_on_page) total=live.total/>
        <table::UserTable rows=live.rows query=query.clone()/>
        {move || view! { <Pager query=query.clone() total=live.total.get() rows_on_page=rows_on_page() as u64/> }}
    }
    .into_any()
}
