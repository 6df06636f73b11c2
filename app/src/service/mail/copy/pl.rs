use super::Words;
use crate::service::mail::letters::Letter;

pub fn words(letter: &Letter, name: &str, brand: &str) -> Words {
    let (subject, body, action, after): (&str, Vec<String>, Option<&str>, Vec<String>) = match letter {
        Letter::VerifyEmail => (
            "Potwierdź swój adres e-mail",
            vec![format!("Potwierdź, że to adres e-mail Twojego konta w {brand}.")],
            Some("Potwierdź adres e-mail"),
            vec!["Link działa jeden raz, przez 72 godziny. Jeśli nie zakładałeś konta, zignoruj tę wiadomość.".into()],
        ),
        Letter::PasswordReset => (
            "Zresetuj hasło",
            vec![format!("Ktoś poprosił o zresetowanie hasła do Twojego konta w {brand}. Jeśli to Ty, wybierz nowe hasło:")],
            Some("Wybierz nowe hasło"),
            vec!["Link działa jeden raz, przez 1 godzinę. Jeśli to nie Ty, zignoruj tę wiadomość: Twoje hasło się nie zmieni.".into()],
        ),
        Letter::Invitation => (
            "Zaproszenie",
            vec![format!("W {brand} utworzono dla Ciebie konto. Wybierz hasło, aby zalogować się po raz pierwszy.")],
            Some("Wybierz hasło"),
            vec!["Link działa jeden raz, przez 72 godziny. Jeśli wygaśnie, poproś nas o nowy.".into()],
        ),
        Letter::StaffInvitation => (
            "Twoje konto pracownika",
            vec![format!("Dodano Cię do konsoli pracowników {brand}. Wybierz hasło; przy pierwszym logowaniu skonfigurujesz też uwierzytelnianie dwuskładnikowe w aplikacji uwierzytelniającej.")],
            Some("Wybierz hasło"),
            vec!["Link działa jeden raz, przez 72 godziny. Jeśli wygaśnie, poproś administratora o ponowne wysłanie.".into()],
        ),
        Letter::PasswordChanged => (
            "Twoje hasło zostało zmienione",
            vec![
                format!("Hasło do Twojego konta w {brand} zostało właśnie zmienione, a wszystkie inne sesje zostały wylogowane."),
                "Jeśli to nie Ty, natychmiast zresetuj hasło i skontaktuj się z pomocą techniczną.".into(),
            ],
            None,
            vec![],
        ),
        Letter::TwoFactorOff { by_staff } => (
            "Uwierzytelnianie dwuskładnikowe jest wyłączone",
            vec![
                if *by_staff {
                    format!("Nasza pomoc techniczna zresetowała uwierzytelnianie dwuskładnikowe Twojego konta w {brand}. Aplikacja uwierzytelniająca i kody odzyskiwania przestały działać.")
                } else {
                    format!("Uwierzytelnianie dwuskładnikowe Twojego konta w {brand} zostało wyłączone.")
                },
                "Jeśli się tego nie spodziewałeś, skontaktuj się z pomocą techniczną i włącz je ponownie.".into(),
            ],
            None,
            vec![],
        ),
        Letter::EmailChanged { new_address } => (
            "Twój adres e-mail został zmieniony",
            vec![
                format!("Adres e-mail Twojego konta w {brand} został zmieniony na {new_address}."),
                "Jeśli się tego nie spodziewałeś, natychmiast skontaktuj się z pomocą techniczną.".into(),
            ],
            None,
            vec![],
        ),
    };
    Words {
        subject: subject.into(),
        greeting: format!("Dzień dobry, {name}!"),
        body,
        action: action.map(Into::into),
        after,
        link_fallback: "Jeśli przycisk nie działa, skopiuj ten adres do przeglądarki:".into(),
        footer: format!("Tę wiadomość wysłał {brand} w sprawie Twojego konta."),
    }
}
