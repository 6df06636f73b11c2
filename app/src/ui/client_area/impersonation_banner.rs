//! The banner on the client area while a staff member is signed in as the user: who, as whom,
//! until when, and the way back ("Return to console" ends the session, recorded).
use super::my_sessions::when;
use crate::api::ReturnToConsole;
use crate::i18n::{t, use_i18n};
use crate::model::account::Impersonation;
use leptos::form::ActionForm;
use leptos::prelude::*;

#[component]
pub fn ImpersonationBanner(user: String, impersonation: Impersonation) -> impl IntoView {
    let i18n = use_i18n();
    let back = ServerAction::<ReturnToConsole>::new();
    let Impersonation { by, ends_at } = impersonation;
    view! {
        <div class="impersonation-banner" role="status">
            <p>
                <strong>{t!(i18n, impersonation.banner, user = move || user.clone(), staff = move || by.clone())}</strong>
                " " <span>{t!(i18n, impersonation.until, time = move || when(ends_at))}</span>
            </p>
            <ActionForm action=back>
                <button type="submit" disabled=move || back.pending().get()>{t!(i18n, impersonation.back)}</button>
            </ActionForm>
        </div>
    }
}
