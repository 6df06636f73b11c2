//! Fixed-window hit counters in the database, so every Roster node sees the same counts: the
//! per-IP burst limit on sign-in steps.
use sea_orm::{ConnectionTrait, DbBackend, DbErr, Statement, Value};

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub hits: u32,
    pub window_secs: i64,
}

/// Sign-in and code attempts from one IP address.
pub const SIGN_IN_PER_IP: Limit = Limit {
    hits: 30,
    window_secs: 60,
};

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
