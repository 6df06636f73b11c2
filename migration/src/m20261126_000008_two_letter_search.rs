//! Two-character search terms through an index (the first search design left them to a table walk, which
//! reads all 1,000,000 rows when the term is rare, ~0.45 s). Trigram indexes need three
//! characters, so each engine gets the two-character term's trigrams another way:
//! - SQLite: FTS5's vocabulary table lists the indexed trigrams starting with the two
//!   characters (a range read of the term index); the search ORs them.
//! - PostgreSQL: a second pg_trgm index over the search document with every character
//!   doubled ("ann" -> "aannnn"): "an" is then "aann", whose trigrams `aan`, `ann` occur in
//!   the doubled text exactly where "an" occurs in the original. pg_trgm reads only letters
//!   and digits (anything else ends a word), so punctuation is first translated to capitals
//!   (which pg_trgm folds onto lowercase letters: a wider candidate set, checked exactly).
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000008_two_letter_search"
    }
}

/// The PostgreSQL expression indexed; `app::db::search` repeats it exactly.
const DOUBLED_DOCUMENT: &str = r#"regexp_replace(translate(search_doc, ' .@_-+''|%!&,()/#"*=?~^$;:<>[]`{}', 'ABCDEFGHIJKLMNOPQRSTUVWXYZABCDEF'), '(.)', '\1\1', 'g')"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sql = match manager.get_database_backend() {
            DbBackend::Postgres => format!(
                "CREATE INDEX users_search_pairs_trgm ON users USING gin (({DOUBLED_DOCUMENT}) gin_trgm_ops)"
            ),
            _ => "CREATE VIRTUAL TABLE users_fts_vocab USING fts5vocab(users_fts, 'row')".into(),
        };
        manager.get_connection().execute_unprepared(&sql).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sql = match manager.get_database_backend() {
            DbBackend::Postgres => "DROP INDEX users_search_pairs_trgm",
            _ => "DROP TABLE users_fts_vocab",
        };
        manager.get_connection().execute_unprepared(sql).await?;
        Ok(())
    }
}
