//! Phone numbers are no longer unique: an office shares one number among its people (the
//! Edit User form warns instead). PostgreSQL drops the constraint; SQLite cannot drop a table
//! constraint, so the users table is rebuilt without it (SQLite's documented procedure: on
//! one connection, foreign keys off, new table, copy with the same rowids, which the search
//! index refers to, swap, recreate the table's indexes and triggers as they were).
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::sqlx::{self, Row};
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};
use sea_orm_migration::SchemaManagerConnection;

pub struct Migration;

impl MigrationName for Migration {
    fn name(&self) -> &str {
        "m20261130_000010_shared_phones"
    }
}

const UNIQUE_PHONE: &str = "CONSTRAINT users_phone_key UNIQUE (phone),";
const E164_CHECK: &str = "CONSTRAINT users_phone_e164 CHECK";

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                let db = manager.get_connection();
                db.execute_unprepared("ALTER TABLE users DROP CONSTRAINT users_phone_key")
                    .await?;
                db.execute_unprepared("CREATE INDEX users_phone_idx ON users (phone)")
                    .await?;
                Ok(())
            }
            _ => {
                rebuild_users(manager, |sql| {
                    let kept = sql.replacen(UNIQUE_PHONE, "", 1);
                    (kept.len() < sql.len()).then_some(kept)
                })
                .await?;
                manager
                    .get_connection()
                    .execute_unprepared("CREATE INDEX users_phone_idx ON users (phone)")
                    .await?;
                Ok(())
            }
        }
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared("DROP INDEX users_phone_idx").await?;
        match manager.get_database_backend() {
            DbBackend::Postgres => {
                db.execute_unprepared(
                    "ALTER TABLE users ADD CONSTRAINT users_phone_key UNIQUE (phone)",
                )
                .await?;
                Ok(())
            }
            _ => {
                rebuild_users(manager, |sql| {
                    sql.contains(E164_CHECK).then(|| {
                        sql.replacen(E164_CHECK, &format!("{UNIQUE_PHONE}\n    {E164_CHECK}"), 1)
                    })
                })
                .await
            }
        }
    }
}

/// Rebuilds SQLite's users table with the definition `change` makes of the current one
/// (None: the definition is not what this migration expects, and nothing is touched).
async fn rebuild_users(
    manager: &SchemaManager<'_>,
    change: impl Fn(&str) -> Option<String>,
) -> Result<(), DbErr> {
    let SchemaManagerConnection::Connection(db) = manager.get_connection() else {
        return Err(DbErr::Migration(
            "the users table is rebuilt outside a transaction on SQLite".into(),
        ));
    };
    let fail = |e: sqlx::Error| DbErr::Migration(format!("rebuilding users: {e}"));
    // One connection for all of it: the foreign-key switch is per connection.
    let mut conn = db
        .get_sqlite_connection_pool()
        .acquire()
        .await
        .map_err(fail)?;
    let c = &mut *conn;
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *c)
        .await
        .map_err(fail)?;
    // Triggers of other tables name `users`; they must not be rewritten by the rename.
    sqlx::query("PRAGMA legacy_alter_table = ON")
        .execute(&mut *c)
        .await
        .map_err(fail)?;
    let result = async {
        sqlx::query("BEGIN IMMEDIATE").execute(&mut *c).await?;
        let table: String =
            sqlx::query("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'users'")
                .fetch_one(&mut *c)
                .await?
                .try_get(0)?;
        let Some(new_table) = change(&table) else {
            return Err(sqlx::Error::Protocol(format!(
                "unexpected users table: {table}"
            )));
        };
        // The stored definition names the table as `users` or `"users"` (after a rename).
        let Some(columns_start) = new_table.find('(') else {
            return Err(sqlx::Error::Protocol(format!(
                "unexpected users table: {table}"
            )));
        };
        let new_table = format!("CREATE TABLE users_rebuilt {}", &new_table[columns_start..]);
        let attached: Vec<String> = sqlx::query(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'users' \
             AND type IN ('index', 'trigger') AND sql IS NOT NULL",
        )
        .fetch_all(&mut *c)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<Result<_, _>>()?;
        // Stored columns only (hidden = 0): generated ones compute themselves.
        let columns: Vec<String> =
            sqlx::query("SELECT name FROM pragma_table_xinfo('users') WHERE hidden = 0")
                .fetch_all(&mut *c)
                .await?
                .iter()
                .map(|r| r.try_get(0))
                .collect::<Result<_, _>>()?;
        let columns = columns.join(", ");
        sqlx::query(&new_table).execute(&mut *c).await?;
        let copy = format!(
            "INSERT INTO users_rebuilt (rowid, {columns}) SELECT rowid, {columns} FROM users"
        );
        sqlx::query(&copy).execute(&mut *c).await?;
        sqlx::query("DROP TABLE users").execute(&mut *c).await?;
        sqlx::query("ALTER TABLE users_rebuilt RENAME TO users")
            .execute(&mut *c)
            .await?;
        for sql in &attached {
            sqlx::query(sql).execute(&mut *c).await?;
        }
        let broken = sqlx::query("PRAGMA foreign_key_check")
            .fetch_all(&mut *c)
            .await?;
        if !broken.is_empty() {
            return Err(sqlx::Error::Protocol(
                "foreign keys broken by the rebuild".into(),
            ));
        }
        sqlx::query("COMMIT").execute(&mut *c).await?;
        Ok(())
    }
    .await;
    if result.is_err() {
        let _ = sqlx::query("ROLLBACK").execute(&mut *c).await;
    }
    sqlx::query("PRAGMA legacy_alter_table = OFF")
        .execute(&mut *c)
        .await
        .map_err(fail)?;
    sqlx::query("PRAGMA foreign_keys = ON")
        .execute(&mut *c)
        .await
        .map_err(fail)?;
    result.map_err(fail)
}
