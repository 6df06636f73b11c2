//! "Sign in as user": asks why (required, recorded with the session and in the audit trail),
//! signs this browser in to the client area as the user for at most 30 minutes, then offers
//! the client area in a new tab (a link the staff member follows: a tab opened by script
//! after a request would be stopped by popup blockers).
use super::dialogs::users_ui;
use crate::api::sign_in_as_user;
use crate::model::messages::Message;
use crate::model::AppError;
use crate::ui::form::FormError;
use crate::ui::modal::Modal;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn SignInAsDialog(id: Uuid, name: String) -> impl IntoView {
    let ui = users_ui();
    let reason = RwSignal::new(String::new());
    let start = Action::new(move |reason: &String| sign_in_as_user(id, reason.clone()));
    let started = move || matches!(start.value().get(), Some(Ok(())));
    // Said before any request: an empty reason never leaves the browser.
    let missing = RwSignal::new(false);
    let error = Signal::derive(move || {
        if missing.get() {
            return Some(AppError::Validation {
                field: "reason".into(),
                message: Message::ReasonMissing,
            });
        }
        start.value().get().and_then(Result::err)
    });
    let submit = move || {
        let typed = reason.get_untracked();
        missing.set(typed.trim().is_empty());
        if !missing.get_untracked() {
            start.dispatch(typed);
        }
    };
    let close = Callback::new(move |_| ui.close());
    let title = format!("Sign in as {name}");
    view! {
        <Modal title on_close=close>
            <Show when=started fallback=move || view! {
                <form class="sign-in-as" on:submit=move |ev| { ev.prevent_default(); submit(); }>
                    <p class="hint">"Opens the client area as this user, in a new tab, for at most 30 minutes. Their password, 2FA, recovery codes and sessions stay out of reach; what you do there is recorded with your name and theirs."</p>
                    <div class="field">
                        <label for="sign-in-as-reason">"Reason"</label>
                        <input id="sign-in-as-reason" type="text" maxlength="500" autocomplete="off"
                            placeholder="e.g. ticket 4512: cannot find the invoice"
                            prop:value=move || reason.get() on:input=move |ev| { missing.set(false); reason.set(event_target_value(&ev)); }/>
                    </div>
                    <FormError error/>
                    <div class="actions">
                        <button type="button" on:click=move |_| ui.close()>"Cancel"</button>
                        <button type="submit" class="primary" disabled=move || start.pending().get()
                            aria-busy=move || start.pending().get().then_some("true")>"Sign in as user"</button>
                    </div>
                </form>
            }>
                <p role="status">"You are signed in to the client area as this user for 30 minutes, or until you return to the console from its banner."</p>
                <div class="actions">
                    <button type="button" on:click=move |_| ui.close()>"Close"</button>
                    <a class="button primary" href="/account" target="_blank" rel="noopener"
                        on:click=move |_| ui.close()>"Open the client area"</a>
                </div>
            </Show>
        </Modal>
    }
}
