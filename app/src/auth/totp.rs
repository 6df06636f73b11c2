//! TOTP (RFC 6238: SHA-1, 6 digits, 30 s steps, +-1 step) with replay protection: a time step
//! is accepted at most once per account (the caller stores the returned step).
use totp_rs::{Algorithm, Builder, Secret, Totp};

pub const ISSUER: &str = "Roster";

pub fn new_secret() -> Vec<u8> {
    Secret::generate().as_ref().to_vec()
}

pub fn to_base32(secret: &[u8]) -> String {
    Secret::from(secret.to_vec()).to_base32()
}

pub fn from_base32(text: &str) -> Option<Vec<u8>> {
    let cleaned: String = text.split_whitespace().collect::<String>().to_uppercase();
    let bytes = Secret::try_from_base32(cleaned).ok()?.as_ref().to_vec();
    (bytes.len() >= 16).then_some(bytes)
}

fn totp(secret: &[u8], account: &str) -> Option<Totp> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(30)
        .with_secret(secret.to_vec())
        .with_issuer(Some(ISSUER))
        .with_account_name(account)
        .build()
        .ok()
}

/// Checks `code` at unix time `now`. Returns the matched time step when it is valid and newer
/// than `last_step` (the last step accepted for this account).
pub fn verify(secret: &[u8], code: &str, now: u64, last_step: Option<i64>) -> Option<i64> {
    let step = i64::try_from(totp(secret, "x")?.check(code, now)?).ok()?;
    match last_step {
        Some(last) if step <= last => None,
        _ => Some(step),
    }
}

/// The code for unix time `now` (used by tests and by the seeding CLI's automation).
pub fn code_at(secret: &[u8], now: u64) -> Option<String> {
    Some(totp(secret, "x")?.generate(now).to_string())
}

/// The otpauth URI and a PNG QR code (base64) for an authenticator app.
pub fn provisioning(secret: &[u8], account: &str) -> Option<(String, String)> {
    let t = totp(secret, account)?;
    Some((t.to_url().ok()?, t.to_qr_base64().ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_each_step_once_within_skew() {
        let secret = new_secret();
        let now = 1_800_000_000;
        let code = code_at(&secret, now).unwrap();
        let step = verify(&secret, &code, now, None).unwrap();
        assert_eq!(step, (now / 30) as i64);
        assert_eq!(
            verify(&secret, &code, now, Some(step)),
            None,
            "replay refused"
        );
        let previous = code_at(&secret, now - 30).unwrap();
        assert!(
            verify(&secret, &previous, now, None).is_some(),
            "one step of skew"
        );
        let old = code_at(&secret, now - 90).unwrap();
        assert!(verify(&secret, &old, now, None).is_none() || old == code);
    }

    #[test]
    fn base32_round_trip_and_uri() {
        let secret = new_secret();
        let text = to_base32(&secret);
        assert_eq!(from_base32(&text.to_lowercase()).unwrap(), secret);
        assert!(from_base32("not base32!").is_none());
        let (uri, qr) = provisioning(&secret, "ann@example.com").unwrap();
        assert!(
            uri.starts_with("otpauth://totp/Roster:ann%40example.com?"),
            "{uri}"
        );
        assert!(uri.contains("issuer=Roster"));
        assert!(!qr.is_empty());
    }
}
