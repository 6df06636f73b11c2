//! Server-only authentication building blocks: password hashing, TOTP with secrets encrypted
//! at rest, server-side sessions, and the guard every server function calls.
pub mod flow;
pub mod guard;
pub mod legacy_hash;
pub mod password;
pub mod recovery;
pub mod secret_box;
pub mod session;
pub mod totp;
