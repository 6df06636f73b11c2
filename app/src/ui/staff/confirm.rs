//! The questions a staff row asks before acting (Disable, Enable, Reset 2FA), and the
//! one-time password of a member just added, shown once.
use super::{staff_ui, StaffAction};
use crate::api::{reset_staff_two_factor, set_staff_disabled};
use crate::model::StaffRow;
use crate::ui::form::FormError;
use crate::ui::modal::Modal;
use leptos::prelude::*;

fn wording(action: StaffAction, name: &str) -> (String, &'static str, &'static str, &'static str) {
    match action {
        StaffAction::Disable => (
            format!("Disable {name}?"),
            "They are signed out everywhere at once and cannot sign in until enabled again.",
            "Disable",
            "Staff member disabled",
        ),
        StaffAction::Enable => (
            format!("Enable {name}?"),
            "They can sign in again with their password and authenticator.",
            "Enable",
            "Staff member enabled",
        ),
        StaffAction::ResetTwoFactor => (
            format!("Reset two-factor authentication of {name}?"),
            "Their authenticator stops working, they are signed out, and they set up a new one at their next sign-in.",
            "Reset 2FA",
            "2FA reset",
        ),
    }
}

#[component]
pub fn ConfirmDialog(row: StaffRow, action: StaffAction) -> impl IntoView {
    let ui = staff_ui();
    let id = row.id;
    let (title, explanation, button, done) = wording(action, &row.name);
    let act = Action::new(move |_: &()| async move {
        match action {
            StaffAction::Disable => set_staff_disabled(id, true).await,
            StaffAction::Enable => set_staff_disabled(id, false).await,
            StaffAction::ResetTwoFactor => reset_staff_two_factor(id).await,
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(())) = act.value().get() {
            ui.done(done);
        }
    });
    let error = Signal::derive(move || act.value().get().and_then(Result::err));
    let close = Callback::new(move |_| ui.close());
    view! {
        <Modal title on_close=close>
            <p>{explanation}</p>
            <FormError error/>
            <div class="actions">
                <button type="button" on:click=move |_| ui.close()>"Cancel"</button>
                <button type="button" class:danger=action != StaffAction::Enable class:primary=action == StaffAction::Enable
                    disabled=move || act.pending().get() aria-busy=move || act.pending().get().then_some("true")
                    on:click=move |_| { act.dispatch(()); }>
                    {button}
                </button>
            </div>
        </Modal>
    }
}

#[component]
pub fn CreatedDialog(name: String, password: String) -> impl IntoView {
    let ui = staff_ui();
    let close = Callback::new(move |_| ui.close());
    view! {
        <Modal title=format!("{name} was added") on_close=close>
            <p>"Give them this one-time password by a safe channel. It is shown only now; at their first sign-in they choose their own and set up two-factor authentication."</p>
            <p class="one-time"><code data-testid="one-time-password">{password}</code></p>
            <div class="actions">
                <button type="button" class="primary" on:click=move |_| ui.close()>"Done"</button>
            </div>
        </Modal>
    }
}
