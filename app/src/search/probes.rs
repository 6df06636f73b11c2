//! Running search probes (queries for the ids matching a term, through an index) and
//! judging their size without reading every match: the capped probe (ARCHITECTURE.md, Search), and a sample
//! when the term comes with filters.
use crate::db::users;
use sea_orm::sea_query::{
    Alias, Asterisk, Condition, Expr, Func, Query, SelectStatement, SimpleExpr,
};
use sea_orm::{ConnectionTrait, DbErr};
use std::collections::HashSet;
use uuid::Uuid;

/// Term matches examined, when the term comes with filters, before choosing a path.
const SAMPLE: u64 = 2000;
/// Filtered matches in a full sample that make walking the sort's index the cheaper path:
/// the page is then found within some hundreds of term matches on average.
const DENSE: u64 = 25;

/// The ids the `probes` select (each an `id` column) that pass `filters`, or `Many` past
/// `cap` in all.
///
/// Without filters a probe stops at `cap + 1` term matches. With filters, proving more than
/// `cap` filtered matches can mean testing tens of thousands of term matches (a row read
/// each: ~1 µs), so a probe tests a sample of `SAMPLE` term matches first: all of them ->
/// exact; at least `DENSE` filtered -> walk the sort's index and show the lower bound found;
/// fewer -> the filtered matches are rare, and probing them all is the cheaper way.
pub(crate) async fn collect(
    db: &impl ConnectionTrait,
    probes: Vec<SelectStatement>,
    filters: &Condition,
    cap: u64,
) -> Result<Candidates, DbErr> {
    let mut found = HashSet::new();
    for mut probe in probes {
        let ids = match common(db, probe.clone(), filters, cap).await? {
            Some(ids) => ids,
            None => capped(db, probe.cond_where(filters.clone()).to_owned(), cap).await?,
        };
        match ids {
            Candidates::Few(ids) => found.extend(ids),
            many => return Ok(many),
        }
        if found.len() as u64 > cap {
            return Ok(Candidates::Many(cap));
        }
    }
    Ok(Candidates::Few(found))
}

/// The ids `probe` selects, or `Many` past `cap`. A probe past the cap answers with one row,
/// not a thousand ids: moving each row out of the database driver costs more than finding
/// it in the index.
async fn capped(
    db: &impl ConnectionTrait,
    mut probe: SelectStatement,
    cap: u64,
) -> Result<Candidates, DbErr> {
    let backend = db.get_database_backend();
    let mut statement = backend.build(probe.limit(cap + 1));
    let sql = statement.sql;
    statement.sql = format!(
        "WITH probe AS MATERIALIZED ({sql}) \
         SELECT id FROM probe WHERE (SELECT count(*) FROM probe) <= {cap} \
         UNION ALL SELECT NULL WHERE (SELECT count(*) FROM probe) > {cap}"
    );
    let mut found = HashSet::new();
    for row in db.query_all(statement).await? {
        match row.try_get::<Option<Uuid>>("", "id")? {
            Some(id) => found.insert(id),
            None => return Ok(Candidates::Many(cap)),
        };
    }
    Ok(Candidates::Few(found))
}

/// What `probe` and `filters` settle without testing every match of the probe: its ids or
/// `Many` without filters, else what the sample settles (`None`: the filtered matches are
/// rare).
async fn common(
    db: &impl ConnectionTrait,
    probe: SelectStatement,
    filters: &Condition,
    cap: u64,
) -> Result<Option<Candidates>, DbErr> {
    if filters.is_empty() {
        capped(db, probe, cap).await.map(Some)
    } else {
        sampled(db, probe, filters, cap).await
    }
}

/// `collect`'s sample: the answer it settles, or `None` when the filtered matches are rare.
async fn sampled(
    db: &impl ConnectionTrait,
    mut probe: SelectStatement,
    filters: &Condition,
    cap: u64,
) -> Result<Option<Candidates>, DbErr> {
    let backend = db.get_database_backend();
    probe
        .expr_as(
            Expr::case(filters.clone(), 1).finally(0),
            Alias::new("passes"),
        )
        .limit(SAMPLE);
    let mut statement = backend.build(&probe);
    let sql = statement.sql;
    let settled = format!("seen.n < {SAMPLE} AND seen.m <= {cap}");
    statement.sql = format!(
        "WITH probe AS MATERIALIZED ({sql}), \
         seen AS (SELECT count(*) AS n, coalesce(sum(passes), 0) AS m FROM probe) \
         SELECT probe.id, seen.n, seen.m FROM probe, seen WHERE probe.passes = 1 AND {settled} \
         UNION ALL SELECT NULL, seen.n, seen.m FROM seen WHERE NOT ({settled})"
    );
    let mut found = HashSet::new();
    for row in db.query_all(statement).await? {
        let Some(id) = row.try_get::<Option<Uuid>>("", "id")? else {
            let (n, m): (i64, i64) = (row.try_get("", "n")?, row.try_get("", "m")?);
            return Ok(proven_many(n as u64, m as u64, cap).map(Candidates::Many));
        };
        found.insert(id);
    }
    Ok(Some(Candidates::Few(found)))
}

/// The lower bound that `m` matches passing the filters among `n` examined prove, if any.
fn proven_many(n: u64, m: u64, cap: u64) -> Option<u64> {
    if m > cap {
        Some(cap)
    } else if n == SAMPLE && m >= DENSE {
        Some(round_below(m))
    } else {
        None
    }
}

/// Whether the first rows of `subset` (users in an indexed order, all matching the term
/// where `check` holds) prove the term, with `filters`, common: what `collect` would find
/// from them alone, without reading all of them. `None` when they do not.
pub(crate) async fn proves_many(
    db: &impl ConnectionTrait,
    mut subset: SelectStatement,
    check: SimpleExpr,
    filters: &Condition,
    cap: u64,
) -> Result<Option<u64>, DbErr> {
    let passes: SimpleExpr = if filters.is_empty() {
        subset.column((users::Entity, users::Column::EmailNorm));
        Expr::val(1).into()
    } else {
        subset.column(Asterisk);
        Expr::case(filters.clone(), 1).finally(0).into()
    };
    subset.limit(if filters.is_empty() { cap + 1 } else { SAMPLE });
    // The check outside the limit: inside, PostgreSQL misjudges how many rows it keeps and
    // trades the index's order for a bitmap of all the range's rows and a sort (100 ms).
    let counted = Query::select()
        .expr_as(Expr::cust("count(*)"), Alias::new("n"))
        .expr_as(
            Func::coalesce([Func::sum(passes).into(), Expr::val(0).into()]),
            Alias::new("m"),
        )
        .from_subquery(subset, Alias::new("users"))
        .and_where(check)
        .to_owned();
    let backend = db.get_database_backend();
    let Some(row) = db.query_one(backend.build(&counted)).await? else {
        return Ok(None);
    };
    let (n, m): (i64, i64) = (row.try_get("", "n")?, row.try_get("", "m")?);
    Ok(proven_many(n as u64, m as u64, cap))
}

/// The largest of 1, 2, 5, 10, 20, 50 ... below `n` (n > 1): "more than 100" for 124 found.
fn round_below(n: u64) -> u64 {
    let mut best = 1;
    let mut scale = 1;
    while scale < n {
        for step in [1, 2, 5] {
            if step * scale < n {
                best = step * scale;
            }
        }
        scale *= 10;
    }
    best
}

pub enum Candidates {
    /// Every matching id: no more than the cap.
    Few(HashSet<Uuid>),
    /// More than this many (proven), too many to list: walk the sort's index.
    Many(u64),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_bounds_are_round() {
        assert_eq!(round_below(124), 100);
        assert_eq!(round_below(100), 50);
        assert_eq!(round_below(25), 20);
        assert_eq!(round_below(1000), 500);
        assert_eq!(round_below(1001), 1000);
    }
}
