//! CSV imports of users. An upload is parsed once into `import_rows` (one row per CSV record,
//! its fields as a JSON array), so that checking and importing are jobs any node can work
//! (`jobs.kind` `users.import_check` and `users.import`, `jobs.selection` naming the import)
//! and a failure loses nothing: each batch commits its users with its rows' verdicts.
//! - `imports`: the file's name and header, the mapping staff chose (JSON: a Roster field or
//!   null per column), the options, and who uploaded it.
//! - `import_rows`: `verdict` is null until checked, then `create`, `update` (matched by
//!   email) or `refuse` with the reason; `email_norm` finds a later row with the same
//!   address; `done` once imported; `user_id` is the user it made or changed.
use crate::dialect;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261207_000021_imports"
    }
}

const UP: &str = r#"
CREATE TABLE imports (
    id {uuid} PRIMARY KEY,
    file_name TEXT NOT NULL,
    header TEXT NOT NULL,
    row_count {bigint} NOT NULL DEFAULT 0,
    mapping TEXT,
    invite {bool} NOT NULL DEFAULT {false},
    created_by {uuid},
    created_by_label TEXT NOT NULL,
    created_at {ts} NOT NULL
);;
CREATE INDEX imports_created_idx ON imports (created_at);;
CREATE TABLE import_rows (
    import_id {uuid} NOT NULL REFERENCES imports (id) ON DELETE CASCADE,
    line {bigint} NOT NULL,
    fields TEXT NOT NULL,
    verdict VARCHAR(8),
    reason TEXT,
    email_norm TEXT,
    done {bool} NOT NULL DEFAULT {false},
    user_id {uuid},
    PRIMARY KEY (import_id, line),
    CONSTRAINT import_rows_verdict CHECK (verdict IN ('create', 'update', 'refuse'))
);;
CREATE INDEX import_rows_email_idx ON import_rows (import_id, email_norm);;
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, "DROP TABLE import_rows;; DROP TABLE imports;;").await
    }
}
