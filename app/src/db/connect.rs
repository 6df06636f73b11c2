//! Opening the database: SQLite (file created on demand, WAL, foreign keys on) or PostgreSQL.
use crate::events::EventBus;
use sea_orm::sqlx::postgres::PgConnectOptions;
use sea_orm::sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sea_orm::sqlx::ConnectOptions as _;
use sea_orm::{
    ConnectOptions, Database, DatabaseConnection, DbErr, RuntimeErr, SqlxSqliteConnector,
};
use std::time::Duration;

/// SQLite's pool unless configured (`--db-pool`).
const SQLITE_POOL: u32 = 8;

/// The pool size unless configured. PostgreSQL: twice the cores (at least 4). More
/// connections than the cores can run only make queries share them: on 2 cores, 20
/// connections answered 16 concurrent list requests with a p99 of 52 ms where 4 took 20 ms
/// (BENCHMARKS.md); the others wait their turn in the pool, in order.
pub fn default_pool(url: &str) -> u32 {
    if url.starts_with("sqlite:") {
        return SQLITE_POOL;
    }
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get() as u32);
    (2 * cores).max(4)
}
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

fn tune_sqlite(o: SqliteConnectOptions) -> SqliteConnectOptions {
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
}

/// PostgreSQL plans every statement for its parameters. sqlx prepares each query once per
/// connection, and after five runs PostgreSQL may switch to a generic plan, made without the
/// parameters: for `LIKE $1` it cannot tell '%h%' (a table scan meets 1,001 matches within a
/// few thousand rows) from '%hugo%' (the trigram index), and its generic plan read the whole
/// trigram index for every one-letter search: 1 s instead of 1 ms. Planning costs ~0.1 ms.
fn tune_postgres(o: PgConnectOptions) -> PgConnectOptions {
    o.options([("plan_cache_mode", "force_custom_plan")])
}

pub async fn connect(url: &str) -> Result<DatabaseConnection, DbErr> {
    connect_pooled(url, default_pool(url)).await
}

pub async fn connect_pooled(url: &str, pool: u32) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(url.to_owned());
    options
        .sqlx_logging(false)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .map_sqlx_sqlite_opts(tune_sqlite)
        .map_sqlx_postgres_opts(tune_postgres)
        .max_connections(pool.max(1))
        .min_connections(1);
    Database::connect(options).await
}

/// The server's pool. On SQLite every connection reports the changes it commits to `bus`
/// (`events::sqlite`); on PostgreSQL the triggers and the node's LISTEN task do that.
pub async fn connect_live(
    url: &str,
    bus: &EventBus,
    pool: u32,
) -> Result<DatabaseConnection, DbErr> {
    if !url.starts_with("sqlite:") {
        return connect_pooled(url, pool).await;
    }
    let sqlx_err = |e| DbErr::Conn(RuntimeErr::SqlxError(e));
    let options = tune_sqlite(url.parse::<SqliteConnectOptions>().map_err(sqlx_err)?)
        // The change notes (`events::sqlite`) live in memory, not in a temp file.
        .pragma("temp_store", "memory")
        .disable_statement_logging();
    let bus = bus.clone();
    let pool = SqlitePoolOptions::new()
        .max_connections(pool.max(1))
        .min_connections(1)
        .acquire_timeout(ACQUIRE_TIMEOUT)
        .after_connect(|conn, _| Box::pin(crate::events::sqlite::install(conn)))
        .after_release(move |conn, _| {
            let bus = bus.clone();
            Box::pin(async move {
                // A connection whose notes cannot be read is not trusted again.
                match crate::events::sqlite::publish(conn, &bus).await {
                    Ok(()) => Ok(true),
                    Err(e) => {
                        tracing::warn!(error = %e, "live changes unreadable; connection closed");
                        bus.publish(crate::events::Event::Resync);
                        Ok(false)
                    }
                }
            })
        })
        .connect_with(options)
        .await
        .map_err(sqlx_err)?;
    Ok(SqlxSqliteConnector::from_sqlx_sqlite_pool(pool))
}

/// One connection for schema changes. A pooled SQLite connection may still hold a read
/// snapshot from before another connection's DDL: seen as a rare "no such table" right after
/// migrating and "index already exists" when taking the schema down and up. Migrations run on
/// this, then `reconnect` opens the working pool.
pub async fn connect_for_schema(url: &str) -> Result<DatabaseConnection, DbErr> {
    connect_pooled(url, 1).await
}

/// The working pool, after migrating on `connect_for_schema`.
pub async fn reconnect(db: DatabaseConnection, url: &str) -> Result<DatabaseConnection, DbErr> {
    db.close().await?;
    connect(url).await
}
