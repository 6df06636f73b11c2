use super::recovery_codes::RecoveryCodes;
use crate::api::{start_user_enrolment, user_confirm_enrolment};
use crate::i18n::{t, t_string, use_i18n};
use crate::model::{AppError, Enrolment};
use crate::ui::form::FormError;
use leptos::prelude::*;
use leptos_meta::Title;

/// Setting up 2FA: at sign-in when staff require it, or from the account page. Only after
/// confirmation with a code is 2FA active; then the recovery codes are shown, once.
#[component]
pub fn UserEnrolPage() -> impl IntoView {
    let i18n = use_i18n();
    let enrolment = Resource::new(|| (), |_| start_user_enrolment());
    // Read once: rendered into the head after the body, a reactive title could outlive the
    // page's owner when the enrolment is refused at once (a 403 for staff signed in as the user).
    let title = t_string!(i18n, enrol.title).to_owned();
    view! {
        <Title text=title/>
        <main class="centered">
            <section class="card wide" aria-labelledby="enrol-title">
                <h1 id="enrol-title">{t!(i18n, enrol.title)}</h1>
                <Suspense fallback=move || view! { <p>{t!(i18n, enrol.preparing)}</p> }>
                    {move || Suspend::new(async move {
                        match enrolment.await {
                            Ok(e) => view! { <Steps enrolment=e/> }.into_any(),
                            Err(AppError::Unauthorized(_)) => view! {
                                <p>{t!(i18n, enrol.expired)}" "<a href="/login">{t!(i18n, enrol.sign_in_again)}</a></p>
                            }.into_any(),
                            Err(AppError::Conflict) => view! {
                                <p>{t!(i18n, enrol.already)}" "<a href="/account">{t!(i18n, enrol.to_account)}</a></p>
                            }.into_any(),
                            Err(e) => view! { <FormError error=Signal::stored(Some(e))/> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
        </main>
    }
}

#[component]
fn Steps(enrolment: Enrolment) -> impl IntoView {
    let i18n = use_i18n();
    let code = RwSignal::new(String::new());
    let confirm = Action::new(move |c: &String| user_confirm_enrolment(c.clone()));
    let error = Signal::derive(move || confirm.value().get().and_then(Result::err));
    let qr = format!("data:image/png;base64,{}", enrolment.qr_png_base64);
    let email = enrolment.email;
    let secret = enrolment.secret_base32;
    view! {
        {move || match confirm.value().get() {
            Some(Ok(codes)) => view! {
                <p class="notice" role="status">{t!(i18n, enrol.turned_on)}</p>
                <RecoveryCodes codes/>
                <p><a class="button primary" href="/account">{t!(i18n, enrol.codes_saved)}</a></p>
            }.into_any(),
            _ => {
                let email = email.clone();
                view! {
                    <ol class="steps">
                        <li>{t!(i18n, enrol.scan, email = move || email.clone())}
                            <img class="qr" src=qr.clone() alt=move || t_string!(i18n, enrol.qr_alt)/>
                        </li>
                        <li>{t!(i18n, enrol.type_key)}" "
                            <code class="secret" data-testid="totp-secret">{secret.clone()}</code>
                        </li>
                        <li>{t!(i18n, enrol.enter_code)}</li>
                    </ol>
                    <form class="stack" on:submit=move |ev| { ev.prevent_default(); confirm.dispatch(code.get_untracked()); }>
                        <label for="code">{t!(i18n, enrol.code_label)}</label>
                        <input id="code" inputmode="numeric" autocomplete="one-time-code" maxlength="7" required
                            prop:value=code on:input=move |ev| code.set(event_target_value(&ev))/>
                        <FormError error/>
                        <button type="submit" class="primary" disabled=move || confirm.pending().get() aria-busy=move || confirm.pending().get().then_some("true")>{t!(i18n, enrol.submit)}</button>
                    </form>
                }.into_any()
            }
        }}
    }
}
