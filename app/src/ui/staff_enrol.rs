use super::form::{action_error, FormError};
use super::ErrorPage;
use crate::api::{start_staff_enrolment, StaffConfirmEnrolment};
use crate::model::{AppError, Enrolment};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;

/// First sign-in of a staff member without 2FA: add Roster to an authenticator app, then
/// confirm with a code. Only after confirmation is 2FA active.
#[component]
pub fn StaffEnrolPage() -> impl IntoView {
    let enrolment = Resource::new(|| (), |_| start_staff_enrolment());
    view! {
        <Title text="Set up two-factor authentication"/>
        <main class="centered">
            <section class="card wide" aria-labelledby="enrol-title">
                <h1 id="enrol-title">"Set up two-factor authentication"</h1>
                <Suspense fallback=|| view! { <p>"Preparing your secret…"</p> }>
                    {move || Suspend::new(async move {
                        match enrolment.await {
                            Ok(e) => view! { <EnrolmentSteps enrolment=e/> }.into_any(),
                            Err(AppError::Unauthorized(_)) => {
                                view! {
                                    <p>"Your sign-in has expired. " <a href="/admin/login">"Sign in again"</a></p>
                                }
                                    .into_any()
                            }
                            Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </main>
    }
}

#[component]
fn EnrolmentSteps(enrolment: Enrolment) -> impl IntoView {
    let action = ServerAction::<StaffConfirmEnrolment>::new();
    let qr = format!("data:image/png;base64,{}", enrolment.qr_png_base64);
    view! {
        <ol class="steps">
            <li>
                "Scan this QR code with an authenticator app (for "
                <strong>{enrolment.email}</strong>
                ")."
                <img class="qr" src=qr alt="QR code to add Roster to an authenticator app"/>
            </li>
            <li>
                "Or type this key into the app: "
                <code class="secret" data-testid="totp-secret">
                    {enrolment.secret_base32}
                </code>
            </li>
            <li>"Enter the 6-digit code the app shows."</li>
        </ol>
        <ActionForm action=action attr:class="stack">
            {enrolment.must_change_password.then(|| view! {
                <label for="new-password">"Choose your password"</label>
                <input id="new-password" name="password" type="password" autocomplete="new-password"
                    minlength="12" required aria-describedby="new-password-hint"/>
                <p class="hint" id="new-password-hint">
                    "The password you were given works only once. At least 12 characters."
                </p>
            })}
            <label for="code">"Authentication code"</label>
            <input
                id="code"
                name="code"
                inputmode="numeric"
                autocomplete="one-time-code"
                maxlength="7"
                required
            />
            <FormError error=action_error(action)/>
            <button type="submit" class="primary" disabled=move || action.pending().get() aria-busy=move || action.pending().get().then_some("true")>
                "Activate and sign in"
            </button>
        </ActionForm>
    }
}
