//! "Sign in with a passkey" (no email typed) and "Use a passkey" (after the password).
use super::flow::{self, PasskeyFailure};
use super::{locale, PasskeyError};
use crate::api::second_factor_options;
use crate::i18n::td_string;
use crate::model::passkey::PasskeyHolder;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasskeyStep {
    /// The passkey alone signs in.
    SignIn,
    /// The passkey in place of the authenticator code.
    SecondFactor,
}

#[component]
pub fn PasskeyButton(holder: PasskeyHolder, step: PasskeyStep) -> impl IntoView {
    let run = Action::new_local(move |_: &()| async move {
        match step {
            PasskeyStep::SignIn => flow::sign_in(holder).await,
            PasskeyStep::SecondFactor => flow::second_factor(holder).await,
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(to)) = run.value().get() {
            flow::go_to(&to);
        }
    });
    let failure = Signal::derive(move || {
        run.value()
            .get()
            .and_then(Result::<String, PasskeyFailure>::err)
    });
    let label = move || match step {
        PasskeyStep::SignIn => td_string!(locale(), passkeys.sign_in).to_string(),
        PasskeyStep::SecondFactor => td_string!(locale(), passkeys.use_passkey).to_string(),
    };
    let busy = move || run.pending().get() || matches!(run.value().get(), Some(Ok(_)));
    view! {
        <button type="button" class="passkey" data-testid="passkey-sign-in"
            disabled=busy aria-busy=move || busy().then_some("true")
            on:click=move |_| { run.dispatch(()); }>
            {label}
        </button>
        <PasskeyError failure/>
    }
}

/// The code step's choices: `code_form` when the account has an authenticator app, and
/// "Use a passkey" when it has a passkey.
#[component]
pub fn SecondFactorChoices(
    holder: PasskeyHolder,
    #[prop(into)] code_form: ViewFn,
) -> impl IntoView {
    let factors = Resource::new(|| (), move |_| second_factor_options(holder));
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let code_form = code_form.clone();
                Suspend::new(async move {
                    let factors = factors.await.ok().flatten();
                    // Unknown (the session ended): the form, whose answer says so.
                    let app = factors.is_none_or(|f| f.authenticator_app);
                    let passkey = factors.is_some_and(|f| f.passkey);
                    view! {
                        {app.then(|| code_form.run())}
                        {(app && passkey).then(|| view! { <p class="or">{super::or_text()}</p> })}
                        {passkey.then(|| view! { <PasskeyButton holder step=PasskeyStep::SecondFactor/> })}
                    }
                })
            }}
        </Suspense>
    }
}
