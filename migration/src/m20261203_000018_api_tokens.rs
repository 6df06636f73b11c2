//! The public API's tokens and the answers it replays. A token is stored as its SHA-256 with a
//! short visible prefix (to tell tokens apart in lists); its scopes are a JSON list of keys.
//! An idempotent POST's first answer is kept per token (its hash) and key for 24 hours; a
//! row with status 0 is a request still running.
use crate::dialect;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261203_000018_api_tokens"
    }
}

const UP: &str = r#"
CREATE TABLE api_tokens (
    id {uuid} PRIMARY KEY,
    staff_id {uuid} NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    name VARCHAR(100) NOT NULL,
    prefix VARCHAR(20) NOT NULL,
    token_hash {blob} NOT NULL UNIQUE,
    scopes TEXT NOT NULL,
    created_at {ts} NOT NULL,
    expires_at {ts},
    last_used_at {ts},
    last_used_ip VARCHAR(64),
    revoked_at {ts}
);;
CREATE INDEX api_tokens_staff_idx ON api_tokens (staff_id, created_at);;
CREATE TABLE api_idempotency (
    token_hash {blob} NOT NULL,
    key VARCHAR(255) NOT NULL,
    request_hash {blob} NOT NULL,
    status INTEGER NOT NULL,
    headers TEXT NOT NULL,
    body TEXT NOT NULL,
    created_at {ts} NOT NULL,
    PRIMARY KEY (token_hash, key)
);;
CREATE INDEX api_idempotency_created_idx ON api_idempotency (created_at)
"#;

const DOWN: &str = r#"
DROP TABLE api_idempotency;;
DROP TABLE api_tokens
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
