//! Opening the database: SQLite (file created on demand, WAL, foreign keys on) or PostgreSQL.
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::time::Duration;

pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .acquire_timeout(Duration::from_secs(10))
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                // WAL + NORMAL survives a killed process; only power loss can cost the
                // last transactions.
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10))
                // Planner statistics: without them SQLite sorts 100,000 users of one status
                // instead of walking the sort's index. `optimize` analyzes only tables that
                // grew or shrank a lot, as pooled connections are recycled (the seed runs a full
                // ANALYZE after its bulk load; running it at connect left a pooled connection
                // on a stale schema); no analysis limit, as a sampled one misjudges
                // low-cardinality columns (a full ANALYZE of 1,000,000 users takes 0.5 s).
                // Reads through a memory map instead of a read() call per page: searches
                // touch thousands of scattered rows. Address space only, not memory.
                .pragma("mmap_size", "17179869184")
                .optimize_on_close(true, None)
        });
    if url.starts_with("sqlite:") {
        options.max_connections(8).min_connections(1);
    } else {
        options.max_connections(20).min_connections(1);
    }
    Database::connect(options).await
}

/// A new pool after migrating: a pooled SQLite connection may still hold a read snapshot
/// taken before the schema changed (seen as a rare "no such table" right after migrations).
pub async fn reconnect(db: DatabaseConnection, url: &str) -> Result<DatabaseConnection, DbErr> {
    db.close().await?;
    connect(url).await
}
