//! A version of the users' newest-first order: the `counters` row `users_order`, bumped by
//! every insert, delete and change of `created_at`. Manage Users remembers where its deep
//! pages start while the version holds (`app::service::user_pages`). It starts at a random
//! value so that two databases (tests run several in one process) never share a version.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261126_000009_users_order_version"
    }
}

const POSTGRES: &[&str] = &[
    "INSERT INTO counters (name, value) VALUES ('users_order', floor(random() * 4503599627370496)::bigint)",
    "CREATE FUNCTION users_order_bump() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
       UPDATE counters SET value = value + 1 WHERE name = 'users_order'; RETURN NULL; END $$",
    "CREATE TRIGGER users_order_bump AFTER INSERT OR DELETE OR UPDATE OF created_at ON users \
       FOR EACH STATEMENT EXECUTE FUNCTION users_order_bump()",
];

const SQLITE: &[&str] = &[
    "INSERT INTO counters (name, value) VALUES ('users_order', abs(random() / 4096))",
    "CREATE TRIGGER users_order_ins AFTER INSERT ON users BEGIN \
       UPDATE counters SET value = value + 1 WHERE name = 'users_order'; END",
    "CREATE TRIGGER users_order_del AFTER DELETE ON users BEGIN \
       UPDATE counters SET value = value + 1 WHERE name = 'users_order'; END",
    "CREATE TRIGGER users_order_upd AFTER UPDATE OF created_at ON users BEGIN \
       UPDATE counters SET value = value + 1 WHERE name = 'users_order'; END",
];

const DOWN_POSTGRES: &[&str] = &[
    "DROP TRIGGER users_order_bump ON users",
    "DROP FUNCTION users_order_bump()",
    "DELETE FROM counters WHERE name = 'users_order'",
];

const DOWN_SQLITE: &[&str] = &[
    "DROP TRIGGER users_order_upd",
    "DROP TRIGGER users_order_del",
    "DROP TRIGGER users_order_ins",
    "DELETE FROM counters WHERE name = 'users_order'",
];

async fn run(manager: &SchemaManager<'_>, statements: &[&str]) -> Result<(), DbErr> {
    for sql in statements {
        manager.get_connection().execute_unprepared(sql).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_database_backend() {
            DbBackend::Postgres => run(manager, POSTGRES).await,
            _ => run(manager, SQLITE).await,
        }
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_database_backend() {
            DbBackend::Postgres => run(manager, DOWN_POSTGRES).await,
            _ => run(manager, DOWN_SQLITE).await,
        }
    }
}
