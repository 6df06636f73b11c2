//! SCIM provisioning (RFC 7643/7644). A user's `userName` is their email unless the identity
//! provider names them otherwise (`scim_user_name`, kept apart so the address stays the
//! address); one unique index over "the name SCIM sees" keeps both kinds of name from
//! colliding and answers `userName eq` and `sw` (a range on it; on PostgreSQL under the "C"
//! collation so that a range is a byte prefix). `scim_managed` marks what a SCIM client
//! created: a token with the plain `scim` scope reaches only those, each through a partial
//! index in creation order. `scim_email_primary` keeps the provider's
//! `primary` flag of the one email Roster keeps (None: true). A client's `scim_member_permissions` are the per-client
//! permissions a member added through SCIM gets.
use crate::dialect;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000019_scim"
    }
}

const UP: &str = r#"
ALTER TABLE users ADD COLUMN scim_user_name VARCHAR(254);;
ALTER TABLE users ADD COLUMN scim_user_name_norm VARCHAR(254);;
ALTER TABLE users ADD COLUMN scim_display_name VARCHAR(200);;
ALTER TABLE users ADD COLUMN scim_email_primary {bool};;
ALTER TABLE users ADD COLUMN external_id VARCHAR(255);;
ALTER TABLE users ADD COLUMN scim_managed {bool} NOT NULL DEFAULT {false};;
CREATE UNIQUE INDEX users_scim_user_name_key ON users ((COALESCE(scim_user_name_norm, email_norm){collate_c})){include};;
CREATE INDEX users_external_id_idx ON users (external_id) WHERE external_id IS NOT NULL;;
CREATE INDEX users_scim_managed_idx ON users (created_at, id) WHERE scim_managed;;
ALTER TABLE clients ADD COLUMN external_id VARCHAR(255);;
ALTER TABLE clients ADD COLUMN scim_managed {bool} NOT NULL DEFAULT {false};;
ALTER TABLE clients ADD COLUMN scim_member_permissions TEXT NOT NULL DEFAULT '[]';;
CREATE INDEX clients_external_id_idx ON clients (external_id) WHERE external_id IS NOT NULL;;
CREATE INDEX clients_scim_managed_idx ON clients (created_at, id) WHERE scim_managed
"#;

const DOWN: &str = r#"
DROP INDEX clients_scim_managed_idx;;
DROP INDEX clients_external_id_idx;;
ALTER TABLE clients DROP COLUMN scim_member_permissions;;
ALTER TABLE clients DROP COLUMN scim_managed;;
ALTER TABLE clients DROP COLUMN external_id;;
DROP INDEX users_scim_managed_idx;;
DROP INDEX users_external_id_idx;;
DROP INDEX users_scim_user_name_key;;
ALTER TABLE users DROP COLUMN scim_managed;;
ALTER TABLE users DROP COLUMN external_id;;
ALTER TABLE users DROP COLUMN scim_email_primary;;
ALTER TABLE users DROP COLUMN scim_display_name;;
ALTER TABLE users DROP COLUMN scim_user_name_norm;;
ALTER TABLE users DROP COLUMN scim_user_name
"#;

/// PostgreSQL: ranges compare bytes (`COLLATE "C"`), and the index carries the columns its
/// expression reads, so counting a range is an index-only scan (without them, counting the
/// 115,845 names that start with "a" at 1,000,000 users visited 47,146 heap pages: 260 ms
/// against 30 ms).
fn rendered(script: &str, backend: DbBackend) -> String {
    let (collate, include) = match backend {
        DbBackend::Postgres => (
            r#" COLLATE "C""#,
            " INCLUDE (scim_user_name_norm, email_norm)",
        ),
        _ => ("", ""),
    };
    script
        .replace("{collate_c}", collate)
        .replace("{include}", include)
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run_batch(manager, &rendered(UP, manager.get_database_backend())).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One connection: a pooled SQLite connection's view of the schema can lag behind a
        // dropped index when the next statement drops its column (see `dialect::run_batch`).
        dialect::run_batch(manager, &rendered(DOWN, manager.get_database_backend())).await
    }
}
