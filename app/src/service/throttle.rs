//! Fixed-window hit counters in the database, so every Roster node sees the same counts: the
//! per-IP burst limit on sign-in steps.
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub hits: u32,
    pub window_secs: i64,
}

/// Counts one hit on `key`; `Some(seconds to wait)` once the limit is passed.
pub async fn hit(
    db: &impl ConnectionTrait,
    key: &str,
    limit: Limit,
    now_secs: i64,
) -> Result<Option<u64>, DbErr> {
    let backend = db.get_database_backend();
    let p = |i: usize| match backend {
        DbBackend::Postgres => format!("${i}"),
        _ => format!("?{i}"),
    };
    // One statement: two nodes counting the same key at once cannot lose a hit.
    let sql = format!(
        "INSERT INTO throttle (key, window_start, hits) VALUES ({k}, {now}, 1) \
         ON CONFLICT (key) DO UPDATE SET \
           hits = CASE WHEN throttle.window_start <= {cutoff} THEN 1 ELSE throttle.hits + 1 END, \
           window_start = CASE WHEN throttle.window_start <= {cutoff} THEN {now} ELSE throttle.window_start END \
         RETURNING hits, window_start",
        k = p(1),
        now = p(2),
        cutoff = p(3),
    );
    let values: Vec<Value> = vec![
        key.into(),
        now_secs.into(),
        (now_secs - limit.window_secs).into(),
    ];
    let row = db
        .query_one(Statement::from_sql_and_values(backend, sql, values))
        .await?
        .ok_or_else(|| DbErr::Custom("the throttle upsert returned no row".into()))?;
    let hits: i32 = row.try_get("", "hits")?;
    let start: i64 = row.try_get("", "window_start")?;
    Ok((hits as u32 > limit.hits).then(|| (start + limit.window_secs - now_secs).max(1) as u64))
}

/// Failures in a row on `key` (`email:<address>` without an account, so that it earns the
/// same waits as an account would): their number and the Unix time of the last one.
pub async fn failures(db: &impl ConnectionTrait, key: &str) -> Result<Option<(i32, i64)>, DbErr> {
    let backend = db.get_database_backend();
    let p = if backend == DbBackend::Postgres {
        "$1"
    } else {
        "?"
    };
    let sql = format!("SELECT hits, window_start FROM throttle WHERE key = {p}");
    let row = db
        .query_one(Statement::from_sql_and_values(backend, sql, [key.into()]))
        .await?;
    match row {
        Some(r) => Ok(Some((
            r.try_get("", "hits")?,
            r.try_get("", "window_start")?,
        ))),
        None => Ok(None),
    }
}

/// Counts one more failure in a row on `key` at `now_secs`; a run ends after `forget_secs`
/// without failures. Returns the failures in the run.
pub async fn fail(
    db: &impl ConnectionTrait,
    key: &str,
    now_secs: i64,
    forget_secs: i64,
) -> Result<i32, DbErr> {
    let backend = db.get_database_backend();
    let p = |i: usize| match backend {
        DbBackend::Postgres => format!("${i}"),
        _ => format!("?{i}"),
    };
    let sql = format!(
        "INSERT INTO throttle (key, window_start, hits) VALUES ({k}, {now}, 1) \
         ON CONFLICT (key) DO UPDATE SET \
           hits = CASE WHEN throttle.window_start <= {cutoff} THEN 1 ELSE throttle.hits + 1 END, \
           window_start = {now} \
         RETURNING hits",
        k = p(1),
        now = p(2),
        cutoff = p(3),
    );
    let values: Vec<Value> = vec![key.into(), now_secs.into(), (now_secs - forget_secs).into()];
    let row = db
        .query_one(Statement::from_sql_and_values(backend, sql, values))
        .await?
        .ok_or_else(|| DbErr::Custom("the throttle upsert returned no row".into()))?;
    row.try_get("", "hits")
}
