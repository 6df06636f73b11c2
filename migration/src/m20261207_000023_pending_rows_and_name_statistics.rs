//! Two plans that went wrong at scale:
//! - An import's next batch is its first rows still to check (no verdict) or to import
//!   (accepted, not done). Read through the primary key, each batch walked past every row
//!   worked before it (and on PostgreSQL their dead versions): a 100,000-row file read about
//!   5,000,000 rows in all. Partial indexes hold only the rows still to work.
//! - PostgreSQL: names cluster ("hanna." starts 11,926 of 1,000,000), and with 100 histogram
//!   buckets the planner guessed 30 of them, sorting all 11,926 rows for a SCIM page of 100
//!   (30 ms, 650 ms cold) instead of reading the name index in order (2 ms). 300 buckets
//!   estimate such ranges within 10%.
use crate::dialect;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000023_pending_rows_and_name_statistics"
    }
}

const UP: &str = r#"
CREATE INDEX import_rows_unchecked_idx ON import_rows (import_id, line) WHERE verdict IS NULL;;
CREATE INDEX import_rows_to_import_idx ON import_rows (import_id, line)
    WHERE verdict IN ('create', 'update') AND NOT done
"#;

const NAME_STATISTICS: &str =
    "ALTER INDEX users_scim_user_name_key ALTER COLUMN 1 SET STATISTICS 300";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, UP).await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            let conn = manager.get_connection();
            conn.execute_unprepared(NAME_STATISTICS).await?;
            conn.execute_unprepared("ANALYZE users").await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() == DbBackend::Postgres {
            manager
                .get_connection()
                .execute_unprepared(
                    "ALTER INDEX users_scim_user_name_key ALTER COLUMN 1 SET STATISTICS -1",
                )
                .await?;
        }
        dialect::run(
            manager,
            "DROP INDEX import_rows_to_import_idx;; DROP INDEX import_rows_unchecked_idx",
        )
        .await
    }
}
