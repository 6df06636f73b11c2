use crate::model::user_list::{
    yes_no_from_key, yes_no_key, SignInRecency, TwoFactorState, UserListQuery, UserStatus,
    DORMANT_DAYS,
};
use crate::model::{Keyed, Labelled, VariantArray};
use crate::ui::list::{paced_search, use_go};
use leptos::prelude::*;

/// Search box and filters: a plain GET form (works without WASM); once hydrated, typing and
/// choosing update the URL directly, typing as `paced_search` allows.
#[component]
pub fn UserFilters(query: Memo<UserListQuery>, loading: ReadSignal<bool>) -> impl IntoView {
    let go = use_go::<UserListQuery>();
    let on_search = paced_search(query, |q, text| UserListQuery { q: text, ..q }, loading);
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
            <input type="search" name="q" aria-label="Search" aria-keyshortcuts="/" placeholder="Search name, email, phone or UUID"
                value=current.q.clone() on:input=on_search autocomplete="off"/>
            <label>"Status "
                <select name="status" on:change=choose(|q, v| q.status = UserStatus::from_key(&v))>
                    <option value="" selected=status_value.is_empty()>"Any"</option>
                    {UserStatus::VARIANTS.iter().copied().map(|s| view! {
                        <option value=s.key() selected=status_value == s.key()>{s.label()}</option>
                    }).collect_view()}
                </select>
            </label>
            <label>"2FA "
                <select name="tfa" on:change=choose(|q, v| q.two_factor = TwoFactorState::from_key(&v))>
                    <option value="">"Any"</option>
                    {TwoFactorState::VARIANTS.iter().copied().map(|t| view! {
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
            <label>"Last sign-in "
                <select name="signin" on:change=choose(|q, v| q.signed_in = SignInRecency::from_key(&v))>
                    <option value="">"Any"</option>
                    <option value=SignInRecency::Never.key() selected=current.signed_in == Some(SignInRecency::Never)>"Never signed in"</option>
                    <option value=SignInRecency::Dormant.key() selected=current.signed_in == Some(SignInRecency::Dormant)>
                        {format!("No sign-in for {DORMANT_DAYS} days")}
                    </option>
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
