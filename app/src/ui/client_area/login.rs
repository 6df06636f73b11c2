use crate::api::{UserSignIn, UserVerifyCode};
use crate::ui::form::{action_error, FormError};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// Sign-in, step 1: email and password.
#[component]
pub fn UserLoginPage() -> impl IntoView {
    let action = ServerAction::<UserSignIn>::new();
    view! {
        <Title text="Sign in"/>
        <main class="centered">
            <section class="card" aria-labelledby="login-title">
                <h1 id="login-title">"Sign in to your account"</h1>
                <ActionForm action=action attr:class="stack">
                    <label for="email">"Email"</label>
                    <input id="email" type="email" name="email" autocomplete="username" required/>
                    <label for="password">"Password"</label>
                    <input id="password" type="password" name="password" autocomplete="current-password" required/>
                    <FormError error=action_error(action)/>
                    <button type="submit" class="primary" disabled=move || action.pending().get()>"Sign in"</button>
                </ActionForm>
            </section>
        </main>
    }
}

/// Sign-in, step 2: the code from the authenticator app, or a recovery code.
#[component]
pub fn UserCodePage() -> impl IntoView {
    let action = ServerAction::<UserVerifyCode>::new();
    view! {
        <Title text="Authentication code"/>
        <main class="centered">
            <section class="card" aria-labelledby="code-title">
                <h1 id="code-title">"Two-factor authentication"</h1>
                <p>"Enter the 6-digit code from your authenticator app, or one of your recovery codes."</p>
                <ActionForm action=action attr:class="stack">
                    <label for="code">"Authentication or recovery code"</label>
                    <input id="code" name="code" autocomplete="one-time-code" maxlength="16" required/>
                    <FormError error=action_error(action)/>
                    <button type="submit" class="primary" disabled=move || action.pending().get()>"Verify"</button>
                </ActionForm>
                <p><a href="/login">"Start again"</a></p>
            </section>
        </main>
    }
}
