//! The pages a message's link opens, and forgot password: each says plainly when a link is
//! used, expired or replaced, and offers the way to a new one.
use crate::api::{check_link, ForgotPassword, SetPasswordByLink, VerifyEmail};
use crate::i18n::{t, t_string, use_i18n};
use crate::model::mail::LinkPurpose;
use crate::model::AppError;
use crate::ui::form::{action_error, FormError};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

/// `/forgot-password`: an address in, the same answer out whether or not it has an account.
#[component]
pub fn ForgotPasswordPage() -> impl IntoView {
    let i18n = use_i18n();
    let action = ServerAction::<ForgotPassword>::new();
    let sent = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <Title text=move || t_string!(i18n, forgot.title).to_owned()/>
        <main class="centered">
            <section class="card" aria-labelledby="forgot-title">
                <h1 id="forgot-title">{t!(i18n, forgot.title)}</h1>
                <Show when=sent fallback=move || view! {
                    <p>{t!(i18n, forgot.intro)}</p>
                    <ActionForm action=action attr:class="stack">
                        <label for="email">{t!(i18n, login.email)}</label>
                        <input id="email" type="email" name="email" autocomplete="username" required/>
                        <FormError error=action_error(action)/>
                        <button type="submit" class="primary" disabled=move || action.pending().get()
                            aria-busy=move || action.pending().get().then_some("true")>{t!(i18n, forgot.submit)}</button>
                    </ActionForm>
                }>
                    <p class="notice" role="status">{t!(i18n, forgot.sent)}</p>
                </Show>
                <p><a href="/login">{t!(i18n, forgot.back)}</a></p>
            </section>
        </main>
    }
}

/// The token in the page's address (`/reset-password/<token>`).
fn token() -> String {
    use_params_map().with_untracked(|p| p.get("token").unwrap_or_default())
}

/// `/reset-password/<token>` and `/invitation/<token>`: choose a password.
#[component]
pub fn LinkPasswordPage(purpose: LinkPurpose) -> impl IntoView {
    let i18n = use_i18n();
    let token = token();
    let link = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        move |t| check_link(t, purpose),
    );
    let action = ServerAction::<SetPasswordByLink>::new();
    let done = move || matches!(action.value().get(), Some(Ok(())));
    let invitation = purpose == LinkPurpose::Invitation;
    let title = move || {
        if invitation {
            t_string!(i18n, links.invitation_title)
        } else {
            t_string!(i18n, links.reset_title)
        }
    };
    view! {
        <Title text=move || title().to_owned()/>
        <main class="centered">
            <section class="card" aria-labelledby="link-title">
                <h1 id="link-title">{title}</h1>
                <Suspense fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
                    {move || Suspend::new({ let token = token.clone(); async move {
                        match link.await {
                            Err(e) => view! { <LinkRefused error=e purpose/> }.into_any(),
                            Ok(_) if done() => view! {
                                <p class="notice" role="status">{t!(i18n, links.password_set)}</p>
                                <p><a class="button primary" href="/login">{t!(i18n, links.sign_in)}</a></p>
                            }.into_any(),
                            Ok(email) => view! {
                                <p>{t!(i18n, links.for_account, email = move || email.clone())}</p>
                                <ActionForm action=action attr:class="stack">
                                    <input type="hidden" name="token" value=token.clone()/>
                                    <input type="hidden" name="purpose" value=if invitation { "invitation" } else { "reset_password" }/>
                                    <label for="password">{t!(i18n, links.new_password)}</label>
                                    <input id="password" type="password" name="password" autocomplete="new-password" required minlength="12"/>
                                    <FormError error=action_error(action)/>
                                    <button type="submit" class="primary" disabled=move || action.pending().get()
                                        aria-busy=move || action.pending().get().then_some("true")>{t!(i18n, links.save_password)}</button>
                                </ActionForm>
                            }.into_any(),
                        }
                    }})}
                </Suspense>
            </section>
        </main>
    }
}

/// `/verify-email/<token>`: one button confirms the address (a GET changes nothing, so a
/// mail scanner opening the link does not confirm it).
#[component]
pub fn VerifyEmailPage() -> impl IntoView {
    let i18n = use_i18n();
    let token = token();
    let link = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        |t| check_link(t, LinkPurpose::VerifyEmail),
    );
    let action = ServerAction::<VerifyEmail>::new();
    let done = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <Title text=move || t_string!(i18n, links.verify_title).to_owned()/>
        <main class="centered">
            <section class="card" aria-labelledby="verify-title">
                <h1 id="verify-title">{t!(i18n, links.verify_title)}</h1>
                <Suspense fallback=move || view! { <p class="loading">{t!(i18n, common.loading)}</p> }>
                    {move || Suspend::new({ let token = token.clone(); async move {
                        match link.await {
                            Err(e) => view! { <LinkRefused error=e purpose=LinkPurpose::VerifyEmail/> }.into_any(),
                            Ok(_) if done() => view! {
                                <p class="notice" role="status">{t!(i18n, links.verified)}</p>
                                <p><a class="button primary" href="/login">{t!(i18n, links.sign_in)}</a></p>
                            }.into_any(),
                            Ok(email) => view! {
                                <ActionForm action=action attr:class="stack">
                                    <input type="hidden" name="token" value=token.clone()/>
                                    <FormError error=action_error(action)/>
                                    <button type="submit" class="primary" disabled=move || action.pending().get()
                                        aria-busy=move || action.pending().get().then_some("true")>
                                        {t!(i18n, links.confirm, email = move || email.clone())}
                                    </button>
                                </ActionForm>
                            }.into_any(),
                        }
                    }})}
                </Suspense>
            </section>
        </main>
    }
}

/// Why the link does not work, and the way to a new one.
#[component]
fn LinkRefused(error: AppError, purpose: LinkPurpose) -> impl IntoView {
    let i18n = use_i18n();
    let again = match purpose {
        LinkPurpose::ResetPassword => {
            view! { <a href="/forgot-password">{t!(i18n, links.new_reset)}</a> }.into_any()
        }
        LinkPurpose::VerifyEmail => {
            view! { <a href="/login">{t!(i18n, links.new_verify)}</a> }.into_any()
        }
        LinkPurpose::Invitation | LinkPurpose::StaffInvitation => {
            view! { <span>{t!(i18n, links.new_invitation)}</span> }.into_any()
        }
    };
    view! {
        <FormError error=Signal::stored(Some(error))/>
        <p>{again}</p>
    }
}
