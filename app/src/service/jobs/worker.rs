//! Working jobs: a worker claims an open job with a lease, then works it one batch per write
//! transaction. A batch's changes, its audit entries, the items it dealt with and the job's
//! counts and cursor commit together, so a worker that dies loses at most the batch it was
//! in, and the next worker (any node, once the lease ends) resumes after the last commit.
use super::bulk::{Batch, Outcome};
use super::selection::freeze;
use super::{stored, ChosenSelection};
use crate::db::jobs::{self, Column};
use crate::db::{begin_write, clients, job_items, staff, staff_roles, users, Db};
use crate::events::{Event, EventBus};
use crate::model::job::{BulkAction, ItemOutcome, JobStatus};
use crate::model::live::{ChangeKind, ChangeOp};
use crate::model::Permission;
use crate::service::audit::{Actor, ActorKind};
use crate::service::import;
use crate::service::staff_rules::grants;
use crate::service::{transaction, ServiceError};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Condition, Expr, LockBehavior, LockType, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, EntityTrait, QueryFilter,
    QueryOrder, QuerySelect, QueryTrait,
};
use std::collections::HashMap;
use uuid::Uuid;

/// How long a claimed job is its worker's without a word (each batch renews it). A job whose
/// worker died is taken up again this long after its last batch.
pub const LEASE: Duration = Duration::seconds(20);
/// Users per transaction: big enough to amortise a commit, small enough that other writers
/// (SQLite has one at a time) wait a fraction of a second.
pub const BATCH: u64 = 200;
/// How often an idle worker looks for jobs another node may have queued (a job queued on
/// this node, or announced by PostgreSQL's NOTIFY, wakes it at once).
const POLL: std::time::Duration = std::time::Duration::from_secs(2);
/// A job whose batch fails this many times in a row stops as failed.
const ATTEMPTS: u32 = 3;
const INTERNAL_ERROR: &str = "An internal error stopped the job; the server log has the details.";

/// What a batch left to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    More,
    Finished,
}

/// Claims the oldest open job whose lease is free, for `worker`.
pub async fn claim(db: &Db, worker: Uuid) -> Result<Option<jobs::Model>, DbErr> {
    let now = db.now();
    let mut free = Query::select();
    free.column(Column::Id)
        .from(jobs::Entity)
        .and_where(Column::Status.is_in([JobStatus::Queued, JobStatus::Running]))
        .cond_where(
            Condition::any()
                .add(Column::LeaseUntil.is_null())
                .add(Column::LeaseUntil.lt(now)),
        )
        .order_by(Column::CreatedAt, sea_orm::Order::Asc)
        .limit(1);
    let take = || {
        jobs::Entity::update_many()
            .col_expr(Column::Worker, Expr::value(worker))
            .col_expr(Column::LeaseUntil, Expr::value(now + LEASE))
            .col_expr(Column::Status, Expr::value(JobStatus::Running))
            .col_expr(Column::StartedAt, Expr::col(Column::StartedAt).if_null(now))
    };
    if db.get_database_backend() == DbBackend::Postgres {
        free.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        let taken = take()
            .filter(Column::Id.in_subquery(free))
            .exec_with_returning(db)
            .await?;
        return Ok(taken.into_iter().next());
    }
    // SQLite: one writer at a time, so choosing and leasing in one write transaction is enough.
    let txn = begin_write(db).await?;
    take()
        .filter(Column::Id.in_subquery(free))
        .exec(&*txn)
        .await?;
    let taken = jobs::Entity::find()
        .filter(Column::Worker.eq(worker))
        .filter(Column::LeaseUntil.eq(now + LEASE))
        .one(&*txn)
        .await?;
    txn.commit().await?;
    Ok(taken)
}

/// Works one batch of job `id` while `worker` holds its lease.
pub async fn work_batch(db: &Db, id: Uuid, worker: Uuid) -> Result<Step, ServiceError> {
    transaction::write(db, async |txn| {
        let job = jobs::Entity::find_by_id(id)
            .filter(Column::Worker.eq(worker))
            .one(txn)
            .await?;
        // Another worker took it (this one was too slow to renew), or it has ended.
        let Some(job) = job.filter(|j| j.status.is_open()) else {
            return Ok(Step::Finished);
        };
        let now = db.now();
        if job.cancel_requested {
            finish(txn, id, JobStatus::Cancelled, None, now).await?;
            return Ok(Step::Finished);
        }
        if import::is_import(&job.kind) {
            return import_batch(txn, db, &job, now).await;
        }
        let action: BulkAction = stored(&job.action)?;
        let chosen: ChosenSelection = stored(&job.selection)?;
        if !job.selected {
            let (total, conflicts) =
                freeze(db, txn, id, &chosen.selection, chosen.chosen_at).await?;
            jobs::Entity::update_many()
                .col_expr(Column::Selected, Expr::value(true))
                .col_expr(Column::Total, Expr::value(total as i64))
                .col_expr(Column::Failed, Expr::value(conflicts as i64))
                .col_expr(Column::LeaseUntil, Expr::value(now + LEASE))
                .filter(Column::Id.eq(id))
                .exec(txn)
                .await?;
            return Ok(Step::More);
        }
        if let Some(why) = refusal(txn, &job, &[action.permission()]).await? {
            finish(txn, id, JobStatus::Failed, Some(why), now).await?;
            return Ok(Step::Finished);
        }
        let items = job_items::Entity::find()
            .filter(job_items::Column::JobId.eq(id))
            .filter(job_items::Column::Outcome.is_null())
            .apply_if(job.cursor, |q, after| {
                q.filter(job_items::Column::UserId.gt(after))
            })
            .order_by_asc(job_items::Column::UserId)
            .limit(BATCH)
            .all(txn)
            .await?;
        let Some(last) = items.last().map(|i| i.user_id) else {
            finish(txn, id, JobStatus::Done, None, now).await?;
            return Ok(Step::Finished);
        };
        let client = match &action {
            BulkAction::Associate { client_id, .. } => {
                clients::Entity::find_by_id(*client_id).one(txn).await?
            }
            _ => None,
        };
        let actor = job_actor(&job);
        let batch = Batch {
            db,
            action: &action,
            actor: &actor,
            client: client.as_ref(),
            at: now,
        };
        let counts = work_items(txn, &batch, id, items).await?;
        jobs::Entity::update_many()
            .col_expr(Column::Cursor, Expr::value(last))
            .col_expr(Column::Done, Expr::col(Column::Done).add(counts.changed))
            .col_expr(
                Column::Unchanged,
                Expr::col(Column::Unchanged).add(counts.unchanged),
            )
            .col_expr(Column::Failed, Expr::col(Column::Failed).add(counts.failed))
            .col_expr(Column::LeaseUntil, Expr::value(now + LEASE))
            .filter(Column::Id.eq(id))
            .exec(txn)
            .await?;
        Ok(Step::More)
    })
    .await
}

#[derive(Default)]
struct Counts {
    changed: i64,
    unchanged: i64,
    failed: i64,
}

/// Applies the batch to `items`; items dealt with are deleted, failed ones keep the reason.
async fn work_items(
    txn: &impl ConnectionTrait,
    batch: &Batch<'_>,
    job_id: Uuid,
    items: Vec<job_items::Model>,
) -> Result<Counts, ServiceError> {
    let ids: Vec<Uuid> = items.iter().map(|i| i.user_id).collect();
    let mut found: HashMap<Uuid, users::Model> = users::Entity::find()
        .filter(users::Column::Id.is_in(ids))
        .all(txn)
        .await?
        .into_iter()
        .map(|u| (u.id, u))
        .collect();
    let mut counts = Counts::default();
    let mut dealt_with = Vec::new();
    for item in items {
        let (outcome, label) = match found.remove(&item.user_id) {
            None => (
                Outcome::Failed(
                    ItemOutcome::Gone,
                    "Deleted before the job reached them".into(),
                ),
                None,
            ),
            Some(user) => {
                let label = format!("{} {} <{}>", user.first_name, user.last_name, user.email);
                (batch.apply(txn, &user, item.version).await?, Some(label))
            }
        };
        match outcome {
            Outcome::Changed => counts.changed += 1,
            Outcome::Unchanged => counts.unchanged += 1,
            Outcome::Failed(outcome, reason) => {
                counts.failed += 1;
                job_items::Entity::update_many()
                    .col_expr(job_items::Column::Outcome, Expr::value(outcome))
                    .col_expr(job_items::Column::Reason, Expr::value(reason))
                    .col_expr(job_items::Column::Label, Expr::value(label))
                    .filter(job_items::Column::JobId.eq(job_id))
                    .filter(job_items::Column::UserId.eq(item.user_id))
                    .exec(txn)
                    .await?;
                continue;
            }
        }
        dealt_with.push(item.user_id);
    }
    job_items::Entity::delete_many()
        .filter(job_items::Column::JobId.eq(job_id))
        .filter(job_items::Column::UserId.is_in(dealt_with))
        .exec(txn)
        .await?;
    Ok(counts)
}

/// Why the job may not go on: its starter can no longer do this (disabled, or their role
/// lost one of `permissions`), or an Associate job's client is gone.
async fn refusal(
    txn: &impl ConnectionTrait,
    job: &jobs::Model,
    permissions: &[Permission],
) -> Result<Option<String>, DbErr> {
    let starter = match job.created_by {
        Some(id) => {
            staff::Entity::find_by_id(id)
                .find_also_related(staff_roles::Entity)
                .filter(staff::Column::DisabledAt.is_null())
                .one(txn)
                .await?
        }
        None => None,
    };
    let permitted = starter
        .is_some_and(|(_, role)| role.is_some_and(|r| permissions.iter().all(|p| grants(&r, *p))));
    if !permitted {
        return Ok(Some(format!(
            "{} can no longer do this (disabled, or the role changed)",
            job.created_by_label
        )));
    }
    let action: Option<BulkAction> = serde_json::from_str(&job.action).ok();
    if let Some(BulkAction::Associate { client_id, .. }) = action {
        if clients::Entity::find_by_id(client_id)
            .one(txn)
            .await?
            .is_none()
        {
            return Ok(Some("The client was deleted".into()));
        }
    }
    Ok(None)
}

/// A batch of an import's check or import job.
async fn import_batch(
    txn: &DatabaseTransaction,
    db: &Db,
    job: &jobs::Model,
    now: DateTime<Utc>,
) -> Result<Step, ServiceError> {
    if let Some(why) = refusal(txn, job, &import::PERMISSIONS).await? {
        finish(txn, job.id, JobStatus::Failed, Some(why), now).await?;
        return Ok(Step::Finished);
    }
    let Some((accepted, refused)) = import::work_batch(txn, db, job, &job_actor(job)).await? else {
        finish(txn, job.id, JobStatus::Done, None, now).await?;
        return Ok(Step::Finished);
    };
    jobs::Entity::update_many()
        .col_expr(Column::Done, Expr::col(Column::Done).add(accepted))
        .col_expr(Column::Failed, Expr::col(Column::Failed).add(refused))
        .col_expr(Column::LeaseUntil, Expr::value(now + LEASE))
        .filter(Column::Id.eq(job.id))
        .exec(txn)
        .await?;
    Ok(Step::More)
}

/// The staff member who started the job; every entry of the job carries it as request id.
fn job_actor(job: &jobs::Model) -> Actor {
    Actor {
        kind: ActorKind::Staff,
        id: job.created_by,
        label: job.created_by_label.clone(),
        ip: None,
        request_id: Some(format!("job:{}", job.id)),
    }
}

async fn finish(
    txn: &impl ConnectionTrait,
    id: Uuid,
    status: JobStatus,
    error: Option<String>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    jobs::Entity::update_many()
        .col_expr(Column::Status, Expr::value(status))
        .col_expr(Column::Error, Expr::value(error))
        .col_expr(Column::FinishedAt, Expr::value(now))
        .col_expr(Column::Worker, Expr::value(None::<Uuid>))
        .col_expr(Column::LeaseUntil, Expr::value(None::<DateTime<Utc>>))
        .filter(Column::Id.eq(id))
        .exec(txn)
        .await?;
    Ok(())
}

/// Works job `id` to its end (or until another worker takes it).
pub async fn work(db: &Db, id: Uuid, worker: Uuid) {
    let mut failures = 0;
    loop {
        match work_batch(db, id, worker).await {
            Ok(Step::More) => failures = 0,
            Ok(Step::Finished) => return,
            Err(e) => {
                failures += 1;
                tracing::warn!(job = %id, error = %e, attempt = failures, "job batch failed");
                if failures >= ATTEMPTS {
                    let stop = async |txn: &sea_orm::DatabaseTransaction| {
                        let why = Some(INTERNAL_ERROR.to_owned());
                        Ok(finish(txn, id, JobStatus::Failed, why, db.now()).await?)
                    };
                    if let Err(e) = transaction::write(db, stop).await {
                        tracing::error!(job = %id, error = %e, "job could not be marked failed");
                    }
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_secs(1)).await;
            }
        }
    }
}

/// Works jobs until the server shuts down: at once when one is queued (on this node, or on
/// any node through PostgreSQL's notifications), else every `POLL`.
pub async fn run(db: Db, events: EventBus) {
    let me = Uuid::now_v7();
    let mut rx = events.subscribe();
    let closed = events.closed();
    tokio::pin!(closed);
    loop {
        match claim(&db, me).await {
            Ok(Some(job)) => {
                work(&db, job.id, me).await;
                continue;
            }
            Ok(None) => {}
            Err(e) => tracing::warn!(error = %e, "claiming a job failed"),
        }
        let queued = async {
            loop {
                match rx.recv().await {
                    Ok(Event::Change(c))
                        if c.kind == ChangeKind::Job && c.op == ChangeOp::Insert =>
                    {
                        return
                    }
                    Ok(_) => {}
                    Err(tokio::sync::broadcast::error::RecvError::Lagged(_)) => return,
                    Err(tokio::sync::broadcast::error::RecvError::Closed) => {
                        std::future::pending::<()>().await
                    }
                }
            }
        };
        tokio::select! {
            () = queued => {}
            () = tokio::time::sleep(POLL) => {}
            () = &mut closed => return,
        }
    }
}
