//! Live updates on PostgreSQL: statement-level triggers on users, clients and client_users
//! `NOTIFY roster_changes` inside the committing transaction (so a rolled-back change is never
//! announced) with the changed ids, or `*` when a statement changed more than 100 rows. Every
//! Roster node LISTENs. SQLite needs nothing here: it is one node, and its connections' hooks
//! see the changes (`app/src/events/sqlite.rs`).
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000006_live"
    }
}

const UP: &[&str] = &[
    r#"CREATE FUNCTION roster_notify(kind TEXT, op TEXT, ids UUID[]) RETURNS VOID AS $$
BEGIN
    IF ids IS NULL OR cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    PERFORM pg_notify('roster_changes', kind || ':' || op || ':' ||
        CASE WHEN cardinality(ids) > 100 THEN '*' ELSE array_to_string(ids, ',') END);
END $$ LANGUAGE plpgsql"#,
    // TG_ARGV[0]: the kind ('user' or 'client'); the rows' `id` column is the record's id.
    r#"CREATE FUNCTION roster_notify_rows() RETURNS trigger AS $$
DECLARE
    ids UUID[];
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT id) INTO ids FROM (SELECT id FROM old_rows LIMIT 101) s;
    ELSE
        SELECT array_agg(DISTINCT id) INTO ids FROM (SELECT id FROM new_rows LIMIT 101) s;
    END IF;
    PERFORM roster_notify(TG_ARGV[0], lower(TG_OP), ids);
    RETURN NULL;
END $$ LANGUAGE plpgsql"#,
    // An association changes both sides: their counters and lists.
    r#"CREATE FUNCTION roster_notify_associations() RETURNS trigger AS $$
DECLARE
    users UUID[];
    clients UUID[];
BEGIN
    IF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT user_id), array_agg(DISTINCT client_id) INTO users, clients
            FROM (SELECT user_id, client_id FROM old_rows LIMIT 101) s;
    ELSE
        SELECT array_agg(DISTINCT user_id), array_agg(DISTINCT client_id) INTO users, clients
            FROM (SELECT user_id, client_id FROM new_rows LIMIT 101) s;
    END IF;
    PERFORM roster_notify('user', 'update', users);
    PERFORM roster_notify('client', 'update', clients);
    RETURN NULL;
END $$ LANGUAGE plpgsql"#,
];

/// (table, function, its argument)
const WATCHED: &[(&str, &str, &str)] = &[
    ("users", "roster_notify_rows", "'user'"),
    ("clients", "roster_notify_rows", "'client'"),
    ("client_users", "roster_notify_associations", ""),
];

/// PostgreSQL allows transition tables only on single-event triggers: three per table.
fn triggers() -> Vec<String> {
    let mut out = Vec::new();
    for (table, function, arg) in WATCHED {
        for (event, referencing) in [
            ("INSERT", "NEW TABLE AS new_rows"),
            ("UPDATE", "NEW TABLE AS new_rows"),
            ("DELETE", "OLD TABLE AS old_rows"),
        ] {
            out.push(format!(
                "CREATE TRIGGER {table}_notify_{e} AFTER {event} ON {table} \
                 REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}({arg})",
                e = event.to_lowercase()
            ));
        }
    }
    out
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let conn = manager.get_connection();
        for sql in UP.iter().map(|s| (*s).to_owned()).chain(triggers()) {
            conn.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != DbBackend::Postgres {
            return Ok(());
        }
        let conn = manager.get_connection();
        for (table, _, _) in WATCHED {
            for event in ["insert", "update", "delete"] {
                conn.execute_unprepared(&format!("DROP TRIGGER {table}_notify_{event} ON {table}"))
                    .await?;
            }
        }
        for function in [
            "roster_notify_associations()",
            "roster_notify_rows()",
            "roster_notify(TEXT, TEXT, UUID[])",
        ] {
            conn.execute_unprepared(&format!("DROP FUNCTION {function}"))
                .await?;
        }
        Ok(())
    }
}
