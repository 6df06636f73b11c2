//! Server messages in the client area's language. The server sends English (`model::messages`);
//! each known message is matched here, anything else is shown as sent.
use crate::i18n::{td, Locale};
use crate::model::messages::{self, Limit};
use crate::model::AppError;
use leptos::prelude::*;

/// An error as the client area shows it, in `locale`.
pub fn error_view(locale: Locale, error: &AppError) -> AnyView {
    match error {
        AppError::Validation { message, .. } | AppError::Unauthorized(message) => {
            message_view(locale, message)
        }
        // A form here has few fields: its first message says what to fix.
        AppError::Fields(list) => match list.first() {
            Some(first) => message_view(locale, &first.message),
            None => td!(locale, errors.fields).into_any(),
        },
        &AppError::RateLimited { retry_after_secs } => {
            td!(locale, errors.rate_limited, secs = move || retry_after_secs).into_any()
        }
        AppError::Internal { request_id } => {
            let id = request_id.clone();
            td!(locale, errors.internal, id = move || id.clone()).into_any()
        }
        AppError::Transport => td!(locale, errors.transport).into_any(),
        AppError::Forbidden => td!(locale, errors.forbidden).into_any(),
        AppError::NotFound => td!(locale, errors.not_found).into_any(),
        // Staff-console conflicts do not reach the client area; a generic line if one does.
        AppError::Conflict
        | AppError::Changed(_)
        | AppError::ClientChanged(_)
        | AppError::OwnsClients(_) => td!(locale, errors.conflict).into_any(),
    }
}

fn message_view(locale: Locale, message: &str) -> AnyView {
    match message {
        messages::NOT_SIGNED_IN => td!(locale, errors.not_signed_in).into_any(),
        messages::SIGN_IN_FAILED => td!(locale, errors.sign_in_failed).into_any(),
        messages::ACCOUNT_DISABLED => td!(locale, errors.account_disabled).into_any(),
        messages::EMAIL_NOT_VERIFIED => td!(locale, errors.email_not_verified).into_any(),
        messages::WRONG_PASSWORD => td!(locale, errors.wrong_password).into_any(),
        messages::WRONG_CODE => td!(locale, errors.wrong_code).into_any(),
        messages::WRONG_FIRST_CODE => td!(locale, errors.wrong_first_code).into_any(),
        messages::FIRST_NAME_MISSING => td!(locale, errors.first_name_missing).into_any(),
        messages::LANGUAGE_UNKNOWN => td!(locale, errors.language_unknown).into_any(),
        messages::TWO_FACTOR_REQUIRED => td!(locale, errors.two_factor_required).into_any(),
        messages::COMMON_PASSWORD => td!(locale, errors.common_password).into_any(),
        messages::PASSWORD_HAS_EMAIL_NAME => td!(locale, errors.password_has_email_name).into_any(),
        messages::TOTP_FORMAT => td!(locale, errors.totp_format).into_any(),
        messages::MALFORMED => td!(locale, errors.malformed).into_any(),
        other => match Limit::parse(other) {
            Some(Limit::AtLeast(n)) => td!(locale, errors.at_least, count = move || n).into_any(),
            Some(Limit::AtMost(n)) => td!(locale, errors.at_most, count = move || n).into_any(),
            None => other.to_owned().into_any(),
        },
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;
    use crate::model::user_form::FieldError;

    fn html(locale: Locale, error: &AppError) -> String {
        let owner = Owner::new();
        // `<!>` separates interpolated text nodes; the text is what a person reads.
        owner.with(|| error_view(locale, error).to_html().replace("<!>", ""))
    }

    /// Every message the server can send to the client area reads differently in each other
    /// language: a message added to `model::messages` without a translation fails here.
    #[test]
    fn every_server_message_is_translated() {
        let mut errors: Vec<AppError> = messages::ALL
            .iter()
            .map(|m| AppError::Unauthorized((*m).to_owned()))
            .collect();
        errors.extend([
            AppError::validation("password", Limit::AtLeast(12).message()),
            AppError::Fields(vec![FieldError::new(
                "last_name",
                Limit::AtMost(100).message(),
            )]),
            AppError::RateLimited {
                retry_after_secs: 8,
            },
            AppError::Internal {
                request_id: "r-1".into(),
            },
            AppError::Transport,
            AppError::Forbidden,
        ]);
        for error in &errors {
            let english = html(Locale::en, error);
            if !matches!(error, AppError::Fields(_)) {
                assert_eq!(english, error.to_string(), "English is the server's text");
            }
            for locale in [Locale::de, Locale::fr, Locale::pl, Locale::uk] {
                let text = html(locale, error);
                assert_ne!(text, english, "{error:?} in {locale:?}");
                for number in ["12", "100", "8", "r-1"] {
                    if english.contains(number) {
                        assert!(text.contains(number), "{text} keeps {number}");
                    }
                }
            }
        }
    }

    #[test]
    fn unknown_messages_are_shown_as_sent() {
        let error = AppError::validation("x", "Something new.");
        assert_eq!(html(Locale::de, &error), "Something new.");
    }
}
