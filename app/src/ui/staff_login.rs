use super::form::{action_error, FormError};
use super::passkeys::{PasskeyButton, PasskeyStep, SecondFactorChoices};
use crate::api::{StaffSignIn, StaffVerifyCode};
use crate::model::passkey::PasskeyHolder;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// Staff sign-in, step 1: email and password.
#[component]
pub fn StaffLoginPage() -> impl IntoView {
    let action = ServerAction::<StaffSignIn>::new();
    view! {
        <Title text="Staff sign-in"/>
        <main class="centered">
            <section class="card" aria-labelledby="login-title">
                <h1 id="login-title">"Sign in to Roster"</h1>
                <ActionForm action=action attr:class="stack">
                    <label for="email">"Email"</label>
                    <input id="email" type="email" name="email" autocomplete="username" required/>
                    <label for="password">"Password"</label>
                    <input
                        id="password"
                        type="password"
                        name="password"
                        autocomplete="current-password"
                        required
                    />
                    <FormError error=action_error(action)/>
                    <button type="submit" class="primary" disabled=move || action.pending().get() aria-busy=move || action.pending().get().then_some("true")>
                        "Sign in"
                    </button>
                </ActionForm>
                <p class="or">"or"</p>
                <PasskeyButton holder=PasskeyHolder::Staff step=PasskeyStep::SignIn/>
            </section>
        </main>
    }
}

/// Staff sign-in, step 2: the code from the authenticator app.
#[component]
pub fn StaffCodePage() -> impl IntoView {
    let action = ServerAction::<StaffVerifyCode>::new();
    view! {
        <Title text="Authentication code"/>
        <main class="centered">
            <section class="card" aria-labelledby="code-title">
                <h1 id="code-title">"Two-factor authentication"</h1>
                <SecondFactorChoices holder=PasskeyHolder::Staff code_form=move || view! {
                    <p>"Enter the 6-digit code from your authenticator app."</p>
                    <ActionForm action=action attr:class="stack">
                        <label for="code">"Authentication code"</label>
                        <input
                            id="code"
                            name="code"
                            inputmode="numeric"
                            autocomplete="one-time-code"
                            pattern="[0-9 ]{6,7}"
                            maxlength="7"
                            required
                        />
                        <FormError error=action_error(action)/>
                        <button type="submit" class="primary" disabled=move || action.pending().get() aria-busy=move || action.pending().get().then_some("true")>
                            "Verify"
                        </button>
                    </ActionForm>
                }/>
                <p>
                    <a href="/admin/login">"Start again"</a>
                </p>
            </section>
        </main>
    }
}
