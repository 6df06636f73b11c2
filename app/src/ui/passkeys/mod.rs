//! Passkeys in the pages: the holder's list (users on `/account`, staff on their profile),
//! and the buttons of the sign-in pages. The texts come from the client area's locale files,
//! in the page's language there and in English in the staff console.
pub mod browser;
pub mod flow;
mod item;
mod section;
mod sign_in;

pub use section::PasskeysSection;
pub use sign_in::{PasskeyButton, PasskeyStep, SecondFactorChoices};

use crate::i18n::{td, td_string, Locale};
use crate::ui::form::FormError;
use browser::BrowserRefusal;
use flow::PasskeyFailure;
use leptos::prelude::*;
use leptos_i18n::I18nContext;

/// The page's language: the client area's, or English in the staff console.
fn locale() -> Locale {
    use_context::<I18nContext<Locale>>()
        .map(|i18n| i18n.get_locale())
        .unwrap_or_default()
}

fn browser_text(locale: Locale, refusal: &BrowserRefusal) -> AnyView {
    match refusal {
        BrowserRefusal::Unsupported => td_string!(locale, passkeys.unsupported).into_any(),
        BrowserRefusal::Cancelled => td_string!(locale, passkeys.cancelled).into_any(),
        BrowserRefusal::AlreadyOnDevice => {
            td_string!(locale, passkeys.already_on_device).into_any()
        }
        BrowserRefusal::Failed(name) => {
            let name = name.clone();
            td!(locale, passkeys.failed, name = move || name.clone()).into_any()
        }
    }
}

/// Why a ceremony failed: the browser's reason, or the server's message.
#[component]
fn PasskeyError(#[prop(into)] failure: Signal<Option<PasskeyFailure>>) -> impl IntoView {
    let server = Signal::derive(move || match failure.get() {
        Some(PasskeyFailure::Server(e)) => Some(e),
        _ => None,
    });
    let browser = move || match failure.get() {
        Some(PasskeyFailure::Browser(refusal)) => Some(view! {
            <p class="form-error" role="alert">{move || browser_text(locale(), &refusal)}</p>
        }),
        _ => None,
    };
    view! {
        <FormError error=server/>
        {browser}
    }
}

/// "or", between a form and a passkey button.
pub fn or_text() -> impl Fn() -> String + Copy {
    move || td_string!(locale(), passkeys.or).to_string()
}

/// "2026-12-07 14:05 UTC".
fn when(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}
