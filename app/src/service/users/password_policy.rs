//! The server's password rules beyond length, on zxcvbn (Dropbox's strength estimator) and
//! its list of the 30,000 most common passwords.
use zxcvbn::matching::patterns::MatchPattern;

/// Refused: one of the 10,000 most common passwords, also with case changes, l33t
/// substitutions or reversed ("Qwerty123456", "p@ssw0rd1234").
const COMMON_RANK: usize = 10_000;

pub fn is_common(password: &str) -> bool {
    let entropy = zxcvbn::zxcvbn(password, &[]);
    let chars = password.chars().count();
    entropy.sequence().iter().any(|m| match &m.pattern {
        // zxcvbn does not export its dictionary type, only its Debug name.
        MatchPattern::Dictionary(d) => {
            m.i == 0
                && m.j + 1 == chars
                && d.rank <= COMMON_RANK
                && format!("{:?}", d.dictionary_name) == "Passwords"
        }
        _ => false,
    })
}

/// 0 (guessed at once) to 4 (very strong), for the strength meter; `context` holds words an
/// attacker would try first (the user's email and names).
pub fn strength(password: &str, context: &[&str]) -> u8 {
    zxcvbn::zxcvbn(password, context).score().into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_passwords_are_recognised_in_their_variants() {
        for common in [
            "qwerty123456",
            "QWERTY123456",
            "1qaz2wsx3edc",
            "LeaveMeAlone",
            "l3avemealone",
        ] {
            assert!(is_common(common), "{common}");
        }
        for fine in [
            "correct horse battery",
            "qwerty123456 but longer",
            "Tr4vel-Kettle-92",
        ] {
            assert!(!is_common(fine), "{fine}");
        }
    }

    #[test]
    fn strength_grows_with_unpredictability() {
        assert!(strength("aaaaaaaaaaaa", &[]) <= 1);
        assert_eq!(strength("vivid-orbit-tundra-58-quill", &[]), 4);
        let email = "ann.lee@example.com";
        assert!(strength(email, &[email]) < strength(email, &[]));
    }
}
