//! Opening the database: SQLite (file created on demand, WAL, foreign keys on) or PostgreSQL.
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};
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
                // grew or shrank a lot, here as pooled connections are recycled (and once at
                // start-up, below); no analysis limit, as a sampled one misjudges
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
    let db = Database::connect(options).await?;
    if db.get_database_backend() == DbBackend::Sqlite {
        // Once, not per pooled connection: ANALYZE writes, and new connections opening
        // together under load would contend for the write lock.
        db.execute_unprepared("PRAGMA optimize=0x10002").await?;
    }
    Ok(db)
}
