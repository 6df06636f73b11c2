use super::Words;
use crate::service::mail::letters::Letter;

pub fn words(letter: &Letter, name: &str, brand: &str) -> Words {
    let (subject, body, action, after): (&str, Vec<String>, Option<&str>, Vec<String>) = match letter {
        Letter::VerifyEmail => (
            "Confirmez votre adresse e-mail",
            vec![format!("Merci de confirmer que c’est bien l’adresse e-mail de votre compte {brand}.")],
            Some("Confirmer l’adresse e-mail"),
            vec!["Le lien fonctionne une seule fois, pendant 72 heures. Si vous n’avez pas créé de compte, ignorez ce message.".into()],
        ),
        Letter::PasswordReset => (
            "Réinitialisez votre mot de passe",
            vec![format!("Quelqu’un a demandé la réinitialisation du mot de passe de votre compte {brand}. Si c’est vous, choisissez un nouveau mot de passe :")],
            Some("Choisir un nouveau mot de passe"),
            vec!["Le lien fonctionne une seule fois, pendant 1 heure. Si vous n’avez rien demandé, ignorez ce message : votre mot de passe ne change pas.".into()],
        ),
        Letter::Invitation => (
            "Vous êtes invité",
            vec![format!("Un compte a été créé pour vous chez {brand}. Choisissez votre mot de passe pour vous connecter la première fois.")],
            Some("Choisir mon mot de passe"),
            vec!["Le lien fonctionne une seule fois, pendant 72 heures. S’il a expiré, demandez-nous-en un nouveau.".into()],
        ),
        Letter::StaffInvitation => (
            "Votre compte d’équipe",
            vec![format!("Vous avez été ajouté à la console d’équipe de {brand}. Choisissez votre mot de passe ; à la première connexion, vous configurerez aussi l’authentification à deux facteurs avec une application d’authentification.")],
            Some("Choisir mon mot de passe"),
            vec!["Le lien fonctionne une seule fois, pendant 72 heures. S’il a expiré, demandez à un administrateur de le renvoyer.".into()],
        ),
        Letter::PasswordChanged => (
            "Votre mot de passe a été modifié",
            vec![
                format!("Le mot de passe de votre compte {brand} vient d’être modifié et toutes les autres sessions ont été fermées."),
                "Si ce n’était pas vous, réinitialisez votre mot de passe immédiatement et contactez le support.".into(),
            ],
            None,
            vec![],
        ),
        Letter::TwoFactorOff { by_staff } => (
            "L’authentification à deux facteurs est désactivée",
            vec![
                if *by_staff {
                    format!("Notre support a réinitialisé l’authentification à deux facteurs de votre compte {brand}. Votre application d’authentification et vos codes de récupération ne fonctionnent plus.")
                } else {
                    format!("L’authentification à deux facteurs de votre compte {brand} a été désactivée.")
                },
                "Si vous ne vous y attendiez pas, contactez le support et réactivez l’authentification à deux facteurs.".into(),
            ],
            None,
            vec![],
        ),
        Letter::EmailChanged { new_address } => (
            "Votre adresse e-mail a été modifiée",
            vec![
                format!("L’adresse e-mail de votre compte {brand} a été remplacée par {new_address}."),
                "Si vous ne vous y attendiez pas, contactez immédiatement le support.".into(),
            ],
            None,
            vec![],
        ),
    };
    Words {
        subject: subject.into(),
        greeting: format!("Bonjour {name},"),
        body,
        action: action.map(Into::into),
        after,
        link_fallback:
            "Si le bouton ne fonctionne pas, copiez cette adresse dans votre navigateur :".into(),
        footer: format!("Ce message vous a été envoyé par {brand} au sujet de votre compte."),
    }
}
