//! What Manage Clients needs to stay fast at 250,000 clients, the same way Manage Users does:
//! - `counters` row `clients` and `clients.users_count`, kept by triggers;
//! - indexes for each sort key, ending in the id tiebreak;
//! - a substring search document per client (lowercased "first last", company name and tax
//!   ID, `|`-separated): a stored column with a pg_trgm index on PostgreSQL, a contentless
//!   FTS5 trigram table kept by triggers on SQLite (as for users in migration 2).
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261125_000004_clients"
    }
}

fn document(p: &str) -> String {
    format!(
        "lower({p}first_name || ' ' || {p}last_name) || '|' || lower(coalesce({p}company_name, '')) \
         || '|' || lower(coalesce({p}tax_id, ''))"
    )
}

const COMMON: &[&str] = &[
    "INSERT INTO counters (name, value) SELECT 'clients', count(*) FROM clients",
    "ALTER TABLE clients ADD COLUMN users_count INTEGER NOT NULL DEFAULT 0",
    "UPDATE clients SET users_count = (SELECT count(*) FROM client_users cu WHERE cu.client_id = clients.id)",
    "CREATE INDEX clients_users_idx ON clients (users_count, created_at, id)",
    "CREATE INDEX clients_name_idx ON clients (first_name, last_name, id)",
    "CREATE INDEX clients_company_idx ON clients (company_name, id)",
    "CREATE INDEX clients_status_created_idx ON clients (status, created_at, id)",
];

fn postgres() -> Vec<String> {
    let mut up: Vec<String> = vec![
        format!(
            "ALTER TABLE clients ADD COLUMN search_doc TEXT GENERATED ALWAYS AS ({}) STORED",
            document("")
        ),
        "CREATE INDEX clients_search_doc_trgm ON clients USING gin (search_doc gin_trgm_ops)"
            .into(),
    ];
    up.extend(
        [
            "CREATE FUNCTION clients_counter_ins() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
               UPDATE counters SET value = value + (SELECT count(*) FROM new_rows) WHERE name = 'clients'; \
               RETURN NULL; END $$",
            "CREATE FUNCTION clients_counter_del() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
               UPDATE counters SET value = value - (SELECT count(*) FROM old_rows) WHERE name = 'clients'; \
               RETURN NULL; END $$",
            "CREATE TRIGGER clients_counter_ins AFTER INSERT ON clients REFERENCING NEW TABLE AS new_rows \
               FOR EACH STATEMENT EXECUTE FUNCTION clients_counter_ins()",
            "CREATE TRIGGER clients_counter_del AFTER DELETE ON clients REFERENCING OLD TABLE AS old_rows \
               FOR EACH STATEMENT EXECUTE FUNCTION clients_counter_del()",
            "CREATE FUNCTION client_users_users_count_ins() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
               UPDATE clients c SET users_count = c.users_count + d.n \
               FROM (SELECT client_id, count(*) AS n FROM new_rows GROUP BY client_id) d WHERE c.id = d.client_id; \
               RETURN NULL; END $$",
            "CREATE FUNCTION client_users_users_count_del() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN \
               UPDATE clients c SET users_count = c.users_count - d.n \
               FROM (SELECT client_id, count(*) AS n FROM old_rows GROUP BY client_id) d WHERE c.id = d.client_id; \
               RETURN NULL; END $$",
            "CREATE TRIGGER client_users_users_count_ins AFTER INSERT ON client_users REFERENCING NEW TABLE AS new_rows \
               FOR EACH STATEMENT EXECUTE FUNCTION client_users_users_count_ins()",
            "CREATE TRIGGER client_users_users_count_del AFTER DELETE ON client_users REFERENCING OLD TABLE AS old_rows \
               FOR EACH STATEMENT EXECUTE FUNCTION client_users_users_count_del()",
        ]
        .map(String::from),
    );
    up
}

fn sqlite() -> Vec<String> {
    vec![
        "CREATE VIRTUAL TABLE clients_fts USING fts5(doc, content='', contentless_delete=1, tokenize='trigram')".into(),
        format!("INSERT INTO clients_fts (rowid, doc) SELECT rowid, {} FROM clients", document("")),
        format!(
            "CREATE TRIGGER clients_fts_insert AFTER INSERT ON clients BEGIN \
             INSERT INTO clients_fts (rowid, doc) VALUES (new.rowid, {}); \
             UPDATE counters SET value = value + 1 WHERE name = 'clients'; END",
            document("new.")
        ),
        format!(
            "CREATE TRIGGER clients_fts_update AFTER UPDATE OF first_name, last_name, company_name, tax_id ON clients BEGIN \
             DELETE FROM clients_fts WHERE rowid = old.rowid; \
             INSERT INTO clients_fts (rowid, doc) VALUES (new.rowid, {}); END",
            document("new.")
        ),
        "CREATE TRIGGER clients_fts_delete AFTER DELETE ON clients BEGIN \
         DELETE FROM clients_fts WHERE rowid = old.rowid; \
         UPDATE counters SET value = value - 1 WHERE name = 'clients'; END"
            .into(),
        "CREATE TRIGGER client_users_users_count_ins AFTER INSERT ON client_users BEGIN \
         UPDATE clients SET users_count = users_count + 1 WHERE id = new.client_id; END"
            .into(),
        "CREATE TRIGGER client_users_users_count_del AFTER DELETE ON client_users BEGIN \
         UPDATE clients SET users_count = users_count - 1 WHERE id = old.client_id; END"
            .into(),
    ]
}

const DOWN_POSTGRES: &[&str] = &[
    "DROP TRIGGER client_users_users_count_del ON client_users",
    "DROP TRIGGER client_users_users_count_ins ON client_users",
    "DROP TRIGGER clients_counter_del ON clients",
    "DROP TRIGGER clients_counter_ins ON clients",
    "DROP FUNCTION client_users_users_count_del()",
    "DROP FUNCTION client_users_users_count_ins()",
    "DROP FUNCTION clients_counter_del()",
    "DROP FUNCTION clients_counter_ins()",
    "DROP INDEX clients_search_doc_trgm",
    "ALTER TABLE clients DROP COLUMN search_doc",
];

const DOWN_SQLITE: &[&str] = &[
    "DROP TRIGGER client_users_users_count_del",
    "DROP TRIGGER client_users_users_count_ins",
    "DROP TRIGGER clients_fts_delete",
    "DROP TRIGGER clients_fts_update",
    "DROP TRIGGER clients_fts_insert",
    "DROP TABLE clients_fts",
];

const DOWN_COMMON: &[&str] = &[
    "DROP INDEX clients_status_created_idx",
    "DROP INDEX clients_company_idx",
    "DROP INDEX clients_name_idx",
    "DROP INDEX clients_users_idx",
    "ALTER TABLE clients DROP COLUMN users_count",
    "DELETE FROM counters WHERE name = 'clients'",
];

async fn run(manager: &SchemaManager<'_>, statements: &[String]) -> Result<(), DbErr> {
    let conn = manager.get_connection();
    for sql in statements {
        conn.execute_unprepared(sql).await?;
    }
    Ok(())
}

fn owned(statements: &[&str]) -> Vec<String> {
    statements.iter().map(|s| (*s).to_owned()).collect()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut all = owned(COMMON);
        all.extend(match manager.get_database_backend() {
            DbBackend::Postgres => postgres(),
            _ => sqlite(),
        });
        run(manager, &all).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut all = owned(match manager.get_database_backend() {
            DbBackend::Postgres => DOWN_POSTGRES,
            _ => DOWN_SQLITE,
        });
        all.extend(owned(DOWN_COMMON));
        run(manager, &all).await
    }
}
