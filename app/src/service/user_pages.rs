//! Deep pages of the whole user list, newest first, without OFFSET's walk: OFFSET steps
//! through index entries one by one (PostgreSQL: ~85 ns each, so page 2,000 read 50,000 of
//! them in 4 ms, and 16 such requests at once took 77 ms at p99). Instead the key of every
//! `STEP`-th row is remembered as a landmark, valid while the users' order version
//! (migration 9) holds, and a page starts from the landmark before it.
//!
//! The version is read before any landmark is computed, so a landmark is never filed under
//! a version older than the rows it was read from; each node keeps its own (in `Db`).
use crate::db::{counters, users, Db, ListedUser};
use sea_orm::prelude::DateTimeUtc;
use sea_orm::sea_query::{Expr, Order, Query, SimpleExpr};
use sea_orm::{ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// Rows between landmarks: the most a page reads past one.
const STEP: u64 = 1000;

pub(crate) struct Landmarks {
    version: i64,
    /// `keys[i]`: (created_at, id) of the row at offset `(i + 1) * STEP - 1`.
    keys: Vec<(DateTimeUtc, Uuid)>,
}

/// The users at `offset..offset + limit`, newest first, when a landmark precedes `offset`.
pub async fn newest_first(
    db: &Db,
    offset: u64,
    limit: u64,
) -> Result<Option<Vec<ListedUser>>, DbErr> {
    let wanted = usize::try_from(offset / STEP).unwrap_or(usize::MAX);
    if wanted == 0 {
        return Ok(None);
    }
    let Some(version) = counters::users_order(db).await? else {
        return Ok(None);
    };
    let mut keys = remembered(db, version);
    if keys.len() < wanted {
        let more = following(db, keys.last().copied(), wanted - keys.len()).await?;
        keys.extend(more);
        remember(db, version, &keys);
    }
    let Some(&(at, id)) = keys.get(wanted - 1) else {
        return Ok(None);
    };
    let rows = users::Entity::find()
        .filter(after((at, id)))
        .order_by_desc(users::Column::CreatedAt)
        .order_by_desc(users::Column::Id)
        .offset(offset - wanted as u64 * STEP)
        .limit(limit)
        .select_only()
        .columns(ListedUser::COLUMNS)
        .into_model()
        .all(db)
        .await?;
    Ok(Some(rows))
}

fn remembered(db: &Db, version: i64) -> Vec<(DateTimeUtc, Uuid)> {
    match &*db.landmarks.lock().unwrap_or_else(|e| e.into_inner()) {
        Some(l) if l.version == version => l.keys.clone(),
        _ => Vec::new(),
    }
}

fn remember(db: &Db, version: i64, keys: &[(DateTimeUtc, Uuid)]) {
    let mut landmarks = db.landmarks.lock().unwrap_or_else(|e| e.into_inner());
    let newer = match &*landmarks {
        Some(l) => l.version < version || (l.version == version && l.keys.len() < keys.len()),
        None => true,
    };
    if newer {
        *landmarks = Some(Landmarks {
            version,
            keys: keys.to_vec(),
        });
    }
}

/// Users after `key` in newest-first order: `(created_at, id) < key`.
fn after((at, id): (DateTimeUtc, Uuid)) -> SimpleExpr {
    let column = |c: users::Column| Expr::col((users::Entity, c)).into();
    Expr::tuple([column(users::Column::CreatedAt), column(users::Column::Id)])
        .lt(Expr::tuple([at.into(), id.into()]))
}

/// The next `count` landmarks after the one at `last` (from the newest user when `None`):
/// the database numbers the rows in index order and returns only every `STEP`-th.
async fn following(
    db: &impl ConnectionTrait,
    last: Option<(DateTimeUtc, Uuid)>,
    count: usize,
) -> Result<Vec<(DateTimeUtc, Uuid)>, DbErr> {
    let mut newest = Query::select()
        .columns([users::Column::CreatedAt, users::Column::Id])
        .from(users::Entity)
        .order_by(users::Column::CreatedAt, Order::Desc)
        .order_by(users::Column::Id, Order::Desc)
        .limit(count as u64 * STEP)
        .to_owned();
    if let Some(key) = last {
        newest.and_where(after(key));
    }
    let mut statement = db.get_database_backend().build(&newest);
    statement.sql = format!(
        "SELECT created_at, id FROM (\
           SELECT created_at, id, row_number() OVER (ORDER BY created_at DESC, id DESC) AS n \
           FROM ({}) newest\
         ) numbered WHERE n % {STEP} = 0 ORDER BY n",
        statement.sql
    );
    db.query_all(statement)
        .await?
        .iter()
        .map(|row| Ok((row.try_get("", "created_at")?, row.try_get("", "id")?)))
        .collect()
}
