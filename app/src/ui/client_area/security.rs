//! The account page's security: password change and two-factor authentication (neither while
//! a staff member is signed in as the user).
use super::recovery_codes::RecoveryCodes;
use crate::api::{change_my_password, disable_my_two_factor, regenerate_my_recovery_codes};
use crate::i18n::{t, use_i18n};
use crate::model::account::Account;
use crate::model::user_list::TwoFactorState;
use crate::model::AppError;
use crate::ui::form::FormError;
use leptos::prelude::*;

#[component]
pub fn Security(account: Account, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card wide" aria-labelledby="security-title">
            <h2 id="security-title">{t!(i18n, security.heading)}</h2>
            {match account.impersonation {
                Some(_) => view! { <p class="notice">{t!(i18n, impersonation.security_off)}</p> }.into_any(),
                None => view! { <PasswordChange/><TwoFactor account reload/> }.into_any(),
            }}
        </section>
    }
}

#[component]
fn PasswordChange() -> impl IntoView {
    let i18n = use_i18n();
    let (current, new) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let change =
        Action::new(move |_: &()| change_my_password(current.get_untracked(), new.get_untracked()));
    let error = Signal::derive(move || failure(change.value().get()));
    let done = move || {
        matches!(change.value().get(), Some(Ok(()))).then(|| t!(i18n, security.password_changed))
    };
    view! {
        <h3>{t!(i18n, security.change_password)}</h3>
        <form class="stack" on:submit=move |ev| { ev.prevent_default(); change.dispatch(()); }>
            <label for="current-password">{t!(i18n, security.current_password)}</label>
            <input id="current-password" type="password" autocomplete="current-password" required
                prop:value=current on:input=move |ev| current.set(event_target_value(&ev))/>
            <label for="new-password">{t!(i18n, security.new_password)}</label>
            <input id="new-password" type="password" autocomplete="new-password" required
                prop:value=new on:input=move |ev| new.set(event_target_value(&ev))/>
            <FormError error/>
            <p role="status">{done}</p>
            <button type="submit" disabled=move || change.pending().get() aria-busy=move || change.pending().get().then_some("true")>{t!(i18n, security.change_password)}</button>
        </form>
    }
}

#[component]
fn TwoFactor(account: Account, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let enrolled = account.two_factor == TwoFactorState::Enrolled;
    let left = account.recovery_codes_left;
    let status = move || {
        if enrolled {
            t!(i18n, security.two_factor_on, count = move || left).into_any()
        } else {
            t!(i18n, security.two_factor_off).into_any()
        }
    };
    view! {
        <h3>{t!(i18n, security.two_factor)}</h3>
        <p data-testid="two-factor-status">{status}</p>
        {if enrolled {
            view! {
                <NewRecoveryCodes/>
                {(!account.two_factor_required).then(|| view! { <TurnOff reload/> })}
            }.into_any()
        } else {
            view! { <p><a class="button primary" href="/account/2fa">{t!(i18n, security.set_up)}</a></p> }.into_any()
        }}
    }
}

#[component]
fn NewRecoveryCodes() -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let make = Action::new(move |_: &()| regenerate_my_recovery_codes(code.get_untracked()));
    let error = Signal::derive(move || failure(make.value().get()));
    view! {
        <form class="stack" on:submit=move |ev| { ev.prevent_default(); make.dispatch(()); }>
            <label for="regen-code">{t!(i18n, security.regen_label)}</label>
            <input id="regen-code" inputmode="numeric" autocomplete="one-time-code" maxlength="7" required
                prop:value=code on:input=move |ev| code.set(event_target_value(&ev))/>
            <FormError error/>
            <button type="submit" disabled=move || make.pending().get() aria-busy=move || make.pending().get().then_some("true")>{t!(i18n, security.regen_submit)}</button>
        </form>
        {move || make.value().get().and_then(Result::ok).map(|codes| view! { <RecoveryCodes codes/> })}
    }
}

#[component]
fn TurnOff(reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let password = RwSignal::new(String::new());
    let off = Action::new(move |_: &()| disable_my_two_factor(password.get_untracked()));
    Effect::new(move |_| {
        if let Some(Ok(())) = off.value().get() {
            reload.run(());
        }
    });
    let error = Signal::derive(move || failure(off.value().get()));
    view! {
        <form class="stack" on:submit=move |ev| { ev.prevent_default(); off.dispatch(()); }>
            <label for="off-password">{t!(i18n, security.off_label)}</label>
            <input id="off-password" type="password" autocomplete="current-password" required
                prop:value=password on:input=move |ev| password.set(event_target_value(&ev))/>
            <FormError error/>
            <button type="submit" class="danger" disabled=move || off.pending().get() aria-busy=move || off.pending().get().then_some("true")>{t!(i18n, security.off_submit)}</button>
        </form>
    }
}

/// The error of an action's last result, if it failed.
fn failure<T>(result: Option<Result<T, AppError>>) -> Option<AppError> {
    result?.err()
}
