//! Edit User's "Sessions": where the user is signed in, kept current as they sign in and out;
//! with `users.edit`, Sign out per session and Sign out everywhere (each browser is sent to
//! sign in again at its next request).
use crate::api::{end_user_sessions, user_sessions};
use crate::model::live::ChangeKind;
use crate::model::{AppError, Permission, SessionRow, StaffMe};
use crate::ui::form::FormError;
use crate::ui::live::use_live;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn UserSessions(id: Uuid) -> impl IntoView {
    let can_edit = use_context::<StaffMe>().is_some_and(|me| me.can(Permission::UsersEdit));
    // None: every session.
    let end = Action::new(move |session: &Option<String>| end_user_sessions(id, session.clone()));
    let end_one = Action::new(move |session: &String| end_user_sessions(id, Some(session.clone())));
    let sessions = Resource::new(
        move || (end.version().get(), end_one.version().get()),
        move |_| user_sessions(id),
    );
    if let Some(live) = use_live() {
        live.refetch_when(
            move |c| c.kind == ChangeKind::User && c.id.is_none_or(|u| u == id),
            move || sessions.refetch(),
        );
    }
    let error = Signal::derive(move || {
        let all = end.value().get().and_then(Result::err);
        all.or_else(|| end_one.value().get().and_then(Result::err))
    });
    view! {
        <fieldset class="user-sessions">
            <legend>"Sessions"</legend>
            <FormError error/>
            <Transition fallback=|| view! { <p class="loading">"Loading sessions…"</p> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="hint">"Not signed in anywhere."</p> }.into_any(),
                        Ok(rows) => view! {
                            <SessionList rows end_one=can_edit.then_some(end_one)/>
                            {can_edit.then(|| view! {
                                <button type="button" class="danger" disabled=move || end.pending().get()
                                    aria-busy=move || end.pending().get().then_some("true")
                                    on:click=move |_| { end.dispatch(None); }>"Sign out everywhere"</button>
                            })}
                        }.into_any(),
                        Err(e) => view! { <FormError error=Signal::stored(Some(e))/> }.into_any(),
                    }
                })}
            </Transition>
        </fieldset>
    }
}

/// One line per browser (a dialog has no room for a table): device, address and times, and
/// Sign out when the viewer may.
#[component]
fn SessionList(
    rows: Vec<SessionRow>,
    end_one: Option<Action<String, Result<(), AppError>>>,
) -> impl IntoView {
    let style = use_context::<StaffMe>()
        .map(|m| m.date_style)
        .unwrap_or_default();
    view! {
        <ul class="my-sessions">
            {rows.into_iter().map(|s| {
                let (id, device) = (s.id.clone(), s.device.clone());
                view! {
                    <li>
                        <strong>{s.device.clone()}</strong>
                        {s.impersonated_by.is_some().then(|| view! {
                            " " <span class="badge status-new" title="Opened with Sign in as user">"STAFF"</span>
                        })}
                        <span class="hint">
                            {s.impersonated_by.clone().map(|by| format!("opened by {by} · "))}
                            {s.ip.clone().unwrap_or_else(|| "unknown address".into())}
                            " · signed in " {style.timestamp(s.signed_in)}
                            " · last seen " {style.timestamp(s.last_seen)}
                        </span>
                        {end_one.map(|end| view! {
                            <button type="button" disabled=move || end.pending().get()
                                on:click=move |_| { end.dispatch(id.clone()); }>
                                "Sign out"<span class="visually-hidden">" " {device}</span>
                            </button>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}
