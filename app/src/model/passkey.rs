//! Passkeys as their holder sees them, and the wire form of a WebAuthn ceremony. The options
//! and the browser's answer travel as JSON text in the WebAuthn JSON shapes (base64url
//! bytes), so the browser side needs no WebAuthn types of its own.
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Whose passkeys: a client-area user's (`/account`, `/login`) or a staff member's (their
/// profile, `/admin/login`). Each resolves its own session; neither reaches the other's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PasskeyHolder {
    User,
    Staff,
}

impl PasskeyHolder {
    pub fn key(self) -> &'static str {
        match self {
            Self::User => "user",
            Self::Staff => "staff",
        }
    }
}

/// The longest passkey name, in characters.
pub const NAME_MAX: usize = 100;

/// One registered passkey.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyRow {
    pub id: Uuid,
    pub name: String,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// None: never used to sign in.
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A ceremony the browser is to perform: `options` goes to `navigator.credentials`, and
/// `ceremony` comes back with its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyChallenge {
    pub ceremony: Uuid,
    /// `{"publicKey": {...}}` in the WebAuthn JSON shape.
    pub options: String,
}

/// The second factors a signed-in-by-password account can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecondFactors {
    pub authenticator_app: bool,
    pub passkey: bool,
}
