//! Fixed-window hit counters in the database, so every Roster node sees the same counts: the
//! per-IP burst limit on sign-in steps, and the failures of emails without an account.
//! Each count is one upsert: two nodes counting the same key at once cannot lose a hit.
use sea_orm::sea_query::{Alias, CaseStatement, Expr, OnConflict, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, DbErr};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, Copy)]
pub struct Limit {
    pub hits: u32,
    pub window_secs: i64,
}

fn table() -> Alias {
    Alias::new("throttle")
}

fn col(name: &str) -> Alias {
    Alias::new(name)
}

/// The stored row's column (as opposed to the value being inserted).
fn stored(name: &str) -> SimpleExpr {
    Expr::col((table(), col(name))).into()
}

/// Adds one to `key`'s count, starting a new window at `now_secs` when the stored one began
/// at or before `cutoff` (and, with `restart_each_time`, moving the window's start to now on
/// every hit). Returns the count and the window's start.
async fn count(
    db: &impl ConnectionTrait,
    key: &str,
    now_secs: i64,
    cutoff: i64,
    restart_each_time: bool,
) -> Result<(i32, i64), DbErr> {
    let expired = || Expr::expr(stored("window_start")).lte(cutoff);
    let hits = CaseStatement::new()
        .case(expired(), Expr::val(1))
        .finally(Expr::expr(stored("hits")).add(1));
    let start: SimpleExpr = if restart_each_time {
        Expr::val(now_secs).into()
    } else {
        CaseStatement::new()
            .case(expired(), Expr::val(now_secs))
            .finally(stored("window_start"))
            .into()
    };
    let upsert = Query::insert()
        .into_table(table())
        .columns([col("key"), col("window_start"), col("hits")])
        .values_panic([key.into(), now_secs.into(), 1.into()])
        .on_conflict(
            OnConflict::column(col("key"))
                .value(col("hits"), hits)
                .value(col("window_start"), start)
                .to_owned(),
        )
        .returning(Query::returning().columns([col("hits"), col("window_start")]))
        .to_owned();
    let row = db
        .query_one(db.get_database_backend().build(&upsert))
        .await?
        .ok_or_else(|| DbErr::Custom("the throttle upsert returned no row".into()))?;
    Ok((row.try_get("", "hits")?, row.try_get("", "window_start")?))
}

/// Counts one hit on `key`; `Some(seconds to wait)` once the limit is passed.
pub async fn hit(
    db: &impl ConnectionTrait,
    key: &str,
    limit: Limit,
    now_secs: i64,
) -> Result<Option<u64>, DbErr> {
    let (hits, start) = count(db, key, now_secs, now_secs - limit.window_secs, false).await?;
    Ok((hits as u32 > limit.hits).then(|| (start + limit.window_secs - now_secs).max(1) as u64))
}

/// The same fixed windows in this process's memory, for counts one node keeps alone: the API's
/// per-token limit on SQLite (one node by nature), where a write per request would also make
/// every pooled connection drop its page cache (an API search cost 2-3 times the console's).
#[derive(Debug, Clone, Default)]
pub struct LocalCounter(Arc<Mutex<HashMap<String, (i64, u32)>>>);

impl LocalCounter {
    /// Counts one hit on `key`; `Some(seconds to wait)` once the limit is passed.
    pub fn hit(&self, key: &str, limit: Limit, now_secs: i64) -> Option<u64> {
        let cutoff = now_secs - limit.window_secs;
        let mut windows = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if windows.len() > 10_000 {
            windows.retain(|_, (start, _)| *start > cutoff);
        }
        let (start, hits) = windows.entry(key.to_owned()).or_insert((now_secs, 0));
        if *start <= cutoff {
            (*start, *hits) = (now_secs, 0);
        }
        *hits += 1;
        (*hits > limit.hits).then(|| (*start + limit.window_secs - now_secs).max(1) as u64)
    }
}

/// Failures in a row on `key` (`email:<address>` without an account, so that it earns the
/// same waits as an account would): their number and the Unix time of the last one.
pub async fn failures(db: &impl ConnectionTrait, key: &str) -> Result<Option<(i32, i64)>, DbErr> {
    let select = Query::select()
        .columns([col("hits"), col("window_start")])
        .from(table())
        .and_where(Expr::col(col("key")).eq(key))
        .to_owned();
    let row = db
        .query_one(db.get_database_backend().build(&select))
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
    let (hits, _) = count(db, key, now_secs, now_secs - forget_secs, true).await?;
    Ok(hits)
}

#[cfg(test)]
mod local_tests {
    use super::*;

    #[test]
    fn a_local_window_counts_then_waits_then_starts_again() {
        let counter = LocalCounter::default();
        let limit = Limit {
            hits: 3,
            window_secs: 60,
        };
        for second in [100, 110, 120] {
            assert_eq!(counter.hit("api:a", limit, second), None);
        }
        assert_eq!(
            counter.hit("api:a", limit, 130),
            Some(30),
            "until the window's end"
        );
        assert_eq!(counter.hit("api:b", limit, 130), None, "each key its own");
        assert_eq!(counter.hit("api:a", limit, 160), None, "a new window");
    }
}
