//! Sign-in throttling that every Roster node sees: hits per key (an IP address, or an email
//! without an account) in a fixed window starting at `window_start` (Unix seconds).
use crate::dialect;
use sea_orm_migration::prelude::*;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000005_throttle"
    }
}

const UP: &str = r#"
CREATE TABLE throttle (
    key VARCHAR(300) PRIMARY KEY,
    window_start {bigint} NOT NULL,
    hits INTEGER NOT NULL
)
"#;

const DOWN: &str = r#"
DROP TABLE throttle
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
