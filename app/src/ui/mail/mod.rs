//! `/admin/mail` (permission `mail.view`): every message Roster sent or is sending, newest
//! first; open one to read it as sent, its links hidden.
mod message;
mod table;

pub use table::MailTable;

use crate::api::list_mail;
use crate::model::mail::{MailQuery, MailStatus};
use crate::model::{Keyed, Labelled, VariantArray};
use crate::ui::skeleton::SkeletonRows;
use crate::ui::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn MailLogPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| MailQuery::from_params(|k| p.get(k))));
    let page = Resource::new(move || query.get(), list_mail);
    view! {
        <Title text="Mail log"/>
        <h1>"Mail log"</h1>
        <MailFilters query/>
        <Transition fallback=|| view! { <SkeletonRows label="Loading the mail log…" columns=5/> }>
            {move || Suspend::new(async move {
                let q = query.get_untracked();
                match page.await {
                    Ok(p) => view! {
                        <MailTable rows=p.rows/>
                        <nav class="pager" aria-label="Pages">
                            {(q.page > 1).then(|| view! {
                                <a href=MailQuery { page: q.page - 1, ..q.clone() }.href() rel="prev">"Newer"</a>
                            })}
                            <span>{format!("Page {}", q.page)}</span>
                            {p.has_next.then(|| view! {
                                <a href=MailQuery { page: q.page + 1, ..q.clone() }.href() rel="next">"Older"</a>
                            })}
                        </nav>
                    }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Status, as a GET form (works before hydration); a user's messages keep their user.
#[component]
fn MailFilters(query: Memo<MailQuery>) -> impl IntoView {
    let q = query.get_untracked();
    view! {
        <Form method="GET" action="/admin/mail" attr:class="filters">
            {q.user.map(|u| view! { <input type="hidden" name="user" value=u.to_string()/> })}
            <label>"Status "
                <select name="status">
                    <option value="">"Any"</option>
                    {MailStatus::VARIANTS.iter().map(|s| view! {
                        <option value=s.key() selected=q.status == Some(*s)>{s.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="submit">"Apply"</button>
            {q.user.map(|_| view! { <a href="/admin/mail">"Every user's messages"</a> })}
        </Form>
    }
}
