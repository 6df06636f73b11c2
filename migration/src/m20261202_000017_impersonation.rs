//! "Sign in as user": a client-area session a staff member opened as the user. It names them
//! (id, and their name as it was, for the banner and the user's session list without a join)
//! and keeps the reason they gave; such a session lasts at most 30 minutes.
use crate::dialect;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261202_000017_impersonation"
    }
}

const UP: &str = r#"
ALTER TABLE sessions ADD COLUMN impersonator_id {uuid};;
ALTER TABLE sessions ADD COLUMN impersonator_name VARCHAR(100);;
ALTER TABLE sessions ADD COLUMN reason VARCHAR(500)
"#;

const DOWN: &str = r#"
ALTER TABLE sessions DROP COLUMN reason;;
ALTER TABLE sessions DROP COLUMN impersonator_name;;
ALTER TABLE sessions DROP COLUMN impersonator_id
"#;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        dialect::run(manager, DOWN).await
    }
}
