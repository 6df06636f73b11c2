//! Background jobs (bulk actions on users now; imports next). A job is a row that any node
//! may work: it claims the row with a lease (`lease_until`, renewed after every batch; on
//! PostgreSQL `FOR UPDATE SKIP LOCKED`), so a node that dies leaves the job to the next one
//! once the lease ends, and the job resumes after its last committed batch (`cursor`).
//!
//! - `jobs`: what to do (`action`, JSON), to whom (`selection`, JSON: the list's query and
//!   the moment it was chosen, or ids), who asked, the counts the progress bar shows, and a
//!   cancel request. `status`: queued, running, done, cancelled, failed.
//! - `job_items`: the selection frozen when the job starts, one row per user with the
//!   version it had then (a later edit is a conflict, reported, never overwritten). Rows the
//!   job has dealt with are deleted in the batch's transaction; refused ones stay, with the
//!   reason, for the report.
//! - Changes to `jobs` reach the live consoles like users' (PostgreSQL: `NOTIFY`; SQLite:
//!   the connection's notes, `app::events::sqlite`).
use crate::dialect;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000020_jobs"
    }
}

const UP: &str = r#"
CREATE TABLE jobs (
    id {uuid} PRIMARY KEY,
    kind VARCHAR(32) NOT NULL,
    action TEXT NOT NULL,
    selection TEXT NOT NULL,
    status VARCHAR(16) NOT NULL,
    total {bigint} NOT NULL DEFAULT 0,
    done {bigint} NOT NULL DEFAULT 0,
    unchanged {bigint} NOT NULL DEFAULT 0,
    failed {bigint} NOT NULL DEFAULT 0,
    selected {bool} NOT NULL DEFAULT {false},
    cursor {uuid},
    cancel_requested {bool} NOT NULL DEFAULT {false},
    error TEXT,
    created_by {uuid},
    created_by_label TEXT NOT NULL,
    created_at {ts} NOT NULL,
    started_at {ts},
    finished_at {ts},
    worker {uuid},
    lease_until {ts},
    CONSTRAINT jobs_status CHECK (status IN ('queued', 'running', 'done', 'cancelled', 'failed'))
);;
CREATE INDEX jobs_open_idx ON jobs (created_at) WHERE status IN ('queued', 'running');;
CREATE INDEX jobs_created_idx ON jobs (created_at);;
CREATE TABLE job_items (
    job_id {uuid} NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    user_id {uuid} NOT NULL,
    version INTEGER NOT NULL,
    outcome VARCHAR(16),
    reason TEXT,
    label TEXT,
    PRIMARY KEY (job_id, user_id)
);;
"#;

const POSTGRES_UP: &str = r#"
CREATE TRIGGER jobs_notify_insert AFTER INSERT ON jobs REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION roster_notify_rows('job');;
CREATE TRIGGER jobs_notify_update AFTER UPDATE ON jobs REFERENCING NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION roster_notify_rows('job');;
CREATE TRIGGER jobs_notify_delete AFTER DELETE ON jobs REFERENCING OLD TABLE AS old_rows
    FOR EACH STATEMENT EXECUTE FUNCTION roster_notify_rows('job');;
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, UP).await?;
        if manager.get_database_backend() == DbBackend::Postgres {
            dialect::run(manager, POSTGRES_UP).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, "DROP TABLE job_items;; DROP TABLE jobs;;").await
    }
}
