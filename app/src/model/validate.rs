//! Validation rules, written once and run in the browser and on the server.
use super::messages::Message;

pub const EMAIL_MAX: usize = 254;
pub const PASSWORD_MIN: usize = 12;
pub const PASSWORD_MAX: usize = 128;

/// Trims and checks an email address; returns the address as entered (trimmed).
pub fn email(input: &str) -> Result<String, Message> {
    let email = input.trim();
    if email.is_empty() {
        return Err(Message::EmailMissing);
    }
    if email.chars().count() > EMAIL_MAX {
        return Err(Message::EmailTooLong(EMAIL_MAX));
    }
    let Some((local, domain)) = email.rsplit_once('@') else {
        return Err(Message::EmailInvalid);
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..");
    if local.is_empty() || !domain_ok || email.chars().any(char::is_whitespace) {
        return Err(Message::EmailInvalid);
    }
    Ok(email.to_owned())
}

/// The form of an email address used for uniqueness: `Ann@X.com` and `ann@x.com` are one.
pub fn email_norm(email: &str) -> String {
    email.trim().to_lowercase()
}

/// Length rules only; the server adds the common-password and context checks.
pub fn password_length(password: &str) -> Result<(), Message> {
    let n = password.chars().count();
    if n < PASSWORD_MIN {
        Err(Message::AtLeast(PASSWORD_MIN))
    } else if n > PASSWORD_MAX {
        Err(Message::AtMost(PASSWORD_MAX))
    } else {
        Ok(())
    }
}

/// A user's password as the browser can judge it: its length, and that it does not contain
/// the name part of the user's email address ("ann.lee" in ann.lee@example.com). The server
/// also refuses the most common passwords.
pub fn password(password: &str, email: &str) -> Result<(), Message> {
    password_length(password)?;
    let name = email_norm(email);
    let name = name.split('@').next().unwrap_or_default();
    if name.chars().count() >= 3 && password.to_lowercase().contains(name) {
        return Err(Message::PasswordHasEmailName);
    }
    Ok(())
}

/// A six-digit authenticator code; spaces are allowed as typed from an app ("123 456").
pub fn totp_code(input: &str) -> Result<String, Message> {
    let code: String = input.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() == 6 && code.chars().all(|c| c.is_ascii_digit()) {
        Ok(code)
    } else {
        Err(Message::TotpFormat)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_avoid_the_email_name() {
        assert!(password("a long passphrase", "ann.lee@x.com").is_ok());
        assert!(password("my-ANN.LEE-2026!", "ann.lee@x.com").is_err());
        assert!(
            password("al is twelve chars", "al@x.com").is_ok(),
            "short names are not checked"
        );
        assert!(password("short", "ann@x.com").is_err());
    }

    #[test]
    fn emails() {
        assert_eq!(email("  Ann@X.com ").unwrap(), "Ann@X.com");
        assert_eq!(email_norm(" Ann@X.com"), "ann@x.com");
        for bad in [
            "",
            "ann",
            "ann@",
            "@x.com",
            "ann@x",
            "a nn@x.com",
            "ann@x..com",
            "ann@.x.com",
        ] {
            assert!(email(bad).is_err(), "{bad:?} should be refused");
        }
        assert!(email(&format!("{}@x.com", "a".repeat(250))).is_err());
    }

    #[test]
    fn password_lengths() {
        assert!(password_length("short").is_err());
        assert!(password_length("twelve chars").is_ok());
        assert!(password_length(&"x".repeat(128)).is_ok());
        assert!(password_length(&"x".repeat(129)).is_err());
    }

    #[test]
    fn totp_codes() {
        assert_eq!(totp_code("123 456").unwrap(), "123456");
        assert!(totp_code("12345").is_err());
        assert!(totp_code("12345a").is_err());
    }
}
