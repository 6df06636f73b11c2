//! Server messages in the client area's language: each `Message` value is rendered from the
//! locale files with its parameters (lengths, seconds, request ids).
use crate::i18n::{td, Locale};
use crate::model::messages::Message;
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
        AppError::Conflict | AppError::Changed(_) | AppError::OwnsClients(_) => {
            td!(locale, errors.conflict).into_any()
        }
    }
}

fn message_view(locale: Locale, message: &Message) -> AnyView {
    match message {
        Message::NotSignedIn => td!(locale, errors.not_signed_in).into_any(),
        Message::SignInFailed => td!(locale, errors.sign_in_failed).into_any(),
        Message::AccountDisabled => td!(locale, errors.account_disabled).into_any(),
        Message::EmailNotVerified => td!(locale, errors.email_not_verified).into_any(),
        Message::WrongPassword => td!(locale, errors.wrong_password).into_any(),
        Message::WrongCode => td!(locale, errors.wrong_code).into_any(),
        Message::WrongFirstCode => td!(locale, errors.wrong_first_code).into_any(),
        Message::FirstNameMissing => td!(locale, errors.first_name_missing).into_any(),
        Message::LanguageUnknown => td!(locale, errors.language_unknown).into_any(),
        Message::TwoFactorRequired => td!(locale, errors.two_factor_required).into_any(),
        Message::CommonPassword => td!(locale, errors.common_password).into_any(),
        Message::PasswordHasEmailName => td!(locale, errors.password_has_email_name).into_any(),
        Message::TotpFormat => td!(locale, errors.totp_format).into_any(),
        Message::Malformed => td!(locale, errors.malformed).into_any(),
        Message::NulCharacter => td!(locale, errors.nul_character).into_any(),
        Message::LinkInvalid => td!(locale, errors.link_invalid).into_any(),
        Message::LinkExpired => td!(locale, errors.link_expired).into_any(),
        Message::LinkUsed => td!(locale, errors.link_used).into_any(),
        Message::PasskeyExpired => td!(locale, errors.passkey_expired).into_any(),
        Message::PasskeyNotAccepted => td!(locale, errors.passkey_not_accepted).into_any(),
        Message::PasskeysUnavailable => td!(locale, errors.passkeys_unavailable).into_any(),
        Message::PasskeyAlreadyRegistered => {
            td!(locale, errors.passkey_already_registered).into_any()
        }
        Message::PasskeyLastFactor => td!(locale, errors.passkey_last_factor).into_any(),
        Message::PasskeyNameMissing => td!(locale, errors.passkey_name_missing).into_any(),
        &Message::AtLeast(n) => td!(locale, errors.at_least, count = move || n).into_any(),
        &Message::AtMost(n) => td!(locale, errors.at_most, count = move || n).into_any(),
        // The staff console's forms: their rules never answer a client-area request, so they
        // have no translation; should one arrive, the English is still a clear message.
        Message::EmailMissing
        | Message::EmailTooLong(_)
        | Message::EmailInvalid
        | Message::NotesTooLong(_)
        | Message::PhoneCountryMissing
        | Message::PhoneNotDigits
        | Message::PhoneInvalidIn(_)
        | Message::PhoneInvalid
        | Message::TaxIdCharacters
        | Message::EmailTaken
        | Message::UserNameTaken
        | Message::ActiveOrInactive
        | Message::TwoFactorNotEnrolled
        | Message::NoPasskeys
        | Message::CompanyTaken
        | Message::TaxIdTaken
        | Message::AlreadyAssociated
        | Message::UserGone
        | Message::ClientGone
        | Message::NotAMember
        | Message::NothingSelected
        | Message::TooManyPicked(_)
        | Message::JobFinished
        | Message::CsvUnreadable(_)
        | Message::CsvEmpty
        | Message::CsvTooLong(_)
        | Message::EmailColumnMissing
        | Message::ImportNotReady
        | Message::OwnerStays
        | Message::StaffNameLength(_)
        | Message::NoSuchRole
        | Message::StaffEmailTaken
        | Message::OwnStaffManage
        | Message::LastAdministrator
        | Message::LastStaffManager
        | Message::RoleNameTaken
        | Message::RoleNameLength(_)
        | Message::BuiltInRole
        | Message::RoleInUse(_)
        | Message::StaffChanged
        | Message::RoleChanged
        | Message::StaffDisabled
        | Message::MailNotSent
        | Message::NotInvited
        | Message::NewPasswordNeeded
        | Message::ReasonMissing
        | Message::ReasonTooLong(_)
        | Message::InactiveUser
        | Message::AlreadyVerified
        | Message::InactiveNoLink
        | Message::TokenNameLength(_)
        | Message::ScopesMissing
        | Message::ScopeNotAllowed(_)
        | Message::TokenLifetime(_) => message.to_string().into_any(),
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
    /// language, with its parameters, and reads as the server's English in English.
    #[test]
    fn every_client_area_message_is_translated() {
        use Message::*;
        let translated = [
            NotSignedIn,
            SignInFailed,
            AccountDisabled,
            EmailNotVerified,
            WrongPassword,
            WrongCode,
            WrongFirstCode,
            FirstNameMissing,
            LanguageUnknown,
            TwoFactorRequired,
            CommonPassword,
            PasswordHasEmailName,
            TotpFormat,
            Malformed,
            NulCharacter,
            PasskeyExpired,
            PasskeyNotAccepted,
            PasskeysUnavailable,
            PasskeyAlreadyRegistered,
            PasskeyLastFactor,
            PasskeyNameMissing,
        ];
        let mut errors: Vec<AppError> =
            translated.into_iter().map(AppError::Unauthorized).collect();
        errors.extend([
            AppError::validation("password", Message::AtLeast(12)),
            AppError::Fields(vec![FieldError::new("last_name", Message::AtMost(100))]),
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
    fn staff_console_messages_show_in_english() {
        let error = AppError::validation("email", Message::EmailTaken);
        assert_eq!(
            html(Locale::de, &error),
            "A user with this email already exists."
        );
    }
}
