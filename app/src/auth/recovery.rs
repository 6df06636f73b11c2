//! Recovery codes: ten single-use codes shown once at enrolment, stored as SHA-256 hashes (each
//! carries 50 random bits, so a slow hash adds nothing).
use rand::Rng;
use sha2::{Digest, Sha256};

pub const COUNT: usize = 10;
const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";

/// `COUNT` new codes like `k7qmz-3xt9p`.
pub fn generate() -> Vec<String> {
    let mut rng = rand::rngs::OsRng;
    (0..COUNT)
        .map(|_| {
            let mut code: String = (0..10)
                .map(|_| ALPHABET[rng.gen_range(0..ALPHABET.len())] as char)
                .collect();
            code.insert(5, '-');
            code
        })
        .collect()
}

/// What is stored for `code` (typed in any case, with or without the dash or spaces).
pub fn hash(code: &str) -> String {
    let normal: String = code
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    hex::encode(Sha256::digest(normal.as_bytes()))
}

/// Whether `input` has the shape of a recovery code (and not of a 6-digit TOTP code).
pub fn looks_like_code(input: &str) -> bool {
    let n = input.chars().filter(char::is_ascii_alphanumeric).count();
    n == 10 && input.chars().any(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_distinct_and_hash_the_same_however_typed() {
        let codes = generate();
        assert_eq!(codes.len(), COUNT);
        let unique: std::collections::HashSet<_> = codes.iter().collect();
        assert_eq!(unique.len(), COUNT);
        assert!(codes.iter().all(|c| c.len() == 11 && looks_like_code(c)));
        assert_eq!(hash("K7QMZ 3XT9P"), hash("k7qmz-3xt9p"));
        assert!(!looks_like_code("123456"));
    }
}
