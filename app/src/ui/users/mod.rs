//! Manage Users: the list with search, filters and paging, all kept in the URL.
mod badges;
mod delete;
mod dialogs;
mod filters;
mod password_field;
mod table;
mod user_clients;
mod user_fields;
mod user_form;

use crate::api::list_users;
use crate::model::user_list::{Total, UserListQuery, UserPage};
use crate::model::{Permission, StaffMe};
use crate::ui::ErrorPage;
use dialogs::{Dialog, DialogHost, UsersUi};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;
use std::time::Duration;

/// `/admin/users`. Server-rendered with the first page; the search form is a plain GET form,
/// so it works before the WASM loads, and typing updates the URL (debounced) once it has.
#[component]
pub fn ManageUsersPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| UserListQuery::from_params(|k| p.get(k))));
    let page = Resource::new(move || query.get(), list_users);
    let (pending, set_pending) = signal(false);
    let slow = slow(pending, SLOW_AFTER);
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

/// A fast answer replaces the rows without any flicker; only one that takes longer than this
/// dims them and says "Updating…".
const SLOW_AFTER: Duration = Duration::from_millis(300);

/// Follows `pending`, but turns true only once it has stayed true for `after`.
fn slow(pending: ReadSignal<bool>, after: Duration) -> ReadSignal<bool> {
    let (slow, set_slow) = signal(false);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        if pending.get() {
            timer.set_value(set_timeout_with_handle(move || set_slow.set(true), after).ok());
        } else {
            set_slow.set(false);
        }
    });
    slow
}

#[component]
fn Results(page: UserPage, query: UserListQuery) -> impl IntoView {
    if page.rows.is_empty() && page.page > 1 {
        let first = filters::href(&UserListQuery { page: 1, ..query });
        return view! {
            <p class="empty">
                {format!("Page {} is past the end of the list. ", page.page)}
                <a href=first>"Go to the first page"</a>
            </p>
        }
        .into_any();
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
    let first = u64::from(page.page - 1) * u64::from(page.per_page) + 1;
    let last = first + page.rows.len() as u64 - 1;
    let of = match page.total {
        Total::Exact(n) => group(n),
        Total::AtLeast(n) => format!("more than {}", group(n)),
    };
    view! {
        <p class="showing" role="status">{format!("Showing {}-{} of {of}", group(first), group(last))}</p>
        <table::UserTable rows=page.rows query=query.clone()/>
        <filters::Pager query total=page.total rows_on_page=last - first + 1/>
    }
    .into_any()
}

/// 1000000 -> "1,000,000".
pub(crate) fn group(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn groups_thousands() {
        assert_eq!(super::group(0), "0");
        assert_eq!(super::group(999), "999");
        assert_eq!(super::group(1_000), "1,000");
        assert_eq!(super::group(1_000_000), "1,000,000");
    }
}
