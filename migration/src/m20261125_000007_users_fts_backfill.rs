//! SQLite: index the users that existed before the search migration. Migration 2 created the
//! FTS table and its triggers but indexed only rows written afterwards, so a database upgraded
//! from the first release could not find its earlier users. Rebuilding is idempotent, so it
//! also repairs databases that ran migration 2 with users in them. PostgreSQL indexes the
//! column itself and needs nothing.
use crate::m20261123_000002_search::document;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000007_users_fts_backfill"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Sqlite {
            return Ok(());
        }
        let db = manager.get_connection();
        db.execute_unprepared("INSERT INTO users_fts (users_fts) VALUES ('delete-all')")
            .await?;
        db.execute_unprepared(&format!(
            "INSERT INTO users_fts (rowid, doc) SELECT rowid, {} FROM users",
            document("")
        ))
        .await?;
        Ok(())
    }

    async fn down(&self, _manager: &SchemaManager) -> Result<(), DbErr> {
        // Nothing to undo: the index holds what the triggers would have written.
        Ok(())
    }
}
