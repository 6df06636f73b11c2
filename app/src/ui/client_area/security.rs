//! The account page's security: password change and two-factor authentication.
use super::recovery_codes::RecoveryCodes;
use crate::api::{change_my_password, disable_my_two_factor, regenerate_my_recovery_codes};
use crate::model::account::Account;
use crate::model::user_list::TwoFactorState;
use crate::model::AppError;
use crate::ui::form::FormError;
use leptos::prelude::*;

#[component]
pub fn Security(account: Account, reload: Callback<()>) -> impl IntoView {
    view! {
        <section class="card wide" aria-labelledby="security-title">
            <h2 id="security-title">"Security"</h2>
            <PasswordChange/>
            <TwoFactor account reload/>
        </section>
    }
}

/// The messages of a field-checked action, as one line.
fn first_message(result: Option<Result<(), AppError>>) -> Option<AppError> {
    match result? {
        Ok(()) => None,
        Err(AppError::Fields(list)) => list
            .first()
            .map(|e| AppError::validation(&e.field, e.message.clone())),
        Err(e) => Some(e),
    }
}

#[component]
fn PasswordChange() -> impl IntoView {
    let (current, new) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let change =
        Action::new(move |_: &()| change_my_password(current.get_untracked(), new.get_untracked()));
    let error = Signal::derive(move || first_message(change.value().get()));
    let done = move || {
        matches!(change.value().get(), Some(Ok(())))
            .then_some("Password changed. Your other sessions have been signed out.")
    };
    view! {
        <h3>"Change password"</h3>
        <form class="stack" on:submit=move |ev| { ev.prevent_default(); change.dispatch(()); }>
            <label for="current-password">"Current password"</label>
            <input id="current-password" type="password" autocomplete="current-password" required
                prop:value=current on:input=move |ev| current.set(event_target_value(&ev))/>
            <label for="new-password">"New password"</label>
            <input id="new-password" type="password" autocomplete="new-password" required
                prop:value=new on:input=move |ev| new.set(event_target_value(&ev))/>
            <FormError error/>
            <p role="status">{done}</p>
            <button type="submit" disabled=move || change.pending().get()>"Change password"</button>
        </form>
    }
}

#[component]
fn TwoFactor(account: Account, reload: Callback<()>) -> impl IntoView {
    let status = match account.two_factor {
        TwoFactorState::Enrolled => format!(
            "Two-factor authentication is on. Recovery codes left: {}.",
            account.recovery_codes_left
        ),
        _ => "Two-factor authentication is off.".to_owned(),
    };
    let enrolled = account.two_factor == TwoFactorState::Enrolled;
    view! {
        <h3>"Two-factor authentication"</h3>
        <p data-testid="two-factor-status">{status}</p>
        {if enrolled {
            view! {
                <NewRecoveryCodes/>
                {(!account.two_factor_required).then(|| view! { <TurnOff reload/> })}
            }.into_any()
        } else {
            view! { <p><a class="button primary" href="/account/2fa">"Set up two-factor authentication"</a></p> }.into_any()
        }}
    }
}

#[component]
fn NewRecoveryCodes() -> impl IntoView {
    let code = RwSignal::new(String::new());
    let make = Action::new(move |_: &()| regenerate_my_recovery_codes(code.get_untracked()));
    let error = Signal::derive(move || first_message(make.value().get().map(|r| r.map(|_| ()))));
    view! {
        <form class="stack" on:submit=move |ev| { ev.prevent_default(); make.dispatch(()); }>
            <label for="regen-code">"Current authenticator code (for new recovery codes)"</label>
            <input id="regen-code" inputmode="numeric" autocomplete="one-time-code" maxlength="7" required
                prop:value=code on:input=move |ev| code.set(event_target_value(&ev))/>
            <FormError error/>
            <button type="submit" disabled=move || make.pending().get()>"Make new recovery codes"</button>
        </form>
        {move || make.value().get().and_then(Result::ok).map(|codes| view! { <RecoveryCodes codes/> })}
    }
}

#[component]
fn TurnOff(reload: Callback<()>) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let off = Action::new(move |_: &()| disable_my_two_factor(password.get_untracked()));
    Effect::new(move |_| {
        if let Some(Ok(())) = off.value().get() {
            reload.run(());
        }
    });
    let error = Signal::derive(move || first_message(off.value().get()));
    view! {
        <form class="stack" on:submit=move |ev| { ev.prevent_default(); off.dispatch(()); }>
            <label for="off-password">"Password (to turn two-factor authentication off)"</label>
            <input id="off-password" type="password" autocomplete="current-password" required
                prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
            <FormError error/>
            <button type="submit" class="danger" disabled=move || off.pending().get()>"Turn off two-factor authentication"</button>
        </form>
    }
}
