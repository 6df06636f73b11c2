//! argon2id hashing off the async runtime, with bounded concurrency: each hash takes ~20 MiB
//! and tens of milliseconds of CPU, so a burst of sign-ins must queue, not exhaust memory.
use crate::model::Password;
use argon2::{Argon2, PasswordHasher as _, PasswordVerifier as _};
use std::sync::{Arc, OnceLock};
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct PasswordHasher {
    permits: Arc<Semaphore>,
}

/// Verified against when an account does not exist, so unknown emails take as long as wrong
/// passwords.
static DUMMY_HASH: OnceLock<String> = OnceLock::new();

impl PasswordHasher {
    pub fn new(max_concurrent: usize) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(max_concurrent.max(1))),
        }
    }

    /// Hashes with argon2id at OWASP's parameters (m=19 MiB, t=2, p=1; argon2's defaults).
    pub async fn hash(&self, password: Password) -> Result<String, String> {
        let _permit = self.permits.acquire().await.map_err(|e| e.to_string())?;
        tokio::task::spawn_blocking(move || hash_now(&password))
            .await
            .map_err(|e| e.to_string())?
    }

    /// True when `password` matches `hash`. With no hash, verifies against a dummy hash and
    /// returns false, taking the same time.
    pub async fn verify(&self, password: Password, hash: Option<String>) -> bool {
        let Ok(_permit) = self.permits.acquire().await else {
            return false;
        };
        tokio::task::spawn_blocking(move || {
            let known = hash.is_some();
            let hash = hash.unwrap_or_else(|| dummy_hash().to_owned());
            let ok = match hash.starts_with("$argon2") {
                true => Argon2::default()
                    .verify_password(password.as_bytes(), hash.as_str())
                    .is_ok(),
                // Imported from another system; upgraded at this sign-in (`upgrade`).
                false => super::legacy_hash::verify(&password, &hash),
            };
            ok && known
        })
        .await
        .unwrap_or(false)
    }
}

impl PasswordHasher {
    /// A fresh hash of `password` when `stored` (its correct hash) was made with an older
    /// algorithm or weaker parameters than today's: the caller stores it, so hashes are
    /// upgraded at each user's next successful sign-in.
    pub async fn upgrade(&self, password: Password, stored: &str) -> Option<String> {
        if !needs_rehash(stored) {
            return None;
        }
        self.hash(password).await.ok()
    }
}

/// True unless `hash` is argon2id, version 0x13, with at least today's memory, time and
/// parallelism costs.
pub fn needs_rehash(hash: &str) -> bool {
    let Ok(parsed) = argon2::PasswordHash::new(hash) else {
        return true;
    };
    let Ok(params) = argon2::Params::try_from(&parsed) else {
        return true;
    };
    let current = argon2::Params::default();
    parsed.algorithm != argon2::ARGON2ID_IDENT
        || parsed.version != Some(argon2::Version::V0x13 as u32)
        || params.m_cost() < current.m_cost()
        || params.t_cost() < current.t_cost()
        || params.p_cost() < current.p_cost()
}

fn hash_now(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
}

static UNKNOWABLE_HASH: OnceLock<String> = OnceLock::new();

/// An argon2id hash of 256 random bits nobody is told (made once per process): for accounts
/// nobody may sign in to by password until their owner chooses one (imported without a
/// hash), verified in the same time as any other.
pub fn unknowable_hash() -> &'static str {
    UNKNOWABLE_HASH.get_or_init(|| {
        use rand::RngCore;
        let mut secret = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut secret);
        hash_now(&hex::encode(secret)).unwrap_or_default()
    })
}

fn dummy_hash() -> &'static str {
    DUMMY_HASH.get_or_init(|| hash_now("roster-dummy-password-for-timing").unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn hashes_with_argon2id_and_verifies() {
        let hasher = PasswordHasher::new(2);
        let hash = hasher.hash("correct horse battery".into()).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        assert!(
            hasher
                .verify("correct horse battery".into(), Some(hash.clone()))
                .await
        );
        assert!(
            !hasher
                .verify("wrong horse battery".into(), Some(hash))
                .await
        );
        assert!(!hasher.verify("anything".into(), None).await);
        assert!(!needs_rehash(&hash_now("x").unwrap()));
        assert!(
            !hasher
                .verify("anything".into(), Some("not a hash".into()))
                .await
        );
    }

    #[tokio::test]
    async fn older_or_weaker_hashes_are_upgraded() {
        use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, Version};
        let weak = |algorithm, m, t| {
            Argon2::new(
                algorithm,
                Version::V0x13,
                Params::new(m, t, 1, None).unwrap(),
            )
            .hash_password(b"pw")
            .unwrap()
            .to_string()
        };
        let hasher = PasswordHasher::new(1);
        for old in [
            weak(Algorithm::Argon2id, 4096, 3),
            weak(Algorithm::Argon2id, 19456, 1),
            weak(Algorithm::Argon2i, 19456, 2),
        ] {
            assert!(needs_rehash(&old), "{old}");
            let new = hasher.upgrade("pw".into(), &old).await.expect("upgraded");
            assert!(new.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{new}");
            assert!(hasher.verify("pw".into(), Some(new)).await);
        }
        let current = hasher.hash("pw".into()).await.unwrap();
        assert_eq!(hasher.upgrade("pw".into(), &current).await, None);
    }
}
