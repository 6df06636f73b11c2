//! What the dashboard shows, kept by triggers so that reading it never scans 1,000,000 users:
//! - `counters` rows `status:<status>` and `tfa:<off|required|enrolled>`: users per status
//!   and per 2FA state (the same three states as the 2FA badge);
//! - `daily_counts`: per UTC day, `users_created` (users on file by the day they were
//!   created) and `sign_ins` (completed client-area sign-ins, from the audit trail);
//! - a partial index on `locked_until`, so counting locked accounts reads only locked rows.
//!
//! Only a change of what is counted touches a counter: an update that leaves status, 2FA
//! state and creation day as they were (most updates: sign-in times, failure counts) takes
//! no lock on these shared rows.
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000011_dashboard_counts"
    }
}

/// The 2FA state of the row `r` (`new`, `old` or a table alias), as the badge shows it.
fn tfa(r: &str) -> String {
    format!(
        "(CASE WHEN {r}.totp_enrolled_at IS NOT NULL THEN 'enrolled' \
         WHEN {r}.two_factor_required THEN 'required' ELSE 'off' END)"
    )
}

/// The UTC day of a timestamp column, as `YYYY-MM-DD`.
fn day(backend: DbBackend, column: &str) -> String {
    match backend {
        DbBackend::Postgres => format!("to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"),
        // Stored as RFC 3339 text in UTC.
        _ => format!("substr({column}, 1, 10)"),
    }
}

fn common(backend: DbBackend) -> Vec<String> {
    let mut sql = vec![
        "CREATE TABLE daily_counts (name VARCHAR(32) NOT NULL, day VARCHAR(10) NOT NULL, \
         n BIGINT NOT NULL, PRIMARY KEY (name, day))"
            .to_owned(),
        "INSERT INTO counters (name, value) VALUES ('status:new', 0), ('status:active', 0), \
         ('status:inactive', 0), ('tfa:off', 0), ('tfa:required', 0), ('tfa:enrolled', 0)"
            .to_owned(),
        "UPDATE counters SET value = (SELECT count(*) FROM users u \
         WHERE 'status:' || u.status = counters.name) WHERE name LIKE 'status:%'"
            .to_owned(),
        format!(
            "UPDATE counters SET value = (SELECT count(*) FROM users u \
             WHERE 'tfa:' || {} = counters.name) WHERE name LIKE 'tfa:%'",
            tfa("u")
        ),
        format!(
            "INSERT INTO daily_counts (name, day, n) SELECT 'users_created', d, count(*) \
             FROM (SELECT {} AS d FROM users) days GROUP BY d",
            day(backend, "created_at")
        ),
        format!(
            "INSERT INTO daily_counts (name, day, n) SELECT 'sign_ins', d, count(*) \
             FROM (SELECT {} AS d FROM audit_log WHERE action = 'user.sign_in') days GROUP BY d",
            day(backend, "at")
        ),
        "CREATE INDEX users_locked_idx ON users (locked_until) WHERE locked_until IS NOT NULL"
            .to_owned(),
    ];
    sql.extend(match backend {
        DbBackend::Postgres => postgres(),
        _ => sqlite(),
    });
    sql
}

fn sqlite() -> Vec<String> {
    let (new_day, old_day) = (
        day(DbBackend::Sqlite, "new.created_at"),
        day(DbBackend::Sqlite, "old.created_at"),
    );
    let count = |sign: &str, r: &str| {
        format!(
            "UPDATE counters SET value = value {sign} 1 \
             WHERE name IN ('status:' || {r}.status, 'tfa:' || {});",
            tfa(r)
        )
    };
    let created = format!(
        "INSERT INTO daily_counts (name, day, n) VALUES ('users_created', {new_day}, 1) \
         ON CONFLICT (name, day) DO UPDATE SET n = n + 1;"
    );
    let uncreated = format!(
        "UPDATE daily_counts SET n = n - 1 WHERE name = 'users_created' AND day = {old_day};"
    );
    vec![
        format!(
            "CREATE TRIGGER users_stats_ins AFTER INSERT ON users BEGIN {} {created} END",
            count("+", "new")
        ),
        format!(
            "CREATE TRIGGER users_stats_del AFTER DELETE ON users BEGIN {} {uncreated} END",
            count("-", "old")
        ),
        format!(
            "CREATE TRIGGER users_stats_upd AFTER UPDATE OF status, totp_enrolled_at, \
             two_factor_required, created_at ON users \
             WHEN old.status IS NOT new.status OR {} IS NOT {} OR {old_day} IS NOT {new_day} \
             BEGIN {} {} {uncreated} {created} END",
            tfa("old"),
            tfa("new"),
            count("-", "old"),
            count("+", "new"),
        ),
        format!(
            "CREATE TRIGGER audit_sign_ins AFTER INSERT ON audit_log \
             WHEN new.action = 'user.sign_in' BEGIN \
             INSERT INTO daily_counts (name, day, n) VALUES ('sign_ins', {}, 1) \
             ON CONFLICT (name, day) DO UPDATE SET n = n + 1; END",
            day(DbBackend::Sqlite, "new.at")
        ),
    ]
}

/// PostgreSQL: statement-level triggers over transition tables. Concurrent writers take the
/// counter rows a statement changes in name order (and the day rows in day order) before
/// changing any, so two edits moving users in opposite directions (ACTIVE to NEW and NEW to
/// ACTIVE) wait for each other instead of deadlocking.
fn postgres() -> Vec<String> {
    let pg_day = |column: &str| day(DbBackend::Postgres, column);
    // The counter names `rows` count in, one per row and counter.
    let names = |rows: &str| {
        format!(
            "SELECT k FROM {rows} r, LATERAL (VALUES ('status:' || r.status), ('tfa:' || {})) v(k)",
            tfa("r")
        )
    };
    let days = |rows: &str| format!("SELECT {} FROM {rows} r", pg_day("r.created_at"));
    let lock = |all: &[&str]| {
        let union = |each: &dyn Fn(&str) -> String| {
            all.iter()
                .map(|rows| each(rows))
                .collect::<Vec<_>>()
                .join(" UNION ")
        };
        format!(
            "PERFORM 1 FROM counters WHERE name IN ({}) ORDER BY name FOR UPDATE; \
             PERFORM 1 FROM daily_counts WHERE name = 'users_created' AND day IN ({}) \
             ORDER BY day FOR UPDATE;",
            union(&names),
            union(&days)
        )
    };
    let per_counter = |rows: &str| {
        format!(
            "SELECT k AS name, count(*) AS n FROM ({}) x GROUP BY k",
            names(rows)
        )
    };
    let per_day = |rows: &str| {
        format!(
            "SELECT {} AS day, count(*) AS n FROM {rows} r GROUP BY 1 ORDER BY 1",
            pg_day("r.created_at")
        )
    };
    let add = |rows: &str| {
        format!(
            "UPDATE counters c SET value = c.value + d.n FROM ({}) d WHERE c.name = d.name; \
             INSERT INTO daily_counts (name, day, n) SELECT 'users_created', d.day, d.n \
             FROM ({}) d ON CONFLICT (name, day) DO UPDATE SET n = daily_counts.n + excluded.n;",
            per_counter(rows),
            per_day(rows)
        )
    };
    let subtract = |rows: &str| {
        format!(
            "UPDATE counters c SET value = c.value - d.n FROM ({}) d WHERE c.name = d.name; \
             UPDATE daily_counts c SET n = c.n - d.n FROM ({}) d \
             WHERE c.name = 'users_created' AND c.day = d.day;",
            per_counter(rows),
            per_day(rows)
        )
    };
    let function = |name: &str, body: String| {
        format!(
            "CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN {body} \
             RETURN NULL; END $$"
        )
    };
    // Updated rows whose status, 2FA state or creation day changed, before and after.
    let changed = |side: &str| {
        format!(
            "(SELECT {side}.* FROM old_rows o JOIN new_rows n ON n.id = o.id \
             WHERE (o.status, {}, {}) IS DISTINCT FROM (n.status, {}, {}))",
            tfa("o"),
            pg_day("o.created_at"),
            tfa("n"),
            pg_day("n.created_at")
        )
    };
    let (before, after) = (changed("o"), changed("n"));
    vec![
        function(
            "users_stats_ins",
            format!("{} {}", lock(&["new_rows"]), add("new_rows")),
        ),
        function(
            "users_stats_del",
            format!("{} {}", lock(&["old_rows"]), subtract("old_rows")),
        ),
        function(
            "users_stats_upd",
            format!(
                "{} {} {}",
                lock(&[&before, &after]),
                subtract(&before),
                add(&after)
            ),
        ),
        function(
            "audit_sign_ins",
            format!(
                "INSERT INTO daily_counts (name, day, n) SELECT 'sign_ins', {}, count(*) \
                 FROM new_rows r WHERE r.action = 'user.sign_in' GROUP BY 2 ORDER BY 2 \
                 ON CONFLICT (name, day) DO UPDATE SET n = daily_counts.n + excluded.n;",
                pg_day("r.at")
            ),
        ),
        "CREATE TRIGGER users_stats_ins AFTER INSERT ON users REFERENCING NEW TABLE AS new_rows \
         FOR EACH STATEMENT EXECUTE FUNCTION users_stats_ins()"
            .to_owned(),
        "CREATE TRIGGER users_stats_del AFTER DELETE ON users REFERENCING OLD TABLE AS old_rows \
         FOR EACH STATEMENT EXECUTE FUNCTION users_stats_del()"
            .to_owned(),
        "CREATE TRIGGER users_stats_upd AFTER UPDATE ON users \
         REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows \
         FOR EACH STATEMENT EXECUTE FUNCTION users_stats_upd()"
            .to_owned(),
        "CREATE TRIGGER audit_sign_ins AFTER INSERT ON audit_log REFERENCING NEW TABLE AS new_rows \
         FOR EACH STATEMENT EXECUTE FUNCTION audit_sign_ins()"
            .to_owned(),
    ]
}

fn down(backend: DbBackend) -> Vec<&'static str> {
    let mut sql = match backend {
        DbBackend::Postgres => vec![
            "DROP TRIGGER audit_sign_ins ON audit_log",
            "DROP TRIGGER users_stats_upd ON users",
            "DROP TRIGGER users_stats_del ON users",
            "DROP TRIGGER users_stats_ins ON users",
            "DROP FUNCTION audit_sign_ins()",
            "DROP FUNCTION users_stats_upd()",
            "DROP FUNCTION users_stats_del()",
            "DROP FUNCTION users_stats_ins()",
        ],
        _ => vec![
            "DROP TRIGGER audit_sign_ins",
            "DROP TRIGGER users_stats_upd",
            "DROP TRIGGER users_stats_del",
            "DROP TRIGGER users_stats_ins",
        ],
    };
    sql.extend([
        "DROP INDEX users_locked_idx",
        "DELETE FROM counters WHERE name LIKE 'status:%' OR name LIKE 'tfa:%'",
        "DROP TABLE daily_counts",
    ]);
    sql
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in common(manager.get_database_backend()) {
            db.execute_unprepared(&sql).await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        for sql in down(manager.get_database_backend()) {
            db.execute_unprepared(sql).await?;
        }
        Ok(())
    }
}
