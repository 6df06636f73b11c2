//! The whole data model of the data model, with its rules in the database.
use crate::dialect;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000001_schema"
    }
}

const UP: &str = r#"
CREATE TABLE users (
    id {uuid} PRIMARY KEY,
    email VARCHAR(254) NOT NULL,
    email_norm VARCHAR(254) NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    first_name VARCHAR(100) NOT NULL CHECK (first_name <> ''),
    last_name VARCHAR(100) NOT NULL DEFAULT '',
    phone VARCHAR(16),
    language VARCHAR(8) NOT NULL DEFAULT 'en',
    admin_notes TEXT NOT NULL DEFAULT '',
    status VARCHAR(16) NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'active', 'inactive')),
    email_verified {bool} NOT NULL DEFAULT {false},
    phone_verified {bool} NOT NULL DEFAULT {false},
    two_factor_required {bool} NOT NULL DEFAULT {false},
    totp_secret_enc {blob},
    totp_enrolled_at {ts},
    totp_last_step {bigint},
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until {ts},
    created_at {ts} NOT NULL,
    updated_at {ts} NOT NULL,
    last_login_at {ts},
    version INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT users_email_norm_key UNIQUE (email_norm),
    CONSTRAINT users_phone_key UNIQUE (phone),
    CONSTRAINT users_phone_e164 CHECK (phone IS NULL OR phone LIKE '+%')
);;
CREATE INDEX users_created_idx ON users (created_at, id);;
CREATE INDEX users_status_idx ON users (status, created_at);;

CREATE TABLE user_recovery_codes (
    id {uuid} PRIMARY KEY,
    user_id {uuid} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash VARCHAR(128) NOT NULL,
    used_at {ts}
);;
CREATE INDEX user_recovery_codes_user_idx ON user_recovery_codes (user_id);;

CREATE TABLE clients (
    id {uuid} PRIMARY KEY,
    first_name VARCHAR(100) NOT NULL DEFAULT '',
    last_name VARCHAR(100) NOT NULL DEFAULT '',
    company_name VARCHAR(200),
    tax_id VARCHAR(64),
    status VARCHAR(16) NOT NULL DEFAULT 'new'
        CHECK (status IN ('new', 'active', 'inactive', 'closed', 'fraud')),
    language VARCHAR(8) NOT NULL DEFAULT 'en',
    admin_notes TEXT NOT NULL DEFAULT '',
    created_at {ts} NOT NULL,
    updated_at {ts} NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    CONSTRAINT clients_company_name_key UNIQUE (company_name),
    CONSTRAINT clients_tax_id_key UNIQUE (tax_id)
);;
CREATE INDEX clients_created_idx ON clients (created_at, id);;

CREATE TABLE client_users (
    client_id {uuid} NOT NULL REFERENCES clients (id) ON DELETE CASCADE,
    user_id {uuid} NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    owner {bool} NOT NULL DEFAULT {false},
    permissions TEXT NOT NULL DEFAULT '[]',
    created_at {ts} NOT NULL,
    PRIMARY KEY (client_id, user_id)
);;
CREATE INDEX client_users_user_idx ON client_users (user_id);;
-- At most one owner per client, whatever the application does.
CREATE UNIQUE INDEX client_users_one_owner ON client_users (client_id) WHERE owner;;

CREATE TABLE staff_roles (
    id INTEGER PRIMARY KEY,
    name VARCHAR(64) NOT NULL UNIQUE,
    permissions TEXT NOT NULL
);;
INSERT INTO staff_roles (id, name, permissions) VALUES
    (1, 'Administrator', '["users.view","users.create","users.edit","users.delete","clients.view","clients.edit","staff.manage","audit.view"]'),
    (2, 'Support', '["users.view","clients.view"]');;

CREATE TABLE staff (
    id {uuid} PRIMARY KEY,
    email VARCHAR(254) NOT NULL,
    email_norm VARCHAR(254) NOT NULL,
    name VARCHAR(100) NOT NULL CHECK (name <> ''),
    password_hash VARCHAR(255) NOT NULL,
    role_id INTEGER NOT NULL REFERENCES staff_roles (id),
    totp_secret_enc {blob},
    totp_enrolled_at {ts},
    totp_last_step {bigint},
    failed_logins INTEGER NOT NULL DEFAULT 0,
    locked_until {ts},
    created_at {ts} NOT NULL,
    updated_at {ts} NOT NULL,
    last_login_at {ts},
    CONSTRAINT staff_email_norm_key UNIQUE (email_norm)
);;

-- Server-side sessions of staff and of client-area users. `id` is the SHA-256 of the cookie
-- token, so a leaked database does not hand out live sessions.
CREATE TABLE sessions (
    id VARCHAR(64) PRIMARY KEY,
    kind VARCHAR(8) NOT NULL CHECK (kind IN ('staff', 'user')),
    subject_id {uuid} NOT NULL,
    stage VARCHAR(16) NOT NULL CHECK (stage IN ('password', 'enrol', 'full')),
    created_at {ts} NOT NULL,
    last_seen_at {ts} NOT NULL,
    ip VARCHAR(64)
);;
CREATE INDEX sessions_subject_idx ON sessions (kind, subject_id);;

-- No foreign keys: entries outlive what they describe.
CREATE TABLE audit_log (
    id {uuid} PRIMARY KEY,
    at {ts} NOT NULL,
    actor_kind VARCHAR(8) NOT NULL,
    actor_id {uuid},
    actor_label VARCHAR(254) NOT NULL,
    action VARCHAR(64) NOT NULL,
    target_kind VARCHAR(16) NOT NULL,
    target_id VARCHAR(64),
    target_label VARCHAR(254) NOT NULL,
    changes TEXT NOT NULL DEFAULT '{}',
    ip VARCHAR(64),
    request_id VARCHAR(64)
);;
CREATE INDEX audit_log_at_idx ON audit_log (at);;
CREATE INDEX audit_log_target_idx ON audit_log (target_kind, target_id, at)
"#;

const DOWN: &str = r#"
DROP TABLE audit_log;;
DROP TABLE sessions;;
DROP TABLE staff;;
DROP TABLE staff_roles;;
DROP TABLE client_users;;
DROP TABLE clients;;
DROP TABLE user_recovery_codes;;
DROP TABLE users
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
