use super::Words;
use crate::service::mail::letters::Letter;

pub fn words(letter: &Letter, name: &str, brand: &str) -> Words {
    let (subject, body, action, after): (&str, Vec<String>, Option<&str>, Vec<String>) = match letter {
        Letter::VerifyEmail => (
            "Bestätigen Sie Ihre E-Mail-Adresse",
            vec![format!("Bitte bestätigen Sie, dass dies die E-Mail-Adresse Ihres Kontos bei {brand} ist.")],
            Some("E-Mail-Adresse bestätigen"),
            vec!["Der Link funktioniert einmal und 72 Stunden lang. Wenn Sie kein Konto angelegt haben, können Sie diese Nachricht ignorieren.".into()],
        ),
        Letter::PasswordReset => (
            "Passwort zurücksetzen",
            vec![format!("Jemand hat angefordert, das Passwort Ihres Kontos bei {brand} zurückzusetzen. Wenn Sie das waren, wählen Sie ein neues Passwort:")],
            Some("Neues Passwort wählen"),
            vec!["Der Link funktioniert einmal und 1 Stunde lang. Wenn Sie das nicht angefordert haben, ignorieren Sie diese Nachricht: Ihr Passwort bleibt unverändert.".into()],
        ),
        Letter::Invitation => (
            "Sie sind eingeladen",
            vec![format!("Bei {brand} wurde ein Konto für Sie angelegt. Wählen Sie Ihr Passwort, um sich zum ersten Mal anzumelden.")],
            Some("Passwort wählen"),
            vec!["Der Link funktioniert einmal und 72 Stunden lang. Ist er abgelaufen, bitten Sie uns um einen neuen.".into()],
        ),
        Letter::StaffInvitation => (
            "Ihr Mitarbeiterkonto",
            vec![format!("Sie wurden zur Mitarbeiterkonsole von {brand} hinzugefügt. Wählen Sie Ihr Passwort; bei der ersten Anmeldung richten Sie außerdem die Zwei-Faktor-Authentifizierung mit einer Authenticator-App ein.")],
            Some("Passwort wählen"),
            vec!["Der Link funktioniert einmal und 72 Stunden lang. Ist er abgelaufen, bitten Sie einen Administrator, ihn erneut zu senden.".into()],
        ),
        Letter::PasswordChanged => (
            "Ihr Passwort wurde geändert",
            vec![
                format!("Das Passwort Ihres Kontos bei {brand} wurde soeben geändert, und alle anderen Sitzungen wurden abgemeldet."),
                "Wenn Sie das nicht waren, setzen Sie Ihr Passwort sofort zurück und wenden Sie sich an den Support.".into(),
            ],
            None,
            vec![],
        ),
        Letter::TwoFactorOff { by_staff } => (
            "Die Zwei-Faktor-Authentifizierung ist deaktiviert",
            vec![
                if *by_staff {
                    format!("Unser Support hat die Zwei-Faktor-Authentifizierung Ihres Kontos bei {brand} zurückgesetzt. Ihre Authenticator-App und Ihre Wiederherstellungscodes funktionieren nicht mehr.")
                } else {
                    format!("Die Zwei-Faktor-Authentifizierung Ihres Kontos bei {brand} wurde deaktiviert.")
                },
                "Wenn Sie das nicht erwartet haben, wenden Sie sich an den Support und richten Sie die Zwei-Faktor-Authentifizierung erneut ein.".into(),
            ],
            None,
            vec![],
        ),
        Letter::EmailChanged { new_address } => (
            "Ihre E-Mail-Adresse wurde geändert",
            vec![
                format!("Die E-Mail-Adresse Ihres Kontos bei {brand} wurde in {new_address} geändert."),
                "Wenn Sie das nicht erwartet haben, wenden Sie sich sofort an den Support.".into(),
            ],
            None,
            vec![],
        ),
    };
    Words {
        subject: subject.into(),
        greeting: format!("Hallo {name},"),
        body,
        action: action.map(Into::into),
        after,
        link_fallback: "Falls die Schaltfläche nicht funktioniert, kopieren Sie diese Adresse in Ihren Browser:".into(),
        footer: format!("Diese Nachricht wurde von {brand} zu Ihrem Konto gesendet."),
    }
}
