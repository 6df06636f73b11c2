//! Substring search indexes over one search document per user (ARCHITECTURE.md, Search): the lowercased
//! email, "first last" and the phone digits. PostgreSQL: a pg_trgm GIN index on that
//! expression. SQLite: a contentless FTS5 trigram table kept in sync by triggers, keyed by
//! the users table's rowid.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261123_000002_search"
    }
}

/// The search document, the same text on both engines; `|` separates the fields so a term
/// never matches across two of them.
pub(crate) fn document(prefix: &str) -> String {
    format!(
        "{p}email_norm || '|' || lower({p}first_name || ' ' || {p}last_name) || '|' || coalesce(substr({p}phone, 2), '')",
        p = prefix
    )
}

fn up_statements(backend: DbBackend) -> Vec<String> {
    match backend {
        DbBackend::Postgres => vec![
            "CREATE EXTENSION IF NOT EXISTS pg_trgm".into(),
            format!("CREATE INDEX users_search_trgm ON users USING gin (({}) gin_trgm_ops)", document("")),
        ],
        _ => vec![
            "CREATE VIRTUAL TABLE users_fts USING fts5(doc, content='', contentless_delete=1, tokenize='trigram')".into(),
            format!(
                "CREATE TRIGGER users_fts_insert AFTER INSERT ON users BEGIN \
                 INSERT INTO users_fts (rowid, doc) VALUES (new.rowid, {}); END",
                document("new.")
            ),
            format!(
                "CREATE TRIGGER users_fts_update AFTER UPDATE OF email_norm, first_name, last_name, phone ON users BEGIN \
                 DELETE FROM users_fts WHERE rowid = old.rowid; \
                 INSERT INTO users_fts (rowid, doc) VALUES (new.rowid, {}); END",
                document("new.")
            ),
            "CREATE TRIGGER users_fts_delete AFTER DELETE ON users BEGIN \
             DELETE FROM users_fts WHERE rowid = old.rowid; END"
                .into(),
        ],
    }
}

fn down_statements(backend: DbBackend) -> &'static [&'static str] {
    match backend {
        DbBackend::Postgres => &["DROP INDEX users_search_trgm"],
        _ => &[
            "DROP TRIGGER users_fts_delete",
            "DROP TRIGGER users_fts_update",
            "DROP TRIGGER users_fts_insert",
            "DROP TABLE users_fts",
        ],
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for sql in up_statements(manager.get_database_backend()) {
            manager.get_connection().execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for sql in down_statements(manager.get_database_backend()) {
            manager.get_connection().execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
