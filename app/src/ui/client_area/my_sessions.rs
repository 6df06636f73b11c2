//! "Where you're signed in" on `/account`: each browser with its address and times, this one
//! marked; Sign out for any other, or for all others at once.
use crate::api::{end_my_user_sessions, my_user_sessions};
use crate::i18n::{t, t_string, use_i18n};
use crate::model::{AppError, SessionRow};
use crate::ui::form::FormError;
use chrono::{DateTime, Utc};
use leptos::prelude::*;

pub(super) fn when(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// `in_person`: the user's own session (a staff member signed in as them cannot end sessions).
#[component]
pub fn MySessions(in_person: bool) -> impl IntoView {
    let i18n = use_i18n();
    // Some: that session; None: every other one.
    let end = Action::new(|session: &Option<String>| end_my_user_sessions(session.clone()));
    let sessions = Resource::new(move || end.version().get(), |_| my_user_sessions());
    let error = Signal::derive(move || end.value().get().and_then(Result::err));
    view! {
        <section class="card wide" aria-labelledby="sessions-title">
            <h2 id="sessions-title">{t!(i18n, sessions.heading)}</h2>
            <FormError error/>
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match sessions.await {
                        Ok(rows) => view! { <SessionList rows end=in_person.then_some(end)/> }.into_any(),
                        Err(e) => view! { <FormError error=Signal::stored(Some(e))/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn SessionList(
    rows: Vec<SessionRow>,
    end: Option<Action<Option<String>, Result<(), AppError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let others = end.filter(|_| rows.iter().any(|s| !s.current));
    view! {
        <ul class="my-sessions">
            {rows.into_iter().map(|s| {
                let (id, device) = (s.id.clone(), s.device.clone());
                let ip = s.ip.clone();
                view! {
                    <li>
                        <strong>{s.device.clone()}</strong>
                        {s.current.then(|| view! { " " <span class="badge status-active">{t!(i18n, sessions.this_browser)}</span> })}
                        {s.impersonated_by.clone().map(|by| view! { " " <span class="badge status-new">{t!(i18n, impersonation.started, staff = move || by.clone())}</span> })}
                        <span class="hint">
                            {move || ip.clone().unwrap_or_else(|| t_string!(i18n, sessions.unknown_address).to_owned())}
                            " · " {t!(i18n, sessions.signed_in, at = move || when(s.signed_in))}
                            " · " {t!(i18n, sessions.last_seen, at = move || when(s.last_seen))}
                        </span>
                        {end.filter(|_| !s.current).map(|end| view! {
                            <button type="button" disabled=move || end.pending().get()
                                on:click=move |_| { end.dispatch(Some(id.clone())); }>
                                {t!(i18n, sessions.sign_out)}<span class="visually-hidden">" " {device}</span>
                            </button>
                        })}
                    </li>
                }
            }).collect_view()}
        </ul>
        {others.map(|end| view! {
            <button type="button" disabled=move || end.pending().get()
                aria-busy=move || end.pending().get().then_some("true")
                on:click=move |_| { end.dispatch(None); }>{t!(i18n, sessions.sign_out_others)}</button>
        })}
    }
}
