//! The client area: where users sign in (`/login`) and look after their account (`/account`),
//! in their language (English, German, French, Polish or Ukrainian; `app/locales/*.json`).
mod account;
mod impersonation_banner;
mod links;
mod login;
mod messages;
mod my_sessions;
mod my_sign_ins;
mod recovery_codes;
mod resend_verification;
mod security;
mod user_enrol;

pub use account::AccountPage;
pub use links::{ForgotPasswordPage, LinkPasswordPage, VerifyEmailPage};
pub use login::{UserCodePage, UserLoginPage};
pub use messages::error_view;
pub use user_enrol::UserEnrolPage;

use crate::i18n::{I18nContextProvider, Locale};
use crate::model::language;
use leptos::prelude::*;
use leptos_i18n::context::CookieOptions;
use leptos_router::components::Outlet;

/// The layout of every client-area page: the language (from the `roster_lang` cookie, which
/// sign-in sets to the user's language, else the browser's Accept-Language) for what is inside.
#[component]
pub fn ClientArea() -> impl IntoView {
    let cookie = CookieOptions::<Locale>::default()
        .path("/")
        .max_age(365 * 24 * 3600 * 1000_i64); // milliseconds
    view! {
        // Sets <html lang>, from which the browser learns the locale the server chose.
        <I18nContextProvider cookie_name=language::COOKIE cookie_options=cookie>
            <Outlet/>
        </I18nContextProvider>
    }
}

/// The client area's locale for a language code; English for languages it is not in yet.
pub fn locale_of(code: &str) -> Locale {
    code.parse().unwrap_or_default()
}
