//! A user's sessions appear and end live in Edit User: on PostgreSQL a user session that
//! begins or ends `NOTIFY`s as a change to that user (like migration 6's tables), so every
//! node's consoles hear it. (SQLite's connections note them in `app/src/events/sqlite.rs`.)
//! Staff sessions announce nothing: their own console's feed checks its session.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261201_000015_session_events"
    }
}

const UP: &[&str] = &[
    r#"CREATE FUNCTION roster_notify_user_sessions() RETURNS trigger AS $$
DECLARE
    ids UUID[];
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT subject_id) INTO ids
            FROM (SELECT subject_id FROM old_rows WHERE kind = 'user' LIMIT 101) s;
    ELSE
        SELECT array_agg(DISTINCT subject_id) INTO ids
            FROM (SELECT subject_id FROM new_rows WHERE kind = 'user' LIMIT 101) s;
    END IF;
    PERFORM roster_notify('user', 'update', ids);
    RETURN NULL;
END $$ LANGUAGE plpgsql"#,
    "CREATE TRIGGER sessions_notify_insert AFTER INSERT ON sessions REFERENCING NEW TABLE AS new_rows \
     FOR EACH STATEMENT EXECUTE FUNCTION roster_notify_user_sessions()",
    "CREATE TRIGGER sessions_notify_delete AFTER DELETE ON sessions REFERENCING OLD TABLE AS old_rows \
     FOR EACH STATEMENT EXECUTE FUNCTION roster_notify_user_sessions()",
];

const DOWN: &[&str] = &[
    "DROP TRIGGER sessions_notify_delete ON sessions",
    "DROP TRIGGER sessions_notify_insert ON sessions",
    "DROP FUNCTION roster_notify_user_sessions()",
];

async fn run(manager: &SchemaManager<'_>, script: &[&str]) -> Result<(), DbErr> {
    if manager.get_database_backend() != DbBackend::Postgres {
        return Ok(());
    }
    for sql in script {
        manager.get_connection().execute_unprepared(sql).await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, UP).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        run(manager, DOWN).await
    }
}
