//! New API token: a name, the scopes (only those my role allows are offered), how long it
//! lasts; and the token made, shown this once with a Copy button.
use crate::api::create_api_token;
use crate::model::api_token::{ApiScope, CreatedApiToken};
use crate::model::user_form::FieldError;
use crate::model::{Keyed, Labelled};
use crate::ui::fields::{CopyButton, FieldMessage, TextField};
use crate::ui::form::{place_error, FormError};
use leptos::prelude::*;

/// Lifetimes offered, in days (none: until revoked).
const LIFETIMES: [(&str, Option<i64>); 4] = [
    ("30 days", Some(30)),
    ("90 days", Some(90)),
    ("1 year", Some(365)),
    ("No expiry", None),
];

#[component]
pub fn NewTokenForm(grantable: Vec<ApiScope>, created: Callback<CreatedApiToken>) -> impl IntoView {
    let name = RwSignal::new(String::new());
    let scopes = RwSignal::new(Vec::<ApiScope>::new());
    let lifetime = RwSignal::new(0usize);
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None);
    let save = Action::new(move |(n, s, d): &(String, Vec<ApiScope>, Option<i64>)| {
        create_api_token(n.clone(), s.clone(), *d)
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(made)) => {
            name.set(String::new());
            scopes.set(Vec::new());
            created.run(made);
        }
        Some(Err(e)) => {
            let (placed, rest) =
                place_error(e, |f| ["name", "scopes", "lifetime_days"].contains(&f));
            errors.set(placed);
            failure.set(rest);
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.set(Vec::new());
        failure.set(None);
        let days = LIFETIMES[lifetime.get_untracked()].1;
        save.dispatch((name.get_untracked(), scopes.get_untracked(), days));
    };
    let toggle = move |scope: ApiScope, on: bool| {
        scopes.update(|list| {
            list.retain(|s| *s != scope);
            if on {
                list.push(scope);
            }
        })
    };
    view! {
        <form class="user-form" on:submit=submit novalidate>
            <TextField label="Name" field="name" value=name set=Callback::new(move |v| name.set(v))
                errors leave=Callback::new(|_| {}) required=true scope="token"/>
            <fieldset class="field scopes">
                <legend>"Scopes"</legend>
                {grantable.into_iter().map(|scope| {
                    let id = format!("token-scope-{}", scope.key().replace(':', "-"));
                    view! {
                        <div class="check">
                            <input id=id.clone() type="checkbox"
                                prop:checked=move || scopes.with(|l| l.contains(&scope))
                                on:change=move |ev| toggle(scope, event_target_checked(&ev))/>
                            <label for=id><code>{scope.key()}</code>" · "{scope.label()}</label>
                        </div>
                    }
                }).collect_view()}
                <FieldMessage field="scopes" errors scope="token"/>
            </fieldset>
            <div class="field">
                <label for="token-lifetime">"Expires after"</label>
                <select id="token-lifetime" on:change=move |ev| {
                    lifetime.set(event_target_value(&ev).parse().unwrap_or(0));
                }>
                    {LIFETIMES.iter().enumerate().map(|(i, (label, _))| view! {
                        <option value=i.to_string() selected=i == 0>{*label}</option>
                    }).collect_view()}
                </select>
                <FieldMessage field="lifetime_days" errors scope="token"/>
            </div>
            <FormError error=failure/>
            <button type="submit" class="primary" disabled=move || save.pending().get()
                aria-busy=move || save.pending().get().then_some("true")>"Create token"</button>
        </form>
    }
}

/// The token just made, to copy now.
#[component]
pub fn NewToken(made: CreatedApiToken) -> impl IntoView {
    view! {
        <div class="notice token-shown" role="status">
            <p><strong>{format!("Token “{}” created.", made.row.name)}</strong>
                " Copy it now: it is shown only this once, and Roster keeps only its hash."</p>
            <div class="copy-row">
                <input id="token-value" type="text" readonly aria-label="New API token" value=made.token.clone()/>
                <CopyButton text=made.token label="Copy the token"/>
            </div>
        </div>
    }
}
