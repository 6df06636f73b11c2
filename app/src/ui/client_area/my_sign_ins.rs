//! "Recent sign-ins" on `/account`: the user's last 50 attempts, each signed in or refused
//! (and why, in their language), with when, the browser and the address. Something they do
//! not recognise is their cue to change the password.
use super::my_sessions::when;
use crate::api::my_sign_in_history;
use crate::i18n::{t, t_string, use_i18n, Locale};
use crate::model::account::{SignInAttempt, SignInOutcome, SignInRefusal};
use crate::ui::form::FormError;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

#[component]
pub fn MySignIns() -> impl IntoView {
    let i18n = use_i18n();
    let attempts = Resource::new(|| (), |_| my_sign_in_history());
    view! {
        <section class="card wide" aria-labelledby="sign-ins-title">
            <h2 id="sign-ins-title">{t!(i18n, history.heading)}</h2>
            <Transition fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
                {move || Suspend::new(async move {
                    match attempts.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="hint">{t!(i18n, history.none)}</p> }.into_any(),
                        Ok(rows) => view! {
                            <ul class="my-sessions">{rows.into_iter().map(|a| view! { <Attempt attempt=a/> }).collect_view()}</ul>
                        }.into_any(),
                        Err(e) => view! { <FormError error=Signal::stored(Some(e))/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// Why a sign-in was refused, in the user's language.
fn refusal(i18n: I18nContext<Locale>, why: SignInRefusal) -> &'static str {
    match why {
        SignInRefusal::WrongPassword => t_string!(i18n, history.wrong_password),
        SignInRefusal::WrongCode => t_string!(i18n, history.wrong_code),
        SignInRefusal::WrongPasskey => t_string!(i18n, history.wrong_passkey),
        SignInRefusal::Locked => t_string!(i18n, history.locked),
        SignInRefusal::TooManyAttempts => t_string!(i18n, history.too_many_attempts),
        SignInRefusal::Inactive | SignInRefusal::Disabled => t_string!(i18n, history.inactive),
        SignInRefusal::EmailNotVerified => t_string!(i18n, history.email_not_verified),
        SignInRefusal::Other => t_string!(i18n, history.other),
    }
}

#[component]
fn Attempt(attempt: SignInAttempt) -> impl IntoView {
    let i18n = use_i18n();
    let SignInAttempt {
        at,
        outcome,
        ip,
        device,
    } = attempt;
    let refused = matches!(outcome, SignInOutcome::Refused(_));
    let outcome = match outcome {
        SignInOutcome::SignedIn => t!(i18n, history.signed_in).into_any(),
        SignInOutcome::ImpersonationStarted { by, .. } => {
            t!(i18n, impersonation.started, staff = move || by.clone()).into_any()
        }
        SignInOutcome::ImpersonationEnded { by } => {
            t!(i18n, impersonation.ended, staff = move || by.clone()).into_any()
        }
        SignInOutcome::Refused(why) => {
            t!(i18n, history.refused, reason = move || refusal(i18n, why)).into_any()
        }
    };
    let details = move || {
        let address = ip
            .clone()
            .unwrap_or_else(|| t_string!(i18n, sessions.unknown_address).to_owned());
        [Some(when(at)), device.clone(), Some(address)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ")
    };
    view! {
        <li>
            <strong class:refused=refused>{outcome}</strong>
            <span class="hint">{details}</span>
        </li>
    }
}
