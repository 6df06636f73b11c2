//! Background jobs: bulk actions on users (see migration 20 for the tables). Starting a job
//! writes a row and one audit entry; a worker (`worker::run`, on every node) does the rest.
mod bulk;
mod report;
pub use report::report_csv;
pub mod selection;
pub mod worker;

use crate::db::{clients, job_items, jobs, Db};
use crate::model::job::{BulkAction, JobFailure, JobStatus, JobView, Selection, MAX_PICKED};
use crate::model::messages::Message;
use crate::model::Permission;
use crate::service::audit::{self, Actor, AuditAction, Entry, TargetKind};
use crate::service::{transaction, ServiceError};
use chrono::{DateTime, Duration, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
    QueryTrait, Set,
};
use serde::{de::DeserializeOwned, Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

/// `jobs.kind` of a bulk action on users.
pub const BULK_USERS: &str = "users.bulk";
/// Finished jobs stay on the progress panel this long.
const SHOWN_AFTER_FINISH: Duration = Duration::hours(24);
const SHOWN: u64 = 5;

/// `jobs.selection`: the selection and the moment it was chosen.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ChosenSelection {
    pub selection: Selection,
    pub chosen_at: DateTime<Utc>,
}

/// Reads a job's stored JSON; a row this version cannot read stops the job, not the server.
fn stored<T: DeserializeOwned>(json: &str) -> Result<T, ServiceError> {
    serde_json::from_str(json).map_err(|e| ServiceError::Internal(format!("job row: {e}")))
}

/// Queues `action` for the users `selection` held at `chosen_at` (when the confirmation
/// counted them; never later than now). The caller has checked `action.permission()`.
pub async fn start_bulk(
    db: &Db,
    action: BulkAction,
    selection: Selection,
    chosen_at: DateTime<Utc>,
    actor: &Actor,
) -> Result<Uuid, ServiceError> {
    let selection = checked(selection)?;
    if let BulkAction::Associate { client_id, .. } = &action {
        if clients::Entity::find_by_id(*client_id)
            .one(db)
            .await?
            .is_none()
        {
            return Err(ServiceError::validation("client", Message::ClientGone));
        }
    }
    let now = db.now();
    let chosen = ChosenSelection {
        selection,
        chosen_at: chosen_at.min(now),
    };
    let count = selection::count_at(db, &chosen.selection, chosen.chosen_at).await?;
    let id = Uuid::now_v7();
    let label = format!("{} {count} users", action.label());
    let changes = json!({
        "action": action,
        "selection": chosen.selection,
        "chosen_at": chosen.chosen_at,
        "count": count,
    });
    transaction::write(db, async |txn| {
        jobs::ActiveModel {
            id: Set(id),
            kind: Set(BULK_USERS.into()),
            action: Set(json!(action).to_string()),
            selection: Set(json!(chosen).to_string()),
            status: Set(JobStatus::Queued),
            total: Set(count as i64),
            done: Set(0),
            unchanged: Set(0),
            failed: Set(0),
            selected: Set(false),
            cursor: Set(None),
            cancel_requested: Set(false),
            error: Set(None),
            created_by: Set(actor.id),
            created_by_label: Set(actor.label.clone()),
            created_at: Set(now),
            started_at: Set(None),
            finished_at: Set(None),
            worker: Set(None),
            lease_until: Set(None),
        }
        .insert(txn)
        .await?;
        let entry = Entry {
            action: AuditAction::UsersBulk,
            target_kind: TargetKind::Job,
            target_id: Some(id.to_string()),
            target_label: label,
            changes,
        };
        audit::record(txn, actor, entry, now).await?;
        Ok(id)
    })
    .await
}

/// No empty or oversized list of ticked users; each id once.
fn checked(selection: Selection) -> Result<Selection, ServiceError> {
    let Selection::Picked { mut ids } = selection else {
        return Ok(selection);
    };
    ids.sort_unstable();
    ids.dedup();
    match ids.len() {
        0 => Err(ServiceError::validation(
            "selection",
            Message::NothingSelected,
        )),
        n if n > MAX_PICKED => Err(ServiceError::validation(
            "selection",
            Message::TooManyPicked(MAX_PICKED),
        )),
        _ => Ok(Selection::Picked { ids }),
    }
}

/// The permissions starting job `id` needed (a canceller needs them too).
pub async fn permissions_for(db: &Db, id: Uuid) -> Result<Vec<Permission>, ServiceError> {
    let job = jobs::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    match job.kind.as_str() {
        BULK_USERS => Ok(vec![stored::<BulkAction>(&job.action)?.permission()]),
        _ => Ok(crate::service::import::PERMISSIONS.to_vec()),
    }
}

/// Stops job `id`: a job nobody works yet ends at once; a running one after its current batch
/// (what it changed stays changed, and is in its report).
pub async fn cancel(db: &Db, id: Uuid, actor: &Actor) -> Result<(), ServiceError> {
    let now = db.now();
    transaction::write(db, async |txn| {
        let job = jobs::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if !job.status.is_open() {
            return Err(ServiceError::validation("job", Message::JobFinished));
        }
        let mut row: jobs::ActiveModel = job.clone().into();
        row.cancel_requested = Set(true);
        if job.worker.is_none() {
            row.status = Set(JobStatus::Cancelled);
            row.finished_at = Set(Some(now));
        }
        row.update(txn).await?;
        let entry = Entry {
            action: AuditAction::UsersBulkCancel,
            target_kind: TargetKind::Job,
            target_id: Some(id.to_string()),
            target_label: view(db, job.clone(), now).await?.title,
            changes: json!({ "processed": job.done + job.unchanged + job.failed, "total": job.total }),
        };
        audit::record(txn, actor, entry, now).await?;
        Ok(())
    })
    .await
}

/// The progress panel: open jobs and those finished in the last day, newest first.
pub async fn recent(db: &Db) -> Result<Vec<JobView>, ServiceError> {
    let now = db.now();
    let shown = Condition::any()
        .add(jobs::Column::Status.is_in([JobStatus::Queued, JobStatus::Running]))
        .add(jobs::Column::FinishedAt.gt(now - SHOWN_AFTER_FINISH));
    let rows = jobs::Entity::find()
        .filter(shown)
        .order_by_desc(jobs::Column::CreatedAt)
        .limit(SHOWN)
        .all(db)
        .await?;
    let mut out = Vec::with_capacity(rows.len());
    for job in rows {
        out.push(view(db, job, now).await?);
    }
    Ok(out)
}

pub async fn find(db: &Db, id: Uuid) -> Result<JobView, ServiceError> {
    let job = jobs::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    view(db, job, db.now()).await
}

async fn view(db: &Db, j: jobs::Model, now: DateTime<Utc>) -> Result<JobView, ServiceError> {
    let title = match j.kind.as_str() {
        BULK_USERS => format!(
            "{} {} users",
            stored::<BulkAction>(&j.action)?.label(),
            j.total
        ),
        _ => crate::service::import::title(db, &j).await,
    };
    let processed = (j.done + j.unchanged + j.failed).max(0) as u64;
    let elapsed = j
        .started_at
        .map(|s| (j.finished_at.unwrap_or(now) - s).num_milliseconds() as f64 / 1000.0);
    let rate = elapsed
        .filter(|s| *s > 0.5 && processed > 0)
        .map(|s| processed as f64 / s);
    let total = j.total.max(0) as u64;
    let seconds_left = rate
        .filter(|_| j.status == JobStatus::Running)
        .map(|r| (total.saturating_sub(processed) as f64 / r).ceil() as u64);
    Ok(JobView {
        id: j.id,
        title,
        kind: j.kind.clone(),
        status: j.status,
        total,
        changed: j.done.max(0) as u64,
        unchanged: j.unchanged.max(0) as u64,
        failed: j.failed.max(0) as u64,
        cancel_requested: j.cancel_requested,
        created_by: j.created_by_label,
        created_at: j.created_at,
        finished_at: j.finished_at,
        rate,
        seconds_left,
        error: j.error,
    })
}

/// Up to `limit` of job `id`'s failures after user `after`, in user id order (the report).
pub async fn failures(
    db: &Db,
    id: Uuid,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<JobFailure>, ServiceError> {
    let rows = job_items::Entity::find()
        .filter(job_items::Column::JobId.eq(id))
        .filter(job_items::Column::Outcome.is_not_null())
        .apply_if(after, |q, a| q.filter(job_items::Column::UserId.gt(a)))
        .order_by_asc(job_items::Column::UserId)
        .limit(limit)
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|i| {
            Some(JobFailure {
                user_id: i.user_id,
                user: i.label.unwrap_or_default(),
                outcome: i.outcome?,
                reason: i.reason.unwrap_or_default(),
            })
        })
        .collect())
}
