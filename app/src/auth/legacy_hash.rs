//! Password hashes made by other systems, accepted as they were imported (issue 24: moving
//! from WHMCS or Django) and upgraded to Roster's argon2id at each user's next sign-in
//! (`PasswordHasher::upgrade`): bcrypt (`$2y$`, as PHP and WHMCS write it; `$2a$`, `$2b$`)
//! and Django's PBKDF2-SHA256 (`pbkdf2_sha256$iterations$salt$hash`).
use base64::Engine;
use subtle::ConstantTimeEq;

/// The kinds of hash a user may carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HashKind {
    Argon2,
    Bcrypt,
    DjangoPbkdf2,
}

impl HashKind {
    /// The kind of a well-formed hash; None for anything else (a plain-text password, say).
    pub fn of(hash: &str) -> Option<Self> {
        if argon2::PasswordHash::new(hash).is_ok_and(|h| h.algorithm.as_str().starts_with("argon2"))
        {
            return Some(Self::Argon2);
        }
        if ["$2a$", "$2b$", "$2y$"].iter().any(|p| hash.starts_with(p))
            && hash.parse::<bcrypt::HashParts>().is_ok()
        {
            return Some(Self::Bcrypt);
        }
        django(hash).map(|_| Self::DjangoPbkdf2)
    }
}

/// Whether `password` matches `hash` of a kind other systems make (argon2 is checked by the
/// hasher itself). Slow by design, like any password check.
pub fn verify(password: &str, hash: &str) -> bool {
    match HashKind::of(hash) {
        Some(HashKind::Bcrypt) => bcrypt::verify(password, hash).unwrap_or(false),
        Some(HashKind::DjangoPbkdf2) => {
            let Some((iterations, salt, expected)) = django(hash) else {
                return false;
            };
            let mut derived = vec![0u8; expected.len()];
            pbkdf2::pbkdf2_hmac::<sha2::Sha256>(
                password.as_bytes(),
                salt.as_bytes(),
                iterations,
                &mut derived,
            );
            derived.ct_eq(&expected).into()
        }
        Some(HashKind::Argon2) | None => false,
    }
}

/// Django's `pbkdf2_sha256$<iterations>$<salt>$<base64 of 32 bytes>`, its parts.
fn django(hash: &str) -> Option<(u32, &str, Vec<u8>)> {
    let mut parts = hash.split('$');
    if parts.next()? != "pbkdf2_sha256" {
        return None;
    }
    let iterations: u32 = parts.next()?.parse().ok().filter(|&n| n > 0)?;
    let salt = parts.next().filter(|s| !s.is_empty())?;
    let expected = base64::engine::general_purpose::STANDARD
        .decode(parts.next()?)
        .ok()?;
    (parts.next().is_none() && expected.len() == 32).then_some((iterations, salt, expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Made by Python's bcrypt (as PHP writes it, `$2y$`) and hashlib.pbkdf2_hmac, not by the
    // code under test.
    const BCRYPT: &str = "$2y$04$RraKra7x.xqmC9XiF1yYl.3icO0UWS99pACP78vAMBbZ.DmCqkpBK";
    const DJANGO: &str =
        "pbkdf2_sha256$600000$seasalt2024$hKn6+uRduhHB3dd2DM7jY26Kva6HG+WnGs6k1mSXZec=";

    #[test]
    fn bcrypt_and_django_hashes_verify_their_password_only() {
        for hash in [BCRYPT, DJANGO] {
            assert!(verify("correct horse", hash), "{hash}");
            assert!(!verify("correct horse!", hash), "{hash}");
        }
    }

    #[test]
    fn only_well_formed_hashes_are_hashes() {
        assert_eq!(HashKind::of(BCRYPT), Some(HashKind::Bcrypt));
        assert_eq!(HashKind::of(DJANGO), Some(HashKind::DjangoPbkdf2));
        let argon = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$q1MBTSJZJzUyOkPHGd6bzw8jrn9Lz5rfWfW9o5cXa5c";
        assert_eq!(HashKind::of(argon), Some(HashKind::Argon2));
        for not_a_hash in [
            "correct horse",
            "$2y$04$short",
            "pbkdf2_sha256$0$salt$hKn6+uRduhHB3dd2DM7jY26Kva6HG+WnGs6k1mSXZec=",
            "pbkdf2_sha256$600000$$hKn6+uRduhHB3dd2DM7jY26Kva6HG+WnGs6k1mSXZec=",
            "pbkdf2_sha1$600000$salt$hKn6+uRduhHB3dd2DM7jY26Kva6HG+WnGs6k1mSXZec=",
            "md5$abc",
        ] {
            assert_eq!(HashKind::of(not_a_hash), None, "{not_a_hash}");
        }
    }
}
