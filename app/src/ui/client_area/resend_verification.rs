//! "Send the link again" under the sign-in refusal for an unverified address: a new
//! verification link to the address just typed (the server answers the same either way and
//! throttles it per address and per network).
use crate::api::resend_verification;
use crate::i18n::{t, use_i18n};
use crate::ui::form::FormError;
use leptos::html::Input;
use leptos::prelude::*;

#[component]
pub fn ResendVerification(email: NodeRef<Input>) -> impl IntoView {
    let i18n = use_i18n();
    let send = Action::new(move |address: &String| resend_verification(address.clone()));
    let sent = move || matches!(send.value().get(), Some(Ok(())));
    let error = Signal::derive(move || send.value().get().and_then(Result::err));
    let click = move |_| {
        if let Some(input) = email.get_untracked() {
            send.dispatch(input.value());
        }
    };
    view! {
        <Show when=sent fallback=move || view! {
            <button type="button" disabled=move || send.pending().get()
                aria-busy=move || send.pending().get().then_some("true") on:click=click>
                {t!(i18n, login.resend)}
            </button>
            <FormError error/>
        }>
            <p class="notice" role="status">{t!(i18n, login.resent)}</p>
        </Show>
    }
}
