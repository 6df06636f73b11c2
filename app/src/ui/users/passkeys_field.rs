//! Edit User's passkeys: how many the user has, and "Remove passkeys", behind a confirmation
//! that says their sessions end (a lost or stolen device then signs nobody in).
use crate::api::remove_user_passkeys;
use crate::ui::form::FormError;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn PasskeysField(id: Uuid, count: u32) -> impl IntoView {
    let count = RwSignal::new(count);
    let confirming = RwSignal::new(false);
    let remove = Action::new(move |_: &()| remove_user_passkeys(id));
    Effect::new(move |_| {
        if let Some(Ok(_)) = remove.value().get() {
            count.set(0);
            confirming.set(false);
        }
    });
    let error = Signal::derive(move || remove.value().get().and_then(Result::err));
    let summary = move || match count.get() {
        0 => "No passkeys.".to_owned(),
        1 => "1 passkey: the user can sign in with it instead of a password and code.".to_owned(),
        n => format!(
            "{n} passkeys: the user can sign in with any of them instead of a password and code."
        ),
    };
    view! {
        <p class="tfa-state" id="user-passkeys">{summary}</p>
        <Show when=move || { count.get() > 0 }>
            <Show when=move || confirming.get() fallback=move || view! {
                <button type="button" class="danger" on:click=move |_| confirming.set(true)>"Remove passkeys…"</button>
            }>
                <div class="confirm" role="alertdialog" aria-labelledby="remove-passkeys-title">
                    <p id="remove-passkeys-title"><strong>"Remove every passkey of this user?"</strong></p>
                    <p>"They no longer sign in with them, and every session they have is ended."</p>
                    <button type="button" on:click=move |_| confirming.set(false)>"Keep passkeys"</button>
                    <button type="button" class="danger" disabled=move || remove.pending().get() aria-busy=move || remove.pending().get().then_some("true")
                        on:click=move |_| { remove.dispatch(()); }>
                        {move || if remove.pending().get() { "Removing…" } else { "Remove passkeys" }}
                    </button>
                </div>
            </Show>
        </Show>
        <FormError error/>
    }
}
