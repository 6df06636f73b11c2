//! CSV imports of users (see migration 21): upload (`parse::store`), choose the mapping and
//! check every row (a job: the dry run), look at the verdicts, import (a job). Both jobs run
//! in batches on the jobs worker (`jobs::worker`), so they resume after a crash and show
//! their progress like bulk actions.
mod batch;
mod parse;
mod row;

pub use batch::BATCH;
pub use parse::{store, MAX_ROWS};

use crate::auth::legacy_hash::HashKind;
use crate::db::{import_rows, imports, jobs, Db};
use crate::model::import::{
    guess_all, CheckedRow, ImportCounts, ImportField, ImportView, Mapping, Verdict,
};
use crate::model::job::JobStatus;
use crate::model::messages::Message;
use crate::model::Permission;
use crate::service::audit::{self, Actor, AuditAction, Entry, TargetKind};
use crate::service::{transaction, ServiceError};
use batch::{Mode, Run};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect, Set,
};
use serde::{Deserialize, Serialize};
use serde_json::json;
use uuid::Uuid;

/// `jobs.kind` of an import's dry run and of the import itself.
pub const CHECK: &str = "users.import_check";
pub const IMPORT: &str = "users.import";

/// `jobs.selection` of an import job.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ImportTarget {
    pub import: Uuid,
}

/// What importing needs: creating users, and editing those the file matches.
pub const PERMISSIONS: [Permission; 2] = [Permission::UsersCreate, Permission::UsersEdit];

async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<imports::Model, ServiceError> {
    imports::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

fn header_of(import: &imports::Model) -> Vec<String> {
    serde_json::from_str(&import.header).unwrap_or_default()
}

fn mapping_of(import: &imports::Model) -> Mapping {
    import
        .mapping
        .as_deref()
        .and_then(|m| serde_json::from_str(m).ok())
        .unwrap_or_else(|| guess_all(&header_of(import)))
}

/// The import's jobs, newest first.
async fn jobs_of(db: &impl ConnectionTrait, id: Uuid) -> Result<Vec<jobs::Model>, ServiceError> {
    let target = json!(ImportTarget { import: id }).to_string();
    Ok(jobs::Entity::find()
        .filter(jobs::Column::Kind.is_in([CHECK, IMPORT]))
        .filter(jobs::Column::Selection.eq(target))
        .order_by_desc(jobs::Column::CreatedAt)
        .all(db)
        .await?)
}

/// The import's page: header, mapping, the first records, and what checking found.
pub async fn view(db: &Db, id: Uuid) -> Result<ImportView, ServiceError> {
    let import = find(db, id).await?;
    // A password column's values are never shown, hashes or not.
    let secret_columns: Vec<bool> = header_of(&import)
        .iter()
        .map(|h| crate::model::import::guess(h) == Some(ImportField::PasswordHash))
        .collect();
    let sample = import_rows::Entity::find()
        .filter(import_rows::Column::ImportId.eq(id))
        .order_by_asc(import_rows::Column::Line)
        .limit(5)
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            masked(
                serde_json::from_str(&r.fields).unwrap_or_default(),
                &secret_columns,
            )
        })
        .collect();
    let jobs = jobs_of(db, id).await?;
    let checked = match jobs.iter().find(|j| j.kind == CHECK) {
        Some(j) if j.status == JobStatus::Done => Some(counts(db, id).await?),
        _ => None,
    };
    Ok(ImportView {
        id,
        file_name: import.file_name.clone(),
        header: header_of(&import),
        mapping: mapping_of(&import),
        sample,
        rows: import.row_count.max(0) as u64,
        invite: import.invite,
        checked,
        job: match jobs.first() {
            Some(j) => Some(crate::service::jobs::find(db, j.id).await?),
            None => None,
        },
        imported: jobs.iter().any(|j| j.kind == IMPORT),
    })
}

/// A record as the page may show it: passwords and password hashes stay on the server.
fn masked(fields: Vec<String>, secret_columns: &[bool]) -> Vec<String> {
    fields
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let secret = secret_columns.get(i).copied().unwrap_or(false);
            match (secret && !f.trim().is_empty()) || HashKind::of(f.trim()).is_some() {
                true => "(a password hash)".to_owned(),
                false => f,
            }
        })
        .collect()
}

async fn counts(db: &Db, id: Uuid) -> Result<ImportCounts, ServiceError> {
    let of = |verdict: Verdict| {
        import_rows::Entity::find()
            .filter(import_rows::Column::ImportId.eq(id))
            .filter(import_rows::Column::Verdict.eq(verdict))
            .count(db)
    };
    Ok(ImportCounts {
        create: of(Verdict::Create).await?,
        update: of(Verdict::Update).await?,
        refuse: of(Verdict::Refuse).await?,
    })
}

/// Up to `limit` checked rows with `verdict`, in file order (the preview).
pub async fn rows(
    db: &Db,
    id: Uuid,
    verdict: Verdict,
    after_line: u64,
    limit: u64,
) -> Result<Vec<CheckedRow>, ServiceError> {
    let import = find(db, id).await?;
    let mapping = mapping_of(&import);
    let email_column = mapping.iter().position(|m| *m == Some(ImportField::Email));
    Ok(import_rows::Entity::find()
        .filter(import_rows::Column::ImportId.eq(id))
        .filter(import_rows::Column::Verdict.eq(verdict))
        .filter(import_rows::Column::Line.gt(after_line as i64))
        .order_by_asc(import_rows::Column::Line)
        .limit(limit)
        .all(db)
        .await?
        .into_iter()
        .map(|r| {
            let fields: Vec<String> = serde_json::from_str(&r.fields).unwrap_or_default();
            CheckedRow {
                line: r.line as u64,
                email: email_column
                    .and_then(|i| fields.get(i).cloned())
                    .unwrap_or_default(),
                verdict,
                reason: r.reason,
            }
        })
        .collect())
}

/// Saves the mapping and the invitation choice, and checks every row again (the dry run).
pub async fn check(
    db: &Db,
    id: Uuid,
    mapping: Mapping,
    invite: bool,
    actor: &Actor,
) -> Result<Uuid, ServiceError> {
    let import = find(db, id).await?;
    let header = header_of(&import);
    let fits = mapping.len() == header.len()
        && mapping
            .iter()
            .flatten()
            .enumerate()
            .all(|(i, f)| !mapping.iter().flatten().skip(i + 1).any(|g| g == f));
    if !fits {
        return Err(ServiceError::validation("mapping", Message::Malformed));
    }
    if !mapping.contains(&Some(ImportField::Email)) {
        return Err(ServiceError::validation(
            "mapping",
            Message::EmailColumnMissing,
        ));
    }
    let jobs = jobs_of(db, id).await?;
    if jobs.iter().any(|j| j.kind == IMPORT || j.status.is_open()) {
        return Err(ServiceError::validation("mapping", Message::ImportNotReady));
    }
    transaction::write(db, async |txn| {
        let mut row: imports::ActiveModel = import.clone().into();
        row.mapping = Set(Some(json!(mapping).to_string()));
        row.invite = Set(invite);
        row.update(txn).await?;
        import_rows::Entity::update_many()
            .col_expr(import_rows::Column::Verdict, Expr::value(None::<String>))
            .col_expr(import_rows::Column::Reason, Expr::value(None::<String>))
            .col_expr(import_rows::Column::EmailNorm, Expr::value(None::<String>))
            .filter(import_rows::Column::ImportId.eq(id))
            .exec(txn)
            .await?;
        queue(txn, &import, CHECK, import.row_count, actor, db.now()).await
    })
    .await
}

/// Imports the checked rows (a job); once per import.
pub async fn start(db: &Db, id: Uuid, actor: &Actor) -> Result<Uuid, ServiceError> {
    let import = find(db, id).await?;
    let jobs = jobs_of(db, id).await?;
    let checked = jobs
        .first()
        .is_some_and(|j| j.kind == CHECK && j.status == JobStatus::Done);
    if !checked {
        return Err(ServiceError::validation("import", Message::ImportNotReady));
    }
    let at = db.now();
    let checked = counts(db, id).await?;
    // The rows refused by the check are not worked again: the job's total is the rest.
    let accepted = (checked.create + checked.update) as i64;
    transaction::write(db, async |txn| {
        let job = queue(txn, &import, IMPORT, accepted, actor, at).await?;
        let entry = Entry {
            action: AuditAction::UsersImport,
            target_kind: TargetKind::Job,
            target_id: Some(job.to_string()),
            target_label: import.file_name.clone(),
            changes: json!({ "import": id, "rows": import.row_count, "invite": import.invite }),
        };
        audit::record(txn, actor, entry, at).await?;
        Ok(job)
    })
    .await
}

async fn queue(
    txn: &impl ConnectionTrait,
    import: &imports::Model,
    kind: &str,
    total: i64,
    actor: &Actor,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<Uuid, ServiceError> {
    let id = Uuid::now_v7();
    jobs::ActiveModel {
        id: Set(id),
        kind: Set(kind.into()),
        action: Set(json!(kind).to_string()),
        selection: Set(json!(ImportTarget { import: import.id }).to_string()),
        status: Set(JobStatus::Queued),
        total: Set(total),
        done: Set(0),
        unchanged: Set(0),
        failed: Set(0),
        selected: Set(true),
        cursor: Set(None),
        cancel_requested: Set(false),
        error: Set(None),
        created_by: Set(actor.id),
        created_by_label: Set(actor.label.clone()),
        created_at: Set(at),
        started_at: Set(None),
        finished_at: Set(None),
        worker: Set(None),
        lease_until: Set(None),
    }
    .insert(txn)
    .await?;
    Ok(id)
}

/// The job's title on the progress panel.
pub async fn title(db: &impl ConnectionTrait, job: &jobs::Model) -> String {
    let target: Option<ImportTarget> = serde_json::from_str(&job.selection).ok();
    let name = match target {
        Some(t) => find(db, t.import)
            .await
            .map(|i| i.file_name)
            .unwrap_or_default(),
        None => String::new(),
    };
    let verb = if job.kind == CHECK { "Check" } else { "Import" };
    format!("{verb} {name} ({} rows)", job.total)
}

/// One batch of import job `job`, in the worker's transaction: (accepted, refused) rows, or
/// None when no row is left.
pub(crate) async fn work_batch(
    txn: &impl ConnectionTrait,
    db: &Db,
    job: &jobs::Model,
    actor: &Actor,
) -> Result<Option<(i64, i64)>, ServiceError> {
    let target: ImportTarget = serde_json::from_str(&job.selection)
        .map_err(|e| ServiceError::Internal(format!("job row: {e}")))?;
    let import = find(txn, target.import).await?;
    let mapping = mapping_of(&import);
    let run = Run {
        db,
        import: &import,
        mapping: &mapping,
        mode: if job.kind == CHECK {
            Mode::Check
        } else {
            Mode::Import
        },
        actor,
        unknowable_hash: crate::auth::password::unknowable_hash(),
        at: db.now(),
    };
    Ok(run.next(txn).await?.map(|c| (c.accepted, c.refused)))
}

/// Whether `kind` is an import's job.
pub fn is_import(kind: &str) -> bool {
    kind == CHECK || kind == IMPORT
}
