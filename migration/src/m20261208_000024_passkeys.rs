//! Passkeys (WebAuthn credentials) of users and staff, and the ceremonies in flight.
//! A passkey belongs to exactly one user or one staff member and goes with them. Its
//! credential id (base64url) is unique across both; `credential` is the library's record of
//! it (public key, signature counter, flags), which never leaves the server. A ceremony is
//! the server's half of one registration or sign-in: single use, short-lived, and kept in the
//! database so that any node can finish what another started. `users.passkey_count` gives
//! Manage Users its Passkey badge without a query per row.
use crate::dialect;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261208_000024_passkeys"
    }
}

const UP: &str = r#"
CREATE TABLE passkeys (
    id {uuid} PRIMARY KEY,
    user_id {uuid} REFERENCES users(id) ON DELETE CASCADE,
    staff_id {uuid} REFERENCES staff(id) ON DELETE CASCADE,
    credential_id VARCHAR(1400) NOT NULL UNIQUE,
    name VARCHAR(100) NOT NULL,
    credential TEXT NOT NULL,
    created_at {ts} NOT NULL,
    last_used_at {ts},
    CHECK ((user_id IS NULL) <> (staff_id IS NULL))
);;
CREATE INDEX passkeys_user_idx ON passkeys (user_id) WHERE user_id IS NOT NULL;;
CREATE INDEX passkeys_staff_idx ON passkeys (staff_id) WHERE staff_id IS NOT NULL;;
CREATE TABLE passkey_ceremonies (
    id {uuid} PRIMARY KEY,
    purpose VARCHAR(32) NOT NULL,
    account_id {uuid},
    state TEXT NOT NULL,
    expires_at {ts} NOT NULL
);;
CREATE INDEX passkey_ceremonies_expires_idx ON passkey_ceremonies (expires_at);;
ALTER TABLE users ADD COLUMN passkey_count INTEGER NOT NULL DEFAULT 0
"#;

const DOWN: &str = r#"
ALTER TABLE users DROP COLUMN passkey_count;;
DROP TABLE passkey_ceremonies;;
DROP TABLE passkeys
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, DOWN).await
    }
}
