//! My sessions: where I am signed in, with Sign out per session and for all others.
use crate::api::{end_other_staff_sessions, end_staff_session, staff_sessions};
use crate::model::{SessionRow, StaffMe};
use crate::ui::form::FormError;
use crate::ui::list::TableScroll;
use leptos::prelude::*;

#[component]
pub fn SessionsSection() -> impl IntoView {
    let sessions = Resource::new(|| (), |_| staff_sessions());
    let end_one = Action::new(|id: &String| end_staff_session(id.clone()));
    let end_others = Action::new(|_: &()| end_other_staff_sessions());
    Effect::new(move |_| {
        let one = end_one.value().get().is_some_and(|r| r.is_ok());
        let others = end_others.value().get().is_some_and(|r| r.is_ok());
        if one || others {
            sessions.refetch();
        }
    });
    let error = Signal::derive(move || {
        let one = end_one.value().get().and_then(Result::err);
        one.or_else(|| end_others.value().get().and_then(Result::err))
    });
    view! {
        <section class="card wide" aria-labelledby="sessions-title">
            <h2 id="sessions-title">"Where you're signed in"</h2>
            <FormError error/>
            <Transition fallback=|| view! { <p>"Loading sessions…"</p> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(rows) => view! { <SessionsTable rows end_one/> }.into_any(),
                        Err(e) => view! { <FormError error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                    }
                })}
            </Transition>
            <button type="button" disabled=move || end_others.pending().get() aria-busy=move || end_others.pending().get().then_some("true")
                on:click=move |_| { end_others.dispatch(()); }>
                "Sign out all other sessions"
            </button>
        </section>
    }
}

#[component]
fn SessionsTable(
    rows: Vec<SessionRow>,
    end_one: Action<String, Result<(), crate::model::AppError>>,
) -> impl IntoView {
    let style = use_context::<StaffMe>()
        .map(|m| m.date_style)
        .unwrap_or_default();
    view! {
        <TableScroll label="Sessions">
        <table class="list cards sessions">
            <thead>
                <tr>
                    <th scope="col">"Device"</th>
                    <th scope="col">"IP address"</th>
                    <th scope="col">"Signed in"</th>
                    <th scope="col">"Last seen"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|s| {
                    let id = s.id.clone();
                    let device = s.device.clone();
                    view! {
                        <tr>
                            <td>{s.device.clone()}{s.current.then(|| view! { " " <span class="badge status-active">"THIS BROWSER"</span> })}</td>
                            <td data-label="IP address">{s.ip.clone().unwrap_or_else(|| "unknown".into())}</td>
                            <td class="nowrap" data-label="Signed in">{style.timestamp(s.signed_in)}</td>
                            <td class="nowrap" data-label="Last seen">{style.timestamp(s.last_seen)}</td>
                            <td class="nowrap row-actions">
                                {(!s.current).then(|| view! {
                                    <button type="button" aria-label=format!("Sign out {device}") on:click=move |_| { end_one.dispatch(id.clone()); }>"Sign out"</button>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </TableScroll>
    }
}
