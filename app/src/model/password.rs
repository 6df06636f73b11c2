//! A password as typed, on its way to the hasher or the verifier.
use serde::{Deserialize, Serialize};
use std::fmt;
use std::ops::Deref;
use zeroize::{Zeroize, ZeroizeOnDrop};

/// Its `Debug` never shows the characters (a logged form or error carries no password), and
/// its memory is wiped when it is dropped, every clone too.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize, Zeroize, ZeroizeOnDrop)]
#[serde(transparent)]
pub struct Password(String);

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown = if self.0.is_empty() {
            "empty"
        } else {
            "redacted"
        };
        write!(f, "Password({shown})")
    }
}

impl Deref for Password {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

/// Takes the typed string's buffer itself: no copy is left behind unwiped.
impl From<String> for Password {
    fn from(typed: String) -> Self {
        Self(typed)
    }
}

impl From<&str> for Password {
    fn from(typed: &str) -> Self {
        Self(typed.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::Password;

    #[test]
    fn debug_output_never_carries_the_password() {
        let form = Password::from("vivid orbit lantern 7");
        assert_eq!(format!("{form:?}"), "Password(redacted)");
        assert_eq!(format!("{:?}", Password::default()), "Password(empty)");
        assert_eq!(&*form, "vivid orbit lantern 7");
    }

    #[test]
    fn dropping_wipes_the_bytes() {
        let mut password = Password::from("vivid orbit lantern 7");
        zeroize::Zeroize::zeroize(&mut password);
        assert!(password.is_empty());
    }
}
