//! Edit User's 2FA section: the user's real 2FA state, the staff requirement (the only part
//! of it a save changes), and "Reset 2FA", an explicit action behind a confirmation that
//! names what it ends.
use crate::api::reset_user_two_factor;
use crate::model::user_form::{two_factor_summary, UserForm};
use crate::model::user_list::TwoFactorState;
use crate::ui::fields::CheckField;
use crate::ui::form::FormError;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn TwoFactorField(
    form: RwSignal<UserForm>,
    /// The user being edited; None in Create User.
    editing: Option<Uuid>,
    /// The user's 2FA as saved.
    state: RwSignal<TwoFactorState>,
    /// The requirement as saved (the summary describes the saved state, not the toggle).
    saved_required: bool,
    version: RwSignal<i32>,
    /// The user's passkeys (Edit User only).
    #[prop(optional)]
    passkeys: u32,
) -> impl IntoView {
    let required = Signal::derive(move || form.with(|f| f.two_factor_required));
    let set_required = Callback::new(move |v: bool| form.update(|f| f.two_factor_required = v));
    view! {
        <fieldset class="field two-factor">
            <legend>"Two-factor authentication"</legend>
            {editing.is_some().then(|| view! {
                <p class="tfa-state" id="user-tfa-state">
                    {move || two_factor_summary(state.get(), saved_required)}
                </p>
            })}
            <CheckField label="Require 2FA (the user must set up an authenticator app)" id="user-tfa"
                checked=required set=set_required/>
            {editing.map(|id| view! {
                <Show when=move || state.get() == TwoFactorState::Enrolled>
                    <ResetTwoFactor id state saved_required version/>
                </Show>
                <super::passkeys_field::PasskeysField id count=passkeys/>
            })}
        </fieldset>
    }
}

#[component]
fn ResetTwoFactor(
    id: Uuid,
    state: RwSignal<TwoFactorState>,
    saved_required: bool,
    version: RwSignal<i32>,
) -> impl IntoView {
    let confirming = RwSignal::new(false);
    let reset = Action::new(move |_: &()| reset_user_two_factor(id));
    Effect::new(move |_| {
        if let Some(Ok(new_version)) = reset.value().get() {
            state.set(if saved_required {
                TwoFactorState::Required
            } else {
                TwoFactorState::Off
            });
            // Our own reset is not someone else's change: the form goes on from it.
            if version.get_untracked() == new_version - 1 {
                version.set(new_version);
            }
        }
    });
    let error = Signal::derive(move || reset.value().get().and_then(Result::err));
    view! {
        <Show when=move || confirming.get() fallback=move || view! {
            <button type="button" class="danger" on:click=move |_| confirming.set(true)>
                "Reset 2FA…"
            </button>
        }>
            <div class="confirm" role="alertdialog" aria-labelledby="reset-tfa-title">
                <p id="reset-tfa-title"><strong>"Reset this user's 2FA?"</strong></p>
                <p>"Their authenticator app and recovery codes are removed and every session they have is ended. "
                   {if saved_required { "They set up 2FA again at their next sign-in." } else { "They can sign in with their password alone until they set it up again." }}</p>
                <button type="button" on:click=move |_| confirming.set(false)>"Keep 2FA"</button>
                <button type="button" class="danger" disabled=move || reset.pending().get() aria-busy=move || reset.pending().get().then_some("true")
                    on:click=move |_| { reset.dispatch(()); }>
                    {move || if reset.pending().get() { "Resetting…" } else { "Reset 2FA" }}
                </button>
            </div>
        </Show>
        <FormError error/>
    }
}
