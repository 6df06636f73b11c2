use super::Words;
use crate::service::mail::letters::Letter;

pub fn words(letter: &Letter, name: &str, brand: &str) -> Words {
    let (subject, body, action, after): (&str, Vec<String>, Option<&str>, Vec<String>) = match letter {
        Letter::VerifyEmail => (
            "Confirm your email address",
            vec![format!("Please confirm that this is your email address for your {brand} account.")],
            Some("Confirm email address"),
            vec!["The link works once, for 72 hours. If you did not create an account, you can ignore this message.".into()],
        ),
        Letter::PasswordReset => (
            "Reset your password",
            vec![format!("Someone asked to reset the password of your {brand} account. If it was you, choose a new password:")],
            Some("Choose a new password"),
            vec!["The link works once, for 1 hour. If you did not ask for it, ignore this message: your password stays as it is.".into()],
        ),
        Letter::Invitation => (
            "You are invited",
            vec![format!("An account has been created for you at {brand}. Choose your password to sign in for the first time.")],
            Some("Choose your password"),
            vec!["The link works once, for 72 hours. If it expires, ask us for a new one.".into()],
        ),
        Letter::StaffInvitation => (
            "Your staff account",
            vec![format!("You were added to the {brand} staff console. Choose your password; when you first sign in, you will also set up two-factor authentication with an authenticator app.")],
            Some("Choose your password"),
            vec!["The link works once, for 72 hours. If it expires, ask an administrator to send it again.".into()],
        ),
        Letter::PasswordChanged => (
            "Your password was changed",
            vec![
                format!("The password of your {brand} account was just changed, and every other session was signed out."),
                "If you did not do this, reset your password at once and contact support.".into(),
            ],
            None,
            vec![],
        ),
        Letter::TwoFactorOff { by_staff } => (
            "Two-factor authentication is off",
            vec![
                if *by_staff {
                    format!("Our support team reset two-factor authentication on your {brand} account. Your authenticator app and recovery codes no longer work.")
                } else {
                    format!("Two-factor authentication was turned off on your {brand} account.")
                },
                "If you did not expect this, contact support and set up two-factor authentication again.".into(),
            ],
            None,
            vec![],
        ),
        Letter::EmailChanged { new_address } => (
            "Your email address was changed",
            vec![
                format!("The email address of your {brand} account was changed to {new_address}."),
                "If you did not expect this, contact support at once.".into(),
            ],
            None,
            vec![],
        ),
    };
    Words {
        subject: subject.into(),
        greeting: format!("Hello {name},"),
        body,
        action: action.map(Into::into),
        after,
        link_fallback: "If the button does not work, copy this address into your browser:".into(),
        footer: format!("This message was sent by {brand} about your account."),
    }
}
