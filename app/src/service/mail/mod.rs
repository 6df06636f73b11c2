//! Mail: messages written to the outbox with the change that causes them, rendered in the
//! user's language, delivered by the sender task through SMTP, and shown to staff in the
//! mail log with their links hidden.
mod copy;
pub mod letters;
pub mod links;
pub mod log;
pub mod outbox;
pub mod sender;
pub mod smtp;

use crate::auth::secret_box::SecretBox;

/// What every message needs from configuration.
#[derive(Clone, Debug)]
pub struct MailContext {
    /// The name messages are signed with: `ROSTER_MAIL_FROM`'s display name, or "Roster".
    pub brand: String,
    /// Where the client area lives, for links: `ROSTER_PUBLIC_URL`.
    pub public_url: String,
    /// Seals a link's token in the outbox until it is sent.
    pub secrets: SecretBox,
    /// Mail goes out (`ROSTER_SMTP_URL` is set). Without, messages wait in the outbox: staff
    /// are then given a one-time password to hand over instead of an invitation.
    pub delivers: bool,
}

impl Default for MailContext {
    /// For tests and tools: links to a local client area, sealed with a key of this process.
    fn default() -> Self {
        use rand::RngCore;
        let mut key = [0u8; 32];
        rand::rngs::OsRng.fill_bytes(&mut key);
        Self {
            brand: "Roster".to_owned(),
            public_url: "http://localhost:3000".to_owned(),
            secrets: SecretBox::new(&key),
            delivers: true,
        }
    }
}
