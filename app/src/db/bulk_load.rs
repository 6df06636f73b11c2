//! Loading a large number of users, clients and associations at once (`server seed`).
//!
//! Row by row, a load pays for every index and trigger of `users`, `clients` and
//! `client_users` on every row: at a million users on PostgreSQL the two trigram indexes
//! alone took 80% of the time, and an association's count trigger rewrote its user's row
//! (a new row version, with an entry in every index). Inside the load's transaction, these
//! are set aside instead: the rows are appended, each index is built again in one sorted
//! pass, and what the triggers keep (counters, daily counts, association counts, SQLite's
//! search index) is brought up to date once, by set, before the triggers are put back.
//! Nobody sees the tables without them: SQLite lets one writer in and shows the change at
//! commit; PostgreSQL's DDL holds the tables' locks until then. A failed load rolls back
//! whole, indexes and triggers included.
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, Statement};

/// The tables a load writes; their triggers and secondary indexes wait until `finish`.
const TABLES: &[&str] = &["users", "clients", "client_users"];

/// The triggers a load sets aside, per engine: `finish` does their work by set. A trigger
/// added to these tables must be added here, with its work in `UPKEEP` (the tests compare
/// the schema's triggers with these lists, and a bulk load with the same rows written one by
/// one).
pub const SQLITE_TRIGGERS: &[&str] = &[
    "client_users_count_del",
    "client_users_count_ins",
    "client_users_users_count_del",
    "client_users_users_count_ins",
    "clients_fts_delete",
    "clients_fts_insert",
    "clients_fts_update",
    "users_counter_del",
    "users_counter_ins",
    "users_fts_delete",
    "users_fts_insert",
    "users_fts_update",
    "users_order_del",
    "users_order_ins",
    "users_order_upd",
    "users_prefixes_del",
    "users_prefixes_ins",
    "users_prefixes_upd",
    "users_stats_del",
    "users_stats_ins",
    "users_stats_upd",
];
pub const POSTGRES_TRIGGERS: &[&str] = &[
    "client_users_count_del",
    "client_users_count_ins",
    "client_users_notify_delete",
    "client_users_notify_insert",
    "client_users_notify_update",
    "client_users_users_count_del",
    "client_users_users_count_ins",
    "clients_counter_del",
    "clients_counter_ins",
    "clients_notify_delete",
    "clients_notify_insert",
    "clients_notify_update",
    "users_counter_del",
    "users_counter_ins",
    "users_notify_delete",
    "users_notify_insert",
    "users_notify_update",
    "users_order_bump",
    "users_prefixes_del",
    "users_prefixes_ins",
    "users_prefixes_upd",
    "users_stats_del",
    "users_stats_ins",
    "users_stats_upd",
];

/// The triggers' work, by set, over whole tables (so it is right whatever was loaded).
/// `{tfa}` and `{day}` stand for the engine's expressions.
const UPKEEP: &[&str] = &[
    "UPDATE counters SET value = (SELECT count(*) FROM users) WHERE name = 'users'",
    "UPDATE counters SET value = (SELECT count(*) FROM clients) WHERE name = 'clients'",
    "UPDATE counters SET value = value + 1 WHERE name = 'users_order'",
    "UPDATE counters SET value = (SELECT count(*) FROM users WHERE 'status:' || status = counters.name) \
     WHERE name LIKE 'status:%'",
    "UPDATE counters SET value = (SELECT count(*) FROM users WHERE 'tfa:' || {tfa} = counters.name) \
     WHERE name LIKE 'tfa:%'",
    "DELETE FROM daily_counts WHERE name = 'users_created'",
    "INSERT INTO daily_counts (name, day, n) \
     SELECT 'users_created', {day}, count(*) FROM users GROUP BY {day}",
    // How many SCIM user names start with each prefix of up to three characters: the users
    // are grouped once, by their first three (or fewer) characters, and the shorter
    // prefixes summed from those groups (3.5 s -> 1.2 s at 1,000,000 users on SQLite).
    "DELETE FROM user_name_prefixes",
    "INSERT INTO user_name_prefixes (prefix, scim_managed, n) \
     WITH p3 AS MATERIALIZED (SELECT substr(COALESCE(scim_user_name_norm, email_norm), 1, 3) AS p, \
     scim_managed AS m, count(*) AS n FROM users GROUP BY 1, 2) \
     SELECT p, m, n FROM p3 WHERE length(p) = 3 \
     UNION ALL SELECT substr(p, 1, 2), m, sum(n) FROM p3 WHERE length(p) >= 2 GROUP BY 1, 2 \
     UNION ALL SELECT substr(p, 1, 1), m, sum(n) FROM p3 GROUP BY 1, 2",
    // Association counts: only rows whose count is wrong are written (a loader that sets
    // them, as the seed does, writes none).
    "UPDATE users SET clients_count = counted.n FROM (SELECT u.id, count(cu.user_id) AS n \
     FROM users u LEFT JOIN client_users cu ON cu.user_id = u.id GROUP BY u.id) AS counted \
     WHERE users.id = counted.id AND users.clients_count <> counted.n",
    "UPDATE clients SET users_count = counted.n FROM (SELECT c.id, count(cu.client_id) AS n \
     FROM clients c LEFT JOIN client_users cu ON cu.client_id = c.id GROUP BY c.id) AS counted \
     WHERE clients.id = counted.id AND clients.users_count <> counted.n",
];

/// SQLite's search index: the rows appended by the load (PostgreSQL indexes a generated
/// column). `{users}` and `{clients}` stand for the last rowids before the load.
const SQLITE_SEARCH: &[&str] = &[
    // The index is written in a few large segments instead of one per megabyte of entries,
    // merged again and again (the default is put back after).
    "INSERT INTO users_fts (users_fts, rank) VALUES ('hashsize', 268435456)",
    "INSERT INTO clients_fts (clients_fts, rank) VALUES ('hashsize', 268435456)",
    "INSERT INTO users_fts (rowid, doc) SELECT rowid, email_norm || '|' || \
     lower(first_name || ' ' || last_name) || '|' || coalesce(substr(phone, 2), '') \
     FROM users WHERE rowid > {users}",
    "INSERT INTO clients_fts (rowid, doc) SELECT rowid, lower(first_name || ' ' || last_name) \
     || '|' || lower(coalesce(company_name, '')) || '|' || lower(coalesce(tax_id, '')) \
     FROM clients WHERE rowid > {clients}",
    "DELETE FROM users_fts_config WHERE k = 'hashsize'",
    "DELETE FROM clients_fts_config WHERE k = 'hashsize'",
];

const TFA: &str = "(CASE WHEN totp_enrolled_at IS NOT NULL THEN 'enrolled' \
                   WHEN two_factor_required THEN 'required' ELSE 'off' END)";

/// A load under way: what `finish` puts back.
#[must_use = "finish the load, or its tables keep no indexes or triggers"]
pub struct BulkLoad {
    backend: DbBackend,
    /// The set-aside indexes', (PostgreSQL) foreign keys' and (SQLite) triggers' definitions.
    indexes: Vec<String>,
    constraints: Vec<String>,
    triggers: Vec<String>,
    /// SQLite: the last rowid of `users` and `clients` before the load.
    marks: (i64, i64),
}

/// Sets the tables' secondary indexes and triggers aside, inside `txn`.
pub async fn begin(txn: &DatabaseTransaction) -> Result<BulkLoad, DbErr> {
    let backend = txn.get_database_backend();
    let mut load = BulkLoad {
        backend,
        indexes: Vec::new(),
        constraints: Vec::new(),
        triggers: Vec::new(),
        marks: (0, 0),
    };
    let tables = TABLES
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(", ");
    match backend {
        DbBackend::Postgres => {
            // Index builds sort in memory rather than in temporary files; the load's
            // inserts, all alike, are planned once (the connections plan every statement
            // for its parameters, see `db::connect`: 30 ms for a 1,000-row insert).
            txn.execute_unprepared("SET LOCAL maintenance_work_mem = '1GB'")
                .await?;
            txn.execute_unprepared("SET LOCAL plan_cache_mode = force_generic_plan")
                .await?;
            let indexes = definitions(
                txn,
                &format!(
                    "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) \
                     FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid \
                     WHERE t.relname IN ({tables}) AND t.relnamespace = current_schema()::regnamespace \
                     AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)"
                ),
            )
            .await?;
            // An index column's own statistics target goes with the index: it is set again
            // once the indexes are back (migration 23 sets one).
            let statistics = definitions(
                txn,
                &format!(
                    "SELECT a.attrelid::regclass::text, format('ALTER INDEX %s ALTER COLUMN %s \
                     SET STATISTICS %s', a.attrelid::regclass, a.attnum, a.attstattarget) \
                     FROM pg_attribute a JOIN pg_index i ON i.indexrelid = a.attrelid \
                     JOIN pg_class t ON t.oid = i.indrelid WHERE t.relname IN ({tables}) \
                     AND t.relnamespace = current_schema()::regnamespace AND a.attstattarget > 0"
                ),
            )
            .await?;
            for (name, sql) in indexes {
                txn.execute_unprepared(&format!("DROP INDEX {name}"))
                    .await?;
                load.indexes.push(sql);
            }
            load.indexes
                .extend(statistics.into_iter().map(|(_, sql)| sql));
            for table in TABLES {
                txn.execute_unprepared(&format!("ALTER TABLE {table} DISABLE TRIGGER USER"))
                    .await?;
            }
        }
        _ => {
            for (kind, kept) in [
                ("index", &mut load.indexes),
                ("trigger", &mut load.triggers),
            ] {
                // Indexes SQLite made for a constraint have no SQL, and stay.
                let query = format!(
                    "SELECT name, sql FROM sqlite_master WHERE type = '{kind}' \
                     AND tbl_name IN ({tables}) AND sql IS NOT NULL ORDER BY name"
                );
                for (name, sql) in definitions(txn, &query).await? {
                    txn.execute_unprepared(&format!("DROP {kind} {name}"))
                        .await?;
                    kept.push(sql);
                }
            }
            load.marks = (
                last_rowid(txn, "users").await?,
                last_rowid(txn, "clients").await?,
            );
        }
    }
    Ok(load)
}

impl BulkLoad {
    /// Builds the indexes again, does the triggers' work for the loaded rows and puts the
    /// triggers back. The caller commits.
    pub async fn finish(self, txn: &DatabaseTransaction) -> Result<(), DbErr> {
        for sql in self.indexes.iter().chain(&self.constraints) {
            run(txn, sql).await?;
        }
        let day = match self.backend {
            DbBackend::Postgres => "to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')",
            _ => "substr(created_at, 1, 10)",
        };
        for sql in UPKEEP {
            run(txn, &sql.replace("{tfa}", TFA).replace("{day}", day)).await?;
        }
        match self.backend {
            DbBackend::Postgres => {
                for table in TABLES {
                    txn.execute_unprepared(&format!("ALTER TABLE {table} ENABLE TRIGGER USER"))
                        .await?;
                }
            }
            _ => {
                let (users, clients) = self.marks;
                for sql in SQLITE_SEARCH {
                    let sql = sql
                        .replace("{users}", &users.to_string())
                        .replace("{clients}", &clients.to_string());
                    run(txn, &sql).await?;
                }
                for sql in &self.triggers {
                    txn.execute_unprepared(sql).await?;
                }
            }
        }
        Ok(())
    }
}

/// Runs one statement of the load's bookkeeping, logging how long it took.
async fn run(txn: &DatabaseTransaction, sql: &str) -> Result<(), DbErr> {
    let started = std::time::Instant::now();
    txn.execute_unprepared(sql).await?;
    tracing::debug!(ms = started.elapsed().as_millis() as u64, sql, "bulk load");
    Ok(())
}

async fn definitions(txn: &DatabaseTransaction, sql: &str) -> Result<Vec<(String, String)>, DbErr> {
    let rows = txn
        .query_all(Statement::from_string(txn.get_database_backend(), sql))
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get_by_index(0)?, r.try_get_by_index(1)?)))
        .collect()
}

async fn last_rowid(txn: &DatabaseTransaction, table: &str) -> Result<i64, DbErr> {
    let sql = format!("SELECT coalesce(max(rowid), 0) FROM {table}");
    let row = txn
        .query_one(Statement::from_string(DbBackend::Sqlite, sql))
        .await?
        .ok_or_else(|| DbErr::RecordNotFound(table.into()))?;
    row.try_get_by_index(0)
}
