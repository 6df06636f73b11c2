use crate::model::user_list::{
    yes_no_from_key, yes_no_key, Total, TwoFactorState, UserListQuery, UserStatus, PAGE_SIZES,
};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use std::time::Duration;

/// `/admin/users?...` for a view of the list.
pub fn href(query: &UserListQuery) -> String {
    let params = query.to_params();
    if params.is_empty() {
        return "/admin/users".to_owned();
    }
    let pairs: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    format!("/admin/users?{}", pairs.join("&"))
}

fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

const SEARCH_DEBOUNCE: Duration = Duration::from_millis(150);

/// Search box and filters: a plain GET form (works without WASM); once hydrated, typing and
/// choosing update the URL directly, typing after a 150 ms pause.
#[component]
pub fn UserFilters(query: Memo<UserListQuery>) -> impl IntoView {
    let navigate = use_navigate();
    let go = move |mut next: UserListQuery| {
        next.page = 1;
        let options = NavigateOptions {
            replace: true,
            scroll: false,
            ..Default::default()
        };
        navigate(&href(&next), options);
    };
    let typing = StoredValue::new(None::<TimeoutHandle>);
    let on_search = {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            if let Some(handle) = typing.get_value() {
                handle.clear();
            }
            let go = go.clone();
            let next = UserListQuery {
                q: text,
                ..query.get_untracked()
            };
            typing.set_value(set_timeout_with_handle(move || go(next), SEARCH_DEBOUNCE).ok());
        }
    };
    let choose = move |apply: fn(&mut UserListQuery, String)| {
        let go = go.clone();
        move |ev: leptos::ev::Event| {
            let mut next = query.get_untracked();
            apply(&mut next, event_target_value(&ev));
            go(next);
        }
    };
    let current = query.get_untracked();
    let status_value = current.status.map(|s| s.key()).unwrap_or("");
    view! {
        <form class="filters" method="get" action="/admin/users" role="search" on:submit=|ev| ev.prevent_default()>
            <input type="search" name="q" aria-label="Search" placeholder="Search name, email, phone or UUID"
                value=current.q.clone() on:input=on_search autocomplete="off"/>
            <label>"Status "
                <select name="status" on:change=choose(|q, v| q.status = UserStatus::from_key(&v))>
                    <option value="" selected=status_value.is_empty()>"Any"</option>
                    {UserStatus::ALL.into_iter().map(|s| view! {
                        <option value=s.key() selected=status_value == s.key()>{s.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"2FA "
                <select name="tfa" on:change=choose(|q, v| q.two_factor = TwoFactorState::from_key(&v))>
                    <option value="">"Any"</option>
                    {TwoFactorState::ALL.into_iter().map(|t| view! {
                        <option value=t.key() selected=current.two_factor == Some(t)>{two_factor_label(t)}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Email verified "
                <select name="verified" on:change=choose(|q, v| q.email_verified = yes_no_from_key(&v))>
                    <YesNoOptions current=current.email_verified/>
                </select>
            </label>
            <label>"Has clients "
                <select name="clients" on:change=choose(|q, v| q.has_clients = yes_no_from_key(&v))>
                    <YesNoOptions current=current.has_clients/>
                </select>
            </label>
            <noscript><button type="submit">"Apply"</button></noscript>
        </form>
    }
}

fn two_factor_label(state: TwoFactorState) -> &'static str {
    match state {
        TwoFactorState::Off => "Off",
        TwoFactorState::Required => "Required",
        TwoFactorState::Enrolled => "Enrolled",
    }
}

#[component]
fn YesNoOptions(current: Option<bool>) -> impl IntoView {
    view! {
        <option value="">"Any"</option>
        {[true, false].into_iter().map(|v| view! {
            <option value=yes_no_key(v) selected=current == Some(v)>{if v { "Yes" } else { "No" }}</option>
        }).collect_view()}
    }
}

/// First / previous / next / last (when the total is exact) and page sizes, as links.
#[component]
pub fn Pager(query: UserListQuery, total: Total, rows_on_page: u64) -> impl IntoView {
    let at = |page: u32| {
        href(&UserListQuery {
            page,
            ..query.clone()
        })
    };
    let per = u64::from(query.per_page);
    let last_page = match total {
        Total::Exact(n) => Some(n.div_ceil(per).max(1) as u32),
        Total::AtLeast(_) => None,
    };
    let has_next = match last_page {
        Some(last) => query.page < last,
        None => rows_on_page == per,
    };
    let page = query.page;
    view! {
        <nav class="pager" aria-label="Pages">
            {(page > 1).then(|| view! {
                <a href=at(1)>"First"</a>
                <a href=at(page - 1) rel="prev">"Previous"</a>
            })}
            <span>{format!("Page {page}")}{last_page.map(|l| format!(" of {l}"))}</span>
            {has_next.then(|| view! { <a href=at(page + 1) rel="next">"Next"</a> })}
            {last_page.filter(|l| *l > page).map(|l| view! { <a href=at(l)>"Last"</a> })}
            <PageJump query=query.clone() last_page/>
            <span class="sizes">"Per page: "
                {PAGE_SIZES.into_iter().map(|n| {
                    let link = href(&UserListQuery { per_page: n, page: 1, ..query.clone() });
                    let current = (n == query.per_page).then_some("page");
                    view! { <a href=link aria-current=current>{n}</a> }
                }).collect_view()}
            </span>
        </nav>
    }
}

/// "Go to page": a GET form carrying the rest of the view, so it works before hydration; the
/// router's `Form` turns it into a client-side navigation after.
#[component]
fn PageJump(query: UserListQuery, last_page: Option<u32>) -> impl IntoView {
    let hidden: Vec<(&'static str, String)> = query
        .to_params()
        .into_iter()
        .filter(|(k, _)| *k != "page")
        .collect();
    view! {
        <Form method="GET" action="/admin/users" attr:class="jump">
            {hidden.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
            <label>"Go to page "
                <input type="number" name="page" min="1" max=last_page required value=query.page
                    inputmode="numeric" class="page-number"/>
            </label>
            <button type="submit">"Go"</button>
        </Form>
    }
}
