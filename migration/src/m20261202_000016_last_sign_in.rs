//! Manage Users' "Last sign-in" column and filters: one index serves sorting by it (never
//! signed in first, as SQLite orders nulls; PostgreSQL's index is told to order them alike),
//! counting both filters, and never-signed-in users in created order.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000016_last_sign_in"
    }
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let sql = match manager.get_database_backend() {
            DbBackend::Postgres => {
                "CREATE INDEX users_last_sign_in_idx ON users (last_login_at NULLS FIRST, created_at, id)"
            }
            _ => "CREATE INDEX users_last_sign_in_idx ON users (last_login_at, created_at, id)",
        };
        manager.get_connection().execute_unprepared(sql).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .get_connection()
            .execute_unprepared("DROP INDEX users_last_sign_in_idx")
            .await?;
        Ok(())
    }
}
