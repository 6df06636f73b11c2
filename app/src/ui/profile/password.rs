//! Change my password: the current one, then the new one (the same policy as everywhere);
//! my other sessions end.
use crate::api::change_staff_password;
use crate::model::user_form::FieldError;
use crate::ui::fields::TextField;
use crate::ui::form::{place_error, FormError};
use leptos::prelude::*;

#[component]
pub fn PasswordSection() -> impl IntoView {
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None);
    let done = RwSignal::new(false);
    let save =
        Action::new(move |(c, n): &(String, String)| change_staff_password(c.clone(), n.clone()));
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => {
            current.set(String::new());
            new.set(String::new());
            done.set(true);
        }
        Some(Err(e)) => {
            let (placed, rest) = place_error(e, |f| f == "current" || f == "password");
            errors.set(placed);
            failure.set(rest);
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.set(Vec::new());
        failure.set(None);
        done.set(false);
        save.dispatch((current.get_untracked(), new.get_untracked()));
    };
    let leave = Callback::new(|_: &'static str| {});
    view! {
        <section class="card" aria-labelledby="password-title">
            <h2 id="password-title">"Password"</h2>
            <form class="user-form" on:submit=submit novalidate>
                <TextField label="Current password" field="current" value=current set=Callback::new(move |v| current.set(v))
                    errors leave kind="password" autocomplete="current-password" scope="profile"/>
                <TextField label="New password" field="password" value=new set=Callback::new(move |v| new.set(v))
                    errors leave kind="password" autocomplete="new-password" scope="profile"/>
                <p class="hint">"At least 12 characters. Your other sessions end when it changes."</p>
                <FormError error=failure/>
                <p class="done" role="status">{move || done.get().then_some("Password changed. Your other sessions were signed out.")}</p>
                <button type="submit" class="primary" disabled=move || save.pending().get() aria-busy=move || save.pending().get().then_some("true")>
                    "Change password"
                </button>
            </form>
        </section>
    }
}
