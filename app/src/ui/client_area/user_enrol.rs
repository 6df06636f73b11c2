use super::recovery_codes::RecoveryCodes;
use crate::api::{start_user_enrolment, user_confirm_enrolment};
use crate::model::{AppError, Enrolment};
use crate::ui::form::FormError;
use crate::ui::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;

/// Setting up 2FA: at sign-in when staff require it, or from the account page. Only after
/// confirmation with a code is 2FA active; then the recovery codes are shown, once.
#[component]
pub fn UserEnrolPage() -> impl IntoView {
    let enrolment = Resource::new(|| (), |_| start_user_enrolment());
    view! {
        <Title text="Set up two-factor authentication"/>
        <main class="centered">
            <section class="card wide" aria-labelledby="enrol-title">
                <h1 id="enrol-title">"Set up two-factor authentication"</h1>
                <Suspense fallback=|| view! { <p>"Preparing your secret…"</p> }>
                    {move || Suspend::new(async move {
                        match enrolment.await {
                            Ok(e) => view! { <Steps enrolment=e/> }.into_any(),
                            Err(AppError::Unauthorized(_)) => view! {
                                <p>"Your sign-in has expired. " <a href="/login">"Sign in again"</a></p>
                            }.into_any(),
                            Err(AppError::Conflict) => view! {
                                <p>"Two-factor authentication is already set up. " <a href="/account">"Go to your account"</a></p>
                            }.into_any(),
                            Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </main>
    }
}

#[component]
fn Steps(enrolment: Enrolment) -> impl IntoView {
    let code = RwSignal::new(String::new());
    let confirm = Action::new(move |c: &String| user_confirm_enrolment(c.clone()));
    let error = Signal::derive(move || confirm.value().get().and_then(Result::err));
    let qr = format!("data:image/png;base64,{}", enrolment.qr_png_base64);
    view! {
        {move || match confirm.value().get() {
            Some(Ok(codes)) => view! {
                <p class="notice" role="status">"Two-factor authentication is on."</p>
                <RecoveryCodes codes/>
                <p><a class="button primary" href="/account">"I have saved my codes: continue"</a></p>
            }.into_any(),
            _ => view! {
                <ol class="steps">
                    <li>"Scan this QR code with an authenticator app (for "<strong>{enrolment.email.clone()}</strong>")."
                        <img class="qr" src=qr.clone() alt="QR code to add Roster to an authenticator app"/>
                    </li>
                    <li>"Or type this key into the app: "
                        <code class="secret" data-testid="totp-secret">{enrolment.secret_base32.clone()}</code>
                    </li>
                    <li>"Enter the 6-digit code the app shows."</li>
                </ol>
                <form class="stack" on:submit=move |ev| { ev.prevent_default(); confirm.dispatch(code.get_untracked()); }>
                    <label for="code">"Authentication code"</label>
                    <input id="code" inputmode="numeric" autocomplete="one-time-code" maxlength="7" required
                        prop:value=code on:input=move |ev| code.set(event_target_value(&ev))/>
                    <FormError error/>
                    <button type="submit" class="primary" disabled=move || confirm.pending().get()>"Turn on two-factor authentication"</button>
                </form>
            }.into_any(),
        }}
    }
}
