//! Manage Users: the list with search, filters and paging, all kept in the URL.
pub(crate) mod badges;
mod delete;
mod dialogs;
mod filters;
mod password_field;
mod table;
mod user_clients;
mod user_form;

use crate::api::list_users;
use crate::model::user_list::{UserListQuery, UserPage};
use crate::model::{Permission, StaffMe};
use crate::ui::list::{slow, Pager, PastEnd, Showing};
use crate::ui::ErrorPage;
use dialogs::{Dialog, DialogHost, UsersUi};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// `/admin/users`. Server-rendered with the first page; the search form is a plain GET form,
/// so it works before the WASM loads, and typing updates the URL (debounced) once it has.
#[component]
pub fn ManageUsersPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| UserListQuery::from_params(|k| p.get(k))));
    let page = Resource::new(move || query.get(), list_users);
    let (pending, set_pending) = signal(false);
    let slow = slow(pending);
    let ui = UsersUi::provide(Callback::new(move |_| page.refetch()));
    let can_create = use_context::<StaffMe>().is_some_and(|me| me.can(Permission::UsersCreate));
    view! {
        <Title text="Manage Users"/>
        <div class="page-head">
            <h1>"Manage Users"</h1>
            {can_create.then(|| view! {
                <button type="button" class="primary" on:click=move |_| ui.open(Dialog::Create)>"+ Create"</button>
            })}
        </div>
        <DialogHost/>
        <filters::UserFilters query/>
        <p class="updating" aria-live="polite">{move || slow.get().then_some("Updating…")}</p>
        <div class="results" class:stale=slow aria-busy=move || slow.get().to_string()>
        <Transition fallback=|| view! { <p class="loading">"Loading users…"</p> } set_pending>
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
        return view! { <p class="empty">{text}</p> }.into_any();
    }
    let rows_on_page = page.rows.len() as u64;
    view! {
        <Showing page=page.page per_page=page.per_page rows=page.rows.len() total=page.total/>
        <table::UserTable rows=page.rows query=query.clone()/>
        <Pager query total=page.total rows_on_page/>
    }
    .into_any()
}
