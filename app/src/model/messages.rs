//! Messages the server sends to people, in English. The client area shows them in the user's
//! language by matching these constants (gettext's way: the English text is the key, see
//! `ui/client_area/messages.rs`); the staff console and API clients read the English.
pub const NOT_SIGNED_IN: &str = "Please sign in.";
/// The one message for every failed sign-in step: it must not tell which part was wrong.
pub const SIGN_IN_FAILED: &str = "Sign-in failed: the email, password or code is not correct.";
pub const ACCOUNT_DISABLED: &str = "This account is disabled. Contact support.";
pub const EMAIL_NOT_VERIFIED: &str = "Your email address is not verified yet. Contact support.";
pub const WRONG_PASSWORD: &str = "That is not your current password.";
pub const WRONG_CODE: &str = "That code is not correct. Enter the current code from your app.";
pub const WRONG_FIRST_CODE: &str =
    "That code is not correct. Check the time on your device and try the current code.";
pub const FIRST_NAME_MISSING: &str = "Enter a first name.";
pub const LANGUAGE_UNKNOWN: &str = "Choose one of the listed languages.";
pub const TWO_FACTOR_REQUIRED: &str = "Your provider requires two-factor authentication.";
pub const COMMON_PASSWORD: &str = "This is one of the most common passwords. Choose another.";
pub const PASSWORD_HAS_EMAIL_NAME: &str =
    "Do not use the name from the email address in the password.";
pub const TOTP_FORMAT: &str = "Enter the 6-digit code from your authenticator app.";
pub const MALFORMED: &str = "The request was malformed.";

/// Every constant above, for the test that each one is translated.
pub const ALL: &[&str] = &[
    NOT_SIGNED_IN,
    SIGN_IN_FAILED,
    ACCOUNT_DISABLED,
    EMAIL_NOT_VERIFIED,
    WRONG_PASSWORD,
    WRONG_CODE,
    WRONG_FIRST_CODE,
    FIRST_NAME_MISSING,
    LANGUAGE_UNKNOWN,
    TWO_FACTOR_REQUIRED,
    COMMON_PASSWORD,
    PASSWORD_HAS_EMAIL_NAME,
    TOTP_FORMAT,
    MALFORMED,
];

/// A length limit, "Use at least 12 characters." / "Use at most 100 characters.".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    AtLeast(usize),
    AtMost(usize),
}

impl Limit {
    pub fn message(self) -> String {
        match self {
            Self::AtLeast(n) => format!("Use at least {n} characters."),
            Self::AtMost(n) => format!("Use at most {n} characters."),
        }
    }

    /// The limit a message states, if it is one of `message`'s.
    pub fn parse(message: &str) -> Option<Self> {
        let count = |rest: &str| rest.strip_suffix(" characters.")?.parse().ok();
        if let Some(rest) = message.strip_prefix("Use at least ") {
            count(rest).map(Self::AtLeast)
        } else {
            count(message.strip_prefix("Use at most ")?).map(Self::AtMost)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_back_what_they_write() {
        for limit in [Limit::AtLeast(12), Limit::AtMost(100)] {
            assert_eq!(Limit::parse(&limit.message()), Some(limit));
        }
        assert_eq!(Limit::parse("Use at most many characters."), None);
        assert_eq!(Limit::parse(SIGN_IN_FAILED), None);
    }
}
