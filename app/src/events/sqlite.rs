//! SQLite (one node): each pooled connection gets TEMP triggers that note every changed row of
//! `users`, `clients`, `client_users`, staff and roles, jobs, and every user session that begins or
//! ends (a change to that user), in its own `temp.live_changes` table. The notes are part
//! of the transaction (a rollback takes them back); when the connection returns to the pool the
//! transaction has ended, so what is noted then was committed: read, cleared and published.
use super::EventBus;
use crate::model::live::{Change, ChangeKind, ChangeOp};
use sea_orm::sqlx::{self, sqlite::SqliteConnection, Connection};
use uuid::Uuid;

const TABLE: &str =
    "CREATE TEMP TABLE IF NOT EXISTS live_changes (kind TEXT NOT NULL, op TEXT NOT NULL, id BLOB NOT NULL)";

/// (table, event, what each changed row notes)
const TRIGGERS: &[(&str, &str, &str)] = &[
    ("users", "INSERT", "'user', 'insert', NEW.id"),
    ("users", "UPDATE", "'user', 'update', NEW.id"),
    ("users", "DELETE", "'user', 'delete', OLD.id"),
    ("clients", "INSERT", "'client', 'insert', NEW.id"),
    ("clients", "UPDATE", "'client', 'update', NEW.id"),
    ("clients", "DELETE", "'client', 'delete', OLD.id"),
    ("staff", "INSERT", "'staff', 'insert', NEW.id"),
    ("staff", "UPDATE", "'staff', 'update', NEW.id"),
    ("staff", "DELETE", "'staff', 'delete', OLD.id"),
    ("jobs", "INSERT", "'job', 'insert', NEW.id"),
    ("jobs", "UPDATE", "'job', 'update', NEW.id"),
    ("jobs", "DELETE", "'job', 'delete', OLD.id"),
    // Roles have integer ids: an empty id stands for "staff, many" (the role's members).
    ("staff_roles", "INSERT", "'staff', 'update', X''"),
    ("staff_roles", "UPDATE", "'staff', 'update', X''"),
    ("staff_roles", "DELETE", "'staff', 'update', X''"),
];

/// An association changes both sides: their counters and lists.
const ASSOCIATION_TRIGGERS: &[(&str, &str)] =
    &[("INSERT", "NEW"), ("UPDATE", "NEW"), ("DELETE", "OLD")];

/// Creates the notes table and triggers on a new connection (the pool's `after_connect`).
/// A database not migrated yet has nothing to watch.
pub async fn install(conn: &mut SqliteConnection) -> Result<(), sqlx::Error> {
    let migrated: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('users', 'clients', 'client_users', 'jobs')",
    )
    .fetch_one(&mut *conn)
    .await?;
    if migrated < 4 {
        return Ok(());
    }
    let mut script = vec![TABLE.to_owned()];
    for (table, event, values) in TRIGGERS {
        script.push(format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS live_{table}_{e} AFTER {event} ON main.{table} \
             BEGIN INSERT INTO live_changes VALUES ({values}); END",
            e = event.to_lowercase()
        ));
    }
    for (event, row) in ASSOCIATION_TRIGGERS {
        script.push(format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS live_client_users_{e} AFTER {event} ON main.client_users \
             BEGIN INSERT INTO live_changes VALUES ('user', 'update', {row}.user_id), \
             ('client', 'update', {row}.client_id); END",
            e = event.to_lowercase()
        ));
    }
    for (event, row) in [("INSERT", "NEW"), ("DELETE", "OLD")] {
        script.push(format!(
            "CREATE TEMP TRIGGER IF NOT EXISTS live_sessions_{e} AFTER {event} ON main.sessions \
             WHEN {row}.kind = 'user' \
             BEGIN INSERT INTO live_changes VALUES ('user', 'update', {row}.subject_id); END",
            e = event.to_lowercase()
        ));
    }
    for sql in script {
        sqlx::query(&sql).execute(&mut *conn).await?;
    }
    Ok(())
}

/// Publishes what the connection committed (the pool's `after_release`).
pub async fn publish(conn: &mut SqliteConnection, bus: &EventBus) -> Result<(), sqlx::Error> {
    let rows: Vec<(String, String, Vec<u8>)> =
        match sqlx::query_as("SELECT kind, op, id FROM temp.live_changes")
            .fetch_all(&mut *conn)
            .await
        {
            Ok(rows) => rows,
            // Not installed on this connection (opened before the schema existed).
            Err(sqlx::Error::Database(e)) if e.message().contains("no such table") => return Ok(()),
            Err(e) => return Err(e),
        };
    if rows.is_empty() {
        return Ok(());
    }
    let mut tx = conn.begin().await?;
    sqlx::query("DELETE FROM temp.live_changes")
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    bus.publish_committed(
        rows.iter()
            .filter_map(|(k, o, id)| change(k, o, id))
            .collect(),
    );
    Ok(())
}

fn change(kind: &str, op: &str, id: &[u8]) -> Option<Change> {
    let kind = match kind {
        "user" => ChangeKind::User,
        "client" => ChangeKind::Client,
        "staff" => ChangeKind::Staff,
        "job" => ChangeKind::Job,
        _ => return None,
    };
    let op = match op {
        "insert" => ChangeOp::Insert,
        "update" => ChangeOp::Update,
        "delete" => ChangeOp::Delete,
        _ => return None,
    };
    let id = match id {
        [] => None,
        id => Some(Uuid::from_slice(id).ok()?),
    };
    Some(Change { kind, op, id })
}
