//! Mail: the outbox every message is written to (in the transaction of the change that causes
//! it), and the single-use link tokens that verification, password reset and invitation
//! messages carry.
//!
//! - `mail_outbox`: one row per message, rendered when queued (subject, text and HTML as
//!   sent). A link's token is not in the body: the body holds a marker, and the token waits
//!   sealed (the server's secret box) in `link_secret` until the message is sent, then the
//!   column is cleared, so neither staff reading the mail log nor anyone reading the
//!   database later can use the link. `status` is `queued`, `sent` or `failed`; a queued
//!   row is due at `next_attempt_at`, which a sender moves forward when it claims the row
//!   (a lease) and again after a temporary failure (backoff).
//! - `mail.view` (the mail log) joins the built-in roles: Support reads what was sent to a
//!   user when they call (the links in it are hidden from staff).
//! - `link_tokens`: SHA-256 of each token (never the token), its purpose, the user and the
//!   address it was sent to, expiry and the time it was used.
use crate::dialect;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000012_mail"
    }
}

const UP: &str = r#"
CREATE TABLE mail_outbox (
    id {uuid} PRIMARY KEY,
    kind VARCHAR(32) NOT NULL,
    user_id {uuid} REFERENCES users (id) ON DELETE SET NULL,
    to_address TEXT NOT NULL,
    language VARCHAR(8) NOT NULL,
    subject TEXT NOT NULL,
    text_body TEXT NOT NULL,
    html_body TEXT NOT NULL,
    link_secret {blob},
    status VARCHAR(16) NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at {ts} NOT NULL,
    last_error TEXT,
    created_at {ts} NOT NULL,
    sent_at {ts},
    CONSTRAINT mail_outbox_status CHECK (status IN ('queued', 'sent', 'failed'))
);;
CREATE INDEX mail_outbox_due_idx ON mail_outbox (next_attempt_at) WHERE status = 'queued';;
CREATE INDEX mail_outbox_user_idx ON mail_outbox (user_id, created_at);;
CREATE INDEX mail_outbox_created_idx ON mail_outbox (created_at);;
CREATE TABLE link_tokens (
    id {uuid} PRIMARY KEY,
    user_id {uuid} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose VARCHAR(16) NOT NULL,
    token_hash {blob} NOT NULL UNIQUE,
    email TEXT NOT NULL,
    created_at {ts} NOT NULL,
    expires_at {ts} NOT NULL,
    used_at {ts}
);;
CREATE INDEX link_tokens_user_idx ON link_tokens (user_id, purpose);;
UPDATE staff_roles SET permissions = replace(permissions, ']', ',"mail.view"]')
    WHERE name IN ('Administrator', 'Support') AND permissions NOT LIKE '%"mail.view"%';;
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(
            manager,
            "DROP TABLE link_tokens;; DROP TABLE mail_outbox;;
             UPDATE staff_roles SET permissions = replace(permissions, ',\"mail.view\"', '');;",
        )
        .await
    }
}
