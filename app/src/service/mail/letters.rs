//! The messages Roster sends, and each one rendered as subject, plain text and HTML (askama
//! templates in `app/templates/mail`, checked when compiled; the HTML escapes every value).
use super::copy::{words, Words};
use crate::model::mail::LinkPurpose;
use crate::model::mail::MailKind;
use askama::Template;
use chrono::Duration;

/// One message, with what its words need.
#[derive(Debug, Clone, PartialEq)]
pub enum Letter {
    VerifyEmail,
    PasswordReset,
    Invitation,
    /// To a new staff member: choose a password for the console.
    StaffInvitation,
    PasswordChanged,
    TwoFactorOff {
        by_staff: bool,
    },
    /// To the old address and to the new one.
    EmailChanged {
        new_address: String,
    },
}

/// A link a letter carries: what its token allows, for how long, and the page that takes it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinkKind {
    pub purpose: LinkPurpose,
    pub lifetime: Duration,
    /// The page that takes it, `/reset-password` (the token follows as the last segment).
    pub path: &'static str,
}

impl Letter {
    pub fn kind(&self) -> MailKind {
        match self {
            Letter::VerifyEmail => MailKind::VerifyEmail,
            Letter::PasswordReset => MailKind::PasswordReset,
            Letter::Invitation => MailKind::Invitation,
            Letter::StaffInvitation => MailKind::StaffInvitation,
            Letter::PasswordChanged => MailKind::PasswordChanged,
            Letter::TwoFactorOff { .. } => MailKind::TwoFactorOff,
            Letter::EmailChanged { .. } => MailKind::EmailChanged,
        }
    }

    pub fn link(&self) -> Option<LinkKind> {
        let (purpose, lifetime, path) = match self {
            Letter::VerifyEmail => (
                LinkPurpose::VerifyEmail,
                Duration::hours(72),
                "/verify-email",
            ),
            Letter::PasswordReset => (
                LinkPurpose::ResetPassword,
                Duration::hours(1),
                "/reset-password",
            ),
            Letter::Invitation => (LinkPurpose::Invitation, Duration::hours(72), "/invitation"),
            Letter::StaffInvitation => (
                LinkPurpose::StaffInvitation,
                Duration::hours(72),
                "/admin/invitation",
            ),
            _ => return None,
        };
        Some(LinkKind {
            purpose,
            lifetime,
            path,
        })
    }
}

/// Where a link's token goes in a rendered message until it is sent: a control character
/// that no name, address or template contains, so nothing else can be taken for it.
pub const TOKEN_MARKER: &str = "\u{1}token\u{1}";

/// A message as it is stored and sent (with `TOKEN_MARKER` in place of a link's token).
#[derive(Debug, Clone, PartialEq)]
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

#[derive(Template)]
#[template(path = "mail/letter.html")]
struct Html<'a> {
    language: &'a str,
    words: &'a Words,
    button: Option<(&'a str, &'a str)>,
    link: Option<&'a str>,
}

#[derive(Template)]
#[template(path = "mail/letter.txt")]
struct Text<'a> {
    words: &'a Words,
    link: Option<&'a str>,
}

/// Renders `letter` in `language` for `name`, signed by `brand`; `public_url` is where the
/// client area lives (`https://panel.example.com`).
pub fn render(
    letter: &Letter,
    language: &str,
    name: &str,
    brand: &str,
    public_url: &str,
) -> Rendered {
    let words = words(language, letter, name, brand);
    let link = letter.link().map(|l| {
        format!(
            "{}{}/{TOKEN_MARKER}",
            public_url.trim_end_matches('/'),
            l.path
        )
    });
    let button = words.action.as_deref().zip(link.as_deref());
    let language = if super::copy::TRANSLATED.contains(&language) {
        language
    } else {
        "en"
    };
    // Rendering fills fields into a fixed template: it fails only on a formatter error,
    // which writing to a String never returns.
    let html = Html {
        language,
        words: &words,
        button,
        link: link.as_deref(),
    }
    .render()
    .unwrap_or_default();
    let text = Text {
        words: &words,
        link: link.as_deref(),
    }
    .render()
    .unwrap_or_default();
    Rendered {
        subject: words.subject,
        text,
        html,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: [Letter; 7] = [
        Letter::VerifyEmail,
        Letter::PasswordReset,
        Letter::Invitation,
        Letter::StaffInvitation,
        Letter::PasswordChanged,
        Letter::TwoFactorOff { by_staff: true },
        Letter::EmailChanged {
            new_address: String::new(),
        },
    ];

    #[test]
    fn every_letter_renders_in_every_language_with_its_link_in_both_parts() {
        for language in super::super::copy::TRANSLATED {
            for letter in &ALL {
                let r = render(
                    letter,
                    language,
                    "Anna",
                    "Example Hosting",
                    "https://panel.example.com/",
                );
                assert!(!r.subject.is_empty());
                assert!(
                    r.text.contains("Anna") && r.html.contains("Anna"),
                    "{language} {letter:?}"
                );
                assert!(r.html.contains(&format!("lang=\"{language}\"")));
                assert!(r.text.contains("Example Hosting") && r.html.contains("Example Hosting"));
                let link = letter
                    .link()
                    .map(|l| format!("https://panel.example.com{}/{TOKEN_MARKER}", l.path));
                match link {
                    Some(link) => {
                        assert!(r.text.contains(&link), "{language} {letter:?}: {}", r.text);
                        assert_eq!(r.html.matches(&link).count(), 2, "button and fallback");
                    }
                    None => {
                        assert!(!r.text.contains(TOKEN_MARKER) && !r.html.contains(TOKEN_MARKER))
                    }
                }
            }
        }
    }

    #[test]
    fn html_escapes_what_people_typed_and_unknown_languages_get_english() {
        let r = render(
            &Letter::PasswordChanged,
            "es",
            "<b>Eve</b>",
            "A & B",
            "https://x",
        );
        assert!(
            r.html.contains("&#60;b&#62;Eve&#60;/b&#62;") && !r.html.contains("<b>Eve"),
            "{}",
            r.html
        );
        assert!(r.html.contains("A &#38; B"));
        assert!(
            r.text.contains("Hello <b>Eve</b>,"),
            "the text part is not escaped"
        );
        assert!(r.html.contains("lang=\"en\""));
        assert_eq!(r.subject, "Your password was changed");
    }
}
