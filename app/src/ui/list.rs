//! What Manage Users and Manage Clients share: a list view that lives in the URL, its links,
//! sortable headers, the pager, "Showing 1-25 of N", and a loading state that does not flash.
use crate::model::client_list::{ClientListQuery, ClientSortKey};
use crate::model::user_list::{SortDir, SortKey, Total, UserListQuery, PAGE_SIZES};
use crate::ui::icon::{lucide, Icon};
use leptos::prelude::*;
use leptos_router::components::Form;
use leptos_router::hooks::use_navigate;
use leptos_router::NavigateOptions;
use std::time::Duration;

/// A list's view: where it lives, how it goes into a URL, and its page and sort.
pub trait ListView: Clone + PartialEq + Send + Sync + 'static {
    type Sort: Copy + PartialEq + Send + Sync + 'static;
    const PATH: &'static str;
    fn to_params(&self) -> Vec<(&'static str, String)>;
    fn page(&self) -> u32;
    fn per_page(&self) -> u32;
    fn sort(&self) -> (Self::Sort, SortDir);
    /// The same view at another page, size or sort.
    fn with(&self, page: u32, per_page: u32, sort: (Self::Sort, SortDir)) -> Self;
    /// Sorted by creation date: a first click shows the newest first.
    fn is_date(sort: Self::Sort) -> bool;
}

impl ListView for UserListQuery {
    type Sort = SortKey;
    const PATH: &'static str = "/admin/users";
    fn to_params(&self) -> Vec<(&'static str, String)> {
        UserListQuery::to_params(self)
    }
    fn page(&self) -> u32 {
        self.page
    }
    fn per_page(&self) -> u32 {
        self.per_page
    }
    fn sort(&self) -> (SortKey, SortDir) {
        (self.sort, self.dir)
    }
    fn with(&self, page: u32, per_page: u32, (sort, dir): (SortKey, SortDir)) -> Self {
        Self {
            page,
            per_page,
            sort,
            dir,
            ..self.clone()
        }
    }
    fn is_date(sort: SortKey) -> bool {
        sort == SortKey::Created
    }
}

impl ListView for ClientListQuery {
    type Sort = ClientSortKey;
    const PATH: &'static str = "/admin/clients";
    fn to_params(&self) -> Vec<(&'static str, String)> {
        ClientListQuery::to_params(self)
    }
    fn page(&self) -> u32 {
        self.page
    }
    fn per_page(&self) -> u32 {
        self.per_page
    }
    fn sort(&self) -> (ClientSortKey, SortDir) {
        (self.sort, self.dir)
    }
    fn with(&self, page: u32, per_page: u32, (sort, dir): (ClientSortKey, SortDir)) -> Self {
        Self {
            page,
            per_page,
            sort,
            dir,
            ..self.clone()
        }
    }
    fn is_date(sort: ClientSortKey) -> bool {
        sort == ClientSortKey::Created
    }
}

/// The URL of a view of a list.
pub fn href<Q: ListView>(query: &Q) -> String {
    let params = query.to_params();
    if params.is_empty() {
        return Q::PATH.to_owned();
    }
    let pairs: Vec<String> = params
        .iter()
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    format!("{}?{}", Q::PATH, pairs.join("&"))
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

/// Shows another view of the list (first page), replacing the history entry.
pub fn use_go<Q: ListView>() -> impl Fn(Q) + Clone {
    let navigate = use_navigate();
    move |next: Q| {
        let (_, per, sort) = (next.page(), next.per_page(), next.sort());
        let options = NavigateOptions {
            replace: true,
            scroll: false,
            ..Default::default()
        };
        navigate(&href(&next.with(1, per, sort)), options);
    }
}

/// The longest a keystroke's search waits for the previous one's answer.
const SEARCH_WAIT: Duration = Duration::from_millis(150);

/// The search box's input handler. A keystroke shows `with_text(current, text)` at once when
/// no search is loading (`loading`); otherwise only the latest text waits, and goes out when
/// that answer is in or after `SEARCH_WAIT`, whichever comes first. Like a debounce it keeps a
/// typing console to about one search in flight, but an idle one answers without a pause.
pub fn paced_search<Q: ListView>(
    query: Memo<Q>,
    with_text: fn(Q, String) -> Q,
    loading: ReadSignal<bool>,
) -> impl Fn(leptos::ev::Event) + Clone {
    let go = use_go::<Q>();
    let waiting = StoredValue::new(None::<String>);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let flush = move || {
        if let Some(handle) = timer.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        if let Some(text) = waiting.try_update_value(Option::take).flatten() {
            // Applied to the view as it is now: a filter chosen meanwhile stays.
            go(with_text(query.get_untracked(), text));
        }
    };
    Effect::new({
        let flush = flush.clone();
        move |_| {
            if !loading.get() {
                flush();
            }
        }
    });
    move |ev: leptos::ev::Event| {
        waiting.set_value(Some(event_target_value(&ev)));
        if !loading.get_untracked() {
            flush();
        } else if timer.with_value(Option::is_none) {
            timer.set_value(set_timeout_with_handle(flush.clone(), SEARCH_WAIT).ok());
        }
    }
}

/// A column header; sortable ones are links. A click on the sorted column flips the
/// direction; on another column sorts it ascending (dates: newest first).
#[component]
pub fn SortHeader<Q: ListView>(
    label: &'static str,
    key: Option<Q::Sort>,
    query: Q,
) -> impl IntoView {
    let Some(key) = key else {
        return view! { <th scope="col">{label}</th> }.into_any();
    };
    let (sort, dir) = query.sort();
    let active = sort == key;
    let next = match (active, dir) {
        (true, SortDir::Asc) => SortDir::Desc,
        (true, SortDir::Desc) => SortDir::Asc,
        (false, _) if Q::is_date(key) => SortDir::Desc,
        (false, _) => SortDir::Asc,
    };
    let link = href(&query.with(1, query.per_page(), (key, next)));
    let (aria_sort, arrow) = match (active, dir) {
        (false, _) => ("none", None),
        (true, SortDir::Asc) => ("ascending", Some(lucide::CHEVRON_UP)),
        (true, SortDir::Desc) => ("descending", Some(lucide::CHEVRON_DOWN)),
    };
    view! {
        <th scope="col" aria-sort=aria_sort>
            <a href=link class="sort">{label}{arrow.map(|svg| view! { <Icon svg/> })}</a>
        </th>
    }
    .into_any()
}

/// "Showing 1-25 of 1,000,000" (or "of more than 1,000").
#[component]
pub fn Showing(page: u32, per_page: u32, rows: usize, total: Total) -> impl IntoView {
    let first = u64::from(page - 1) * u64::from(per_page) + 1;
    let last = first + rows as u64 - 1;
    let of = match total {
        Total::Exact(n) => group(n),
        Total::AtLeast(n) => format!("more than {}", group(n)),
    };
    view! { <p class="showing" role="status">{format!("Showing {}-{} of {of}", group(first), group(last))}</p> }
}

/// First / previous / next / last (when the total is exact) and page sizes, as links.
#[component]
pub fn Pager<Q: ListView>(query: Q, total: Total, rows_on_page: u64) -> impl IntoView {
    let (page, per, sort) = (query.page(), query.per_page(), query.sort());
    let at = |p: u32| href(&query.with(p, per, sort));
    let last_page = match total {
        Total::Exact(n) => Some(n.div_ceil(u64::from(per)).max(1) as u32),
        Total::AtLeast(_) => None,
    };
    let has_next = match last_page {
        Some(last) => page < last,
        None => rows_on_page == u64::from(per),
    };
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
                    let link = href(&query.with(1, n, sort));
                    let current = (n == per).then_some("page");
                    view! { <a href=link aria-current=current>{n}</a> }
                }).collect_view()}
            </span>
        </nav>
    }
}

/// "Go to page": a GET form carrying the rest of the view, so it works before hydration; the
/// router's `Form` turns it into a client-side navigation after.
#[component]
fn PageJump<Q: ListView>(query: Q, last_page: Option<u32>) -> impl IntoView {
    let hidden: Vec<(&'static str, String)> = query
        .to_params()
        .into_iter()
        .filter(|(k, _)| *k != "page")
        .collect();
    view! {
        <Form method="GET" action=Q::PATH attr:class="jump">
            {hidden.into_iter().map(|(k, v)| view! { <input type="hidden" name=k value=v/> }).collect_view()}
            <label>"Go to page "
                <input type="number" name="page" min="1" max=last_page required value=query.page()
                    inputmode="numeric" class="page-number"/>
            </label>
            <button type="submit">"Go"</button>
        </Form>
    }
}

/// A wide table's own scrolling box, its header and first column staying in view; focusable
/// (a region named `label`), so the keyboard can scroll it too.
#[component]
pub fn TableScroll(label: &'static str, children: Children) -> impl IntoView {
    view! { <div class="table-scroll" tabindex="0" role="region" aria-label=label>{children()}</div> }
}

/// An empty list, and the way on: "No users match … Clear filters".
#[component]
pub fn EmptyState(
    text: String,
    /// The list without its search and filters, when some are applied.
    clear: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class="empty-state empty">
            <Icon svg=lucide::INBOX/>
            <p>{text}</p>
            {clear.map(|href| view! { <a href=href>"Clear filters"</a> })}
        </div>
    }
}

/// "Page 7 is past the end of the list. Go to the first page"
#[component]
pub fn PastEnd<Q: ListView>(query: Q) -> impl IntoView {
    let first = href(&query.with(1, query.per_page(), query.sort()));
    view! {
        <p class="empty">
            {format!("Page {} is past the end of the list. ", query.page())}
            <a href=first>"Go to the first page"</a>
        </p>
    }
}

/// A fast answer replaces the rows without any flicker; only one that takes longer than this
/// dims them and says "Updating…".
const SLOW_AFTER: Duration = Duration::from_millis(300);

/// Follows `pending`, but turns true only once it has stayed true for `SLOW_AFTER`.
pub fn slow(pending: ReadSignal<bool>) -> ReadSignal<bool> {
    let (slow, set_slow) = signal(false);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    Effect::new(move |_| {
        if let Some(handle) = timer.get_value() {
            handle.clear();
        }
        if pending.get() {
            timer.set_value(set_timeout_with_handle(move || set_slow.set(true), SLOW_AFTER).ok());
        } else {
            set_slow.set(false);
        }
    });
    slow
}

/// 1000000 -> "1,000,000".
pub fn group(n: u64) -> String {
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
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_000), "1,000");
        assert_eq!(group(1_000_000), "1,000,000");
    }

    #[test]
    fn links_keep_the_view() {
        let q = ClientListQuery {
            q: "a&b c".into(),
            ..Default::default()
        };
        assert_eq!(href(&q), "/admin/clients?q=a%26b%20c");
        assert_eq!(href(&UserListQuery::default()), "/admin/users");
    }
}
