//! A bulk job's users: counted for the confirmation, frozen into `job_items` when the job
//! starts. Both read the selection as of the moment it was chosen: users created later are
//! never swept in, users changed later are frozen as conflicts (reported, not changed).
use crate::db::{job_items, users, Db};
use crate::model::job::{ItemOutcome, Selection, SelectionCount};
use crate::service::{user_list, ServiceError};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Alias, Condition, Expr, Query, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, QueryTrait,
};
use uuid::Uuid;

/// Why a user frozen as a conflict was left alone.
pub const CHANGED_SINCE_CHOSEN: &str = "Changed by someone after the selection was chosen";

/// The users `selection` held at `chosen_at`, as a condition on `users`.
pub async fn condition(
    db: &Db,
    selection: &Selection,
    chosen_at: DateTime<Utc>,
) -> Result<Condition, ServiceError> {
    let base = match selection {
        Selection::Picked { ids } => Condition::all().add(users::Column::Id.is_in(ids.clone())),
        Selection::Matching { query } => user_list::matching(db, query).await?,
    };
    Ok(base.add(users::Column::CreatedAt.lte(chosen_at)))
}

/// How many users the selection holds now: what the confirmation names.
pub async fn count(db: &Db, selection: &Selection) -> Result<SelectionCount, ServiceError> {
    let chosen_at = db.now();
    let count = count_at(db, selection, chosen_at).await?;
    Ok(SelectionCount { count, chosen_at })
}

pub async fn count_at(
    db: &Db,
    selection: &Selection,
    chosen_at: DateTime<Utc>,
) -> Result<u64, ServiceError> {
    let cond = condition(db, selection, chosen_at).await?;
    Ok(users::Entity::find().filter(cond).count(db).await?)
}

/// Writes the job's items: every selected user at their current version, those changed after
/// `chosen_at` already marked as conflicts. Returns (items, conflicts).
pub async fn freeze(
    db: &Db,
    txn: &impl ConnectionTrait,
    job_id: Uuid,
    selection: &Selection,
    chosen_at: DateTime<Utc>,
) -> Result<(u64, u64), ServiceError> {
    let cond = condition(db, selection, chosen_at).await?;
    let unchanged = users::Column::UpdatedAt.lte(chosen_at);
    let pending = insert(txn, job_id, cond.clone().add(unchanged.clone()), None).await?;
    let conflicts = insert(
        txn,
        job_id,
        cond.add(unchanged.not()),
        Some(ItemOutcome::Conflict),
    )
    .await?;
    Ok((pending + conflicts, conflicts))
}

/// `INSERT INTO job_items (...) SELECT ... FROM users WHERE cond`: one statement, however
/// many users (a million in seconds, without bringing them into the server).
async fn insert(
    txn: &impl ConnectionTrait,
    job_id: Uuid,
    cond: Condition,
    outcome: Option<ItemOutcome>,
) -> Result<u64, ServiceError> {
    let (outcome, reason, label): (SimpleExpr, SimpleExpr, SimpleExpr) = match outcome {
        None => (
            Expr::val(None::<String>).into(),
            Expr::val(None::<String>).into(),
            Expr::val(None::<String>).into(),
        ),
        Some(o) => (
            Expr::val(<&str>::from(o)).into(),
            Expr::val(CHANGED_SINCE_CHOSEN).into(),
            Expr::cust("users.first_name || ' ' || users.last_name || ' <' || users.email || '>'"),
        ),
    };
    let select = users::Entity::find()
        .select_only()
        .expr(Expr::val(job_id))
        .column(users::Column::Id)
        .column(users::Column::Version)
        .expr(outcome)
        .expr(reason)
        .expr(label)
        .filter(cond)
        .into_query();
    let insert = Query::insert()
        .into_table(job_items::Entity)
        .columns([
            Alias::new("job_id"),
            Alias::new("user_id"),
            Alias::new("version"),
            Alias::new("outcome"),
            Alias::new("reason"),
            Alias::new("label"),
        ])
        .select_from(select)
        .map_err(|e| ServiceError::Internal(e.to_string()))?
        .to_owned();
    let done = txn
        .execute(txn.get_database_backend().build(&insert))
        .await?;
    Ok(done.rows_affected())
}
