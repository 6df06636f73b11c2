//! Staff invitations by mail.
//!
//! - `link_tokens` hold a staff member's link as well as a user's: `user_id` or `staff_id`,
//!   exactly one (the table is rebuilt, as SQLite cannot drop a NOT NULL in place; it holds
//!   only unexpired links, so this is quick).
//! - `staff.invited_at`: the member was invited and has not chosen a password yet (INVITED
//!   on the Staff page; Send invitation again while it is set).
use crate::dialect;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000014_staff_invitations"
    }
}

const UP: &str = r#"
CREATE TABLE link_tokens_new (
    id {uuid} PRIMARY KEY,
    user_id {uuid} REFERENCES users (id) ON DELETE CASCADE,
    staff_id {uuid} REFERENCES staff (id) ON DELETE CASCADE,
    purpose VARCHAR(24) NOT NULL,
    token_hash {blob} NOT NULL UNIQUE,
    email TEXT NOT NULL,
    created_at {ts} NOT NULL,
    expires_at {ts} NOT NULL,
    used_at {ts},
    CONSTRAINT link_tokens_one_holder CHECK ((user_id IS NULL) <> (staff_id IS NULL))
);;
INSERT INTO link_tokens_new (id, user_id, purpose, token_hash, email, created_at, expires_at, used_at)
    SELECT id, user_id, purpose, token_hash, email, created_at, expires_at, used_at FROM link_tokens;;
DROP TABLE link_tokens;;
ALTER TABLE link_tokens_new RENAME TO link_tokens;;
CREATE INDEX link_tokens_user_idx ON link_tokens (user_id, purpose);;
CREATE INDEX link_tokens_staff_idx ON link_tokens (staff_id, purpose);;
ALTER TABLE staff ADD COLUMN invited_at {ts};;
"#;

const DOWN: &str = r#"
ALTER TABLE staff DROP COLUMN invited_at;;
DELETE FROM link_tokens WHERE user_id IS NULL;;
CREATE TABLE link_tokens_old (
    id {uuid} PRIMARY KEY,
    user_id {uuid} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose VARCHAR(16) NOT NULL,
    token_hash {blob} NOT NULL UNIQUE,
    email TEXT NOT NULL,
    created_at {ts} NOT NULL,
    expires_at {ts} NOT NULL,
    used_at {ts}
);;
INSERT INTO link_tokens_old SELECT id, user_id, purpose, token_hash, email, created_at, expires_at, used_at FROM link_tokens;;
DROP TABLE link_tokens;;
ALTER TABLE link_tokens_old RENAME TO link_tokens;;
CREATE INDEX link_tokens_user_idx ON link_tokens (user_id, purpose);;
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run_batch(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run_batch(manager, DOWN).await
    }
}
