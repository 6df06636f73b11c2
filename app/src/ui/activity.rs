//! `/admin/activity` (permission `audit.view`): who changed what, newest first.
use crate::api::list_activity;
use crate::model::activity::{action_label, ActivityEntry, ActivityQuery, AuditAction};
use crate::model::StaffMe;
use crate::model::{Keyed, Labelled, VariantArray};
use crate::ui::list::TableScroll;
use crate::ui::skeleton::SkeletonRows;
use crate::ui::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Form;
use leptos_router::hooks::use_query_map;

#[component]
pub fn ActivityPage() -> impl IntoView {
    let params = use_query_map();
    let query = Memo::new(move |_| params.with(|p| ActivityQuery::from_params(|k| p.get(k))));
    let page = Resource::new(move || query.get(), list_activity);
    view! {
        <Title text="Activity"/>
        <h1>"Activity"</h1>
        <Transition fallback=|| view! { <SkeletonRows label="Loading activity…" columns=5/> }>
            {move || Suspend::new(async move {
                let q = query.get_untracked();
                match page.await {
                    Ok(p) => view! {
                        <ActivityFilters query=q.clone() staff=p.staff/>
                        {q.target.clone().map(|_| view! {
                            <p>"The history of one record. "<a href=ActivityQuery { target: None, page: 1, ..q.clone() }.href()>"Show all"</a></p>
                        })}
                        <ActivityTable entries=p.entries/>
                        <nav class="pager" aria-label="Pages">
                            {(q.page > 1).then(|| view! {
                                <a href=ActivityQuery { page: q.page - 1, ..q.clone() }.href() rel="prev">"Newer"</a>
                            })}
                            <span>{format!("Page {}", q.page)}</span>
                            {p.has_next.then(|| view! {
                                <a href=ActivityQuery { page: q.page + 1, ..q.clone() }.href() rel="next">"Older"</a>
                            })}
                        </nav>
                    }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Staff member and action, as a GET form (works before hydration).
#[component]
fn ActivityFilters(query: ActivityQuery, staff: Vec<(uuid::Uuid, String)>) -> impl IntoView {
    let action = query.action.clone().unwrap_or_default();
    view! {
        <Form method="GET" action="/admin/activity" attr:class="filters">
            {query.target.clone().map(|t| view! { <input type="hidden" name="target" value=t/> })}
            <label>"Staff member "
                <select name="actor">
                    <option value="">"Anyone"</option>
                    {staff.into_iter().map(|(id, name)| view! {
                        <option value=id.to_string() selected=query.actor == Some(id)>{name}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"Action "
                <select name="action">
                    <option value="">"Any"</option>
                    {AuditAction::VARIANTS.iter().map(|a| view! {
                        <option value=a.key() selected=action == a.key()>{a.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <button type="submit">"Apply"</button>
        </Form>
    }
}

#[component]
fn ActivityTable(entries: Vec<ActivityEntry>) -> impl IntoView {
    if entries.is_empty() {
        return view! { <p class="empty">"No activity matches."</p> }.into_any();
    }
    let style = use_context::<StaffMe>()
        .map(|me| me.date_style)
        .unwrap_or_default();
    view! {
        <TableScroll label="Activity">
        <table class="list activity">
            <thead><tr>
                <th scope="col">"When"</th><th scope="col">"Staff member"</th>
                <th scope="col">"Action"</th><th scope="col">"Record"</th><th scope="col">"Changes"</th>
            </tr></thead>
            <tbody>
                {entries.into_iter().map(|e| {
                    let when = style.timestamp(e.at);
                    let origin = format!("IP {} · request {}", e.ip.unwrap_or_else(|| "—".into()), e.request_id.unwrap_or_else(|| "—".into()));
                    let history = e.target_id.map(|t| ActivityQuery { target: Some(t), ..Default::default() }.href());
                    view! {
                        <tr>
                            <td class="nowrap" title=origin>{when}</td>
                            <td>{e.actor}</td>
                            <td>{action_label(&e.action).to_owned()}</td>
                            <td>{match history {
                                Some(link) => view! { <a href=link>{e.target}</a> }.into_any(),
                                None => e.target.into_any(),
                            }}</td>
                            <td><ul class="changes">{e.changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </TableScroll>
    }
    .into_any()
}
