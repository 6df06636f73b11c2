//! Set up my authenticator again (a new phone): a code from the current one proves it is
//! me, a code from the new one that it was added; the old one works until then.
use crate::api::{confirm_staff_reenrolment, start_staff_reenrolment};
use crate::model::user_form::FieldError;
use crate::model::Enrolment;
use crate::ui::fields::TextField;
use crate::ui::form::{place_error, FormError};
use leptos::prelude::*;

#[component]
pub fn AuthenticatorSection() -> impl IntoView {
    let start = Action::new(|_: &()| start_staff_reenrolment());
    let done = RwSignal::new(false);
    view! {
        <section class="card" aria-labelledby="authenticator-title">
            <h2 id="authenticator-title">"Authenticator"</h2>
            {move || match start.value().get() {
                Some(Ok(enrolment)) if !done.get() => view! { <NewAuthenticator enrolment done/> }.into_any(),
                Some(Err(e)) => view! { <FormError error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                _ => view! {
                    <p role="status">{move || if done.get() { "Your new authenticator is set up; the old one no longer works." } else { "Moving to a new phone? Add Roster to the new authenticator app here." }}</p>
                    <button type="button" disabled=move || start.pending().get() aria-busy=move || start.pending().get().then_some("true")
                        on:click=move |_| { done.set(false); start.dispatch(()); }>
                        "Set up a new authenticator"
                    </button>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn NewAuthenticator(enrolment: Enrolment, done: RwSignal<bool>) -> impl IntoView {
    let current = RwSignal::new(String::new());
    let code = RwSignal::new(String::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None);
    let pending = enrolment.pending.clone().unwrap_or_default();
    let confirm = Action::new(move |(c, n): &(String, String)| {
        confirm_staff_reenrolment(c.clone(), n.clone(), pending.clone())
    });
    Effect::new(move |_| match confirm.value().get() {
        Some(Ok(())) => done.set(true),
        Some(Err(e)) => {
            let (placed, rest) = place_error(e, |f| f == "current_code" || f == "code");
            errors.set(placed);
            failure.set(rest);
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        errors.set(Vec::new());
        failure.set(None);
        confirm.dispatch((current.get_untracked(), code.get_untracked()));
    };
    let qr = format!("data:image/png;base64,{}", enrolment.qr_png_base64);
    let leave = Callback::new(|_: &'static str| {});
    view! {
        <ol class="steps">
            <li>"Scan this QR code with the new authenticator app."<img class="qr" src=qr alt="QR code to add Roster to an authenticator app"/></li>
            <li>"Or type this key into the app: "<code class="secret" data-testid="new-totp-secret">{enrolment.secret_base32}</code></li>
        </ol>
        <form class="user-form" on:submit=submit novalidate>
            <TextField label="Code from your current authenticator" field="current_code" value=current
                set=Callback::new(move |v| current.set(v)) errors leave autocomplete="one-time-code" scope="profile"/>
            <TextField label="Code from the new authenticator" field="code" value=code
                set=Callback::new(move |v| code.set(v)) errors leave autocomplete="one-time-code" scope="profile"/>
            <FormError error=failure/>
            <button type="submit" class="primary" disabled=move || confirm.pending().get() aria-busy=move || confirm.pending().get().then_some("true")>
                "Use the new authenticator"
            </button>
        </form>
    }
}
