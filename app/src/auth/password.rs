//! argon2id hashing off the async runtime, with bounded concurrency: each hash takes ~20 MiB
//! and tens of milliseconds of CPU, so a burst of sign-ins must queue, not exhaust memory.
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
    pub async fn hash(&self, password: String) -> Result<String, String> {
        let _permit = self.permits.acquire().await.map_err(|e| e.to_string())?;
        tokio::task::spawn_blocking(move || hash_now(&password))
            .await
            .map_err(|e| e.to_string())?
    }

    /// True when `password` matches `hash`. With no hash, verifies against a dummy hash and
    /// returns false, taking the same time.
    pub async fn verify(&self, password: String, hash: Option<String>) -> bool {
        let Ok(_permit) = self.permits.acquire().await else {
            return false;
        };
        tokio::task::spawn_blocking(move || {
            let known = hash.is_some();
            let hash = hash.unwrap_or_else(|| dummy_hash().to_owned());
            let ok = Argon2::default()
                .verify_password(password.as_bytes(), hash.as_str())
                .is_ok();
            ok && known
        })
        .await
        .unwrap_or(false)
    }
}

fn hash_now(password: &str) -> Result<String, String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| e.to_string())
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
        assert!(
            !hasher
                .verify("anything".into(), Some("not a hash".into()))
                .await
        );
    }
}
