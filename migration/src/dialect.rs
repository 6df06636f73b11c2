//! The few column types that differ between SQLite and PostgreSQL. Migrations are written as
//! SQL templates with `{uuid}`, `{ts}`, `{bool}`, `{blob}`, `{bigint}`, `{false}`
//! placeholders, so each table is declared once for both engines.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub fn render(sql: &str, backend: DbBackend) -> String {
    let pairs: &[(&str, &str)] = match backend {
        DbBackend::Postgres => &[
            ("{uuid}", "UUID"),
            ("{ts}", "TIMESTAMPTZ"),
            ("{bool}", "BOOLEAN"),
            ("{blob}", "BYTEA"),
            ("{bigint}", "BIGINT"),
            ("{false}", "FALSE"),
        ],
        _ => &[
            // sqlx stores uuid::Uuid as a 16-byte BLOB and chrono timestamps as RFC 3339 text.
            ("{uuid}", "BLOB"),
            ("{ts}", "TEXT"),
            ("{bool}", "BOOLEAN"),
            ("{blob}", "BLOB"),
            ("{bigint}", "INTEGER"),
            ("{false}", "0"),
        ],
    };
    pairs
        .iter()
        .fold(sql.to_owned(), |acc, (from, to)| acc.replace(from, to))
}

/// Runs `script` rendered for the connection's engine as one batch, on one connection: for a
/// table rebuilt by steps that must see each other's schema changes. On a pool, each statement
/// of `run` may take another SQLite connection, whose view of the schema is read when a
/// statement is prepared and can lag behind (a rename then finds the dropped table).
pub async fn run_batch(manager: &SchemaManager<'_>, script: &str) -> Result<(), DbErr> {
    let sql = render(&script.replace(";;", ";"), manager.get_database_backend());
    manager.get_connection().execute_unprepared(&sql).await?;
    Ok(())
}

/// Runs each statement of `script` (separated by `;;`) rendered for the connection's engine.
pub async fn run(manager: &SchemaManager<'_>, script: &str) -> Result<(), DbErr> {
    let backend = manager.get_database_backend();
    let conn = manager.get_connection();
    for statement in script.split(";;").map(str::trim).filter(|s| !s.is_empty()) {
        conn.execute_unprepared(&render(statement, backend)).await?;
    }
    Ok(())
}
