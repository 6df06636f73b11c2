use super::resend_verification::ResendVerification;
use crate::api::{UserSignIn, UserVerifyCode};
use crate::i18n::{t, t_string, use_i18n};
use crate::model::messages::Message;
use crate::model::passkey::PasskeyHolder;
use crate::model::AppError;
use crate::ui::form::{action_error, FormError};
use crate::ui::passkeys::{or_text, PasskeyButton, PasskeyStep, SecondFactorChoices};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// Sign-in, step 1: email and password.
#[component]
pub fn UserLoginPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<UserSignIn>::new();
    let email = NodeRef::new();
    // Refused for an unverified address (after the right password): offer a new link.
    let unverified = move || {
        matches!(
            action.value().get(),
            Some(Err(AppError::Unauthorized(Message::EmailNotVerified)))
        )
    };
    view! {
        <Title text=move || t_string!(i18n, login.title).to_owned()/>
        <main class="centered">
            <section class="card" aria-labelledby="login-title">
                <h1 id="login-title">{t!(i18n, login.heading)}</h1>
                <ActionForm action=action attr:class="stack">
                    <label for="email">{t!(i18n, login.email)}</label>
                    <input id="email" type="email" name="email" autocomplete="username" required node_ref=email/>
                    <label for="password">{t!(i18n, login.password)}</label>
                    <input id="password" type="password" name="password" autocomplete="current-password" required/>
                    <FormError error=action_error(action)/>
                    <Show when=unverified>
                        <ResendVerification email/>
                    </Show>
                    <button type="submit" class="primary" disabled=move || action.pending().get() aria-busy=move || action.pending().get().then_some("true")>{t!(i18n, login.submit)}</button>
                </ActionForm>
                <p class="or">{or_text()}</p>
                <PasskeyButton holder=PasskeyHolder::User step=PasskeyStep::SignIn/>
                <p><a href="/forgot-password">{t!(i18n, login.forgot)}</a></p>
            </section>
        </main>
    }
}

/// Sign-in, step 2: the code from the authenticator app, or a recovery code.
#[component]
pub fn UserCodePage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<UserVerifyCode>::new();
    view! {
        <Title text=move || t_string!(i18n, code.title).to_owned()/>
        <main class="centered">
            <section class="card" aria-labelledby="code-title">
                <h1 id="code-title">{t!(i18n, code.heading)}</h1>
                <SecondFactorChoices holder=PasskeyHolder::User code_form=move || view! {
                    <p>{t!(i18n, code.intro)}</p>
                    <ActionForm action=action attr:class="stack">
                        <label for="code">{t!(i18n, code.label)}</label>
                        <input id="code" name="code" autocomplete="one-time-code" maxlength="16" required/>
                        <FormError error=action_error(action)/>
                        <button type="submit" class="primary" disabled=move || action.pending().get() aria-busy=move || action.pending().get().then_some("true")>{t!(i18n, code.submit)}</button>
                    </ActionForm>
                }/>
                <p><a href="/login">{t!(i18n, code.start_again)}</a></p>
            </section>
        </main>
    }
}
