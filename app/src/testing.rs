//! The data-layer test harness: every test runs against a fresh SQLite file and a fresh
//! PostgreSQL database (from ROSTER_TEST_PG_URL, default postgres://postgres@127.0.0.1:5432),
//! with the real migrations. Databases are dropped when the test ends.
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::path::PathBuf;

/// The time now, as the services' clock reads it (microseconds), for tests that pass `now`.
pub fn now() -> chrono::DateTime<chrono::Utc> {
    crate::clock::Clock::now(&crate::clock::SystemClock)
}

pub const DEFAULT_PG_URL: &str = "postgres://postgres@127.0.0.1:5432/postgres";

pub struct TestDb {
    pub engine: &'static str,
    pub db: crate::db::Db,
    /// For tests that open connections of their own (live updates).
    pub url: String,
    cleanup: Cleanup,
}

enum Cleanup {
    File(PathBuf),
    PgDatabase { admin_url: String, name: String },
}

impl TestDb {
    /// A database handle on one connection, for a test that takes the schema down and up
    /// (see `db::connect_for_schema`).
    pub async fn schema_db(&self) -> crate::db::Db {
        let one = crate::db::connect_for_schema(&self.url)
            .await
            .expect("reopen");
        crate::db::Db::new(one)
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        match &self.cleanup {
            Cleanup::File(dir) => {
                let _ = std::fs::remove_dir_all(dir);
            }
            Cleanup::PgDatabase { admin_url, name } => {
                // Drop runs outside async code: use a runtime of our own on a plain thread.
                let (url, name) = (admin_url.clone(), name.clone());
                let _ = std::thread::spawn(move || {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_all()
                        .build()?;
                    rt.block_on(async {
                        let admin = sea_orm::Database::connect(url.as_str()).await?;
                        admin
                            .execute_unprepared(&format!(
                                "DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"
                            ))
                            .await?;
                        admin.close().await
                    })
                    .map_err(|e| std::io::Error::other(e.to_string()))
                })
                .join();
            }
        }
    }
}

fn pg_admin_url() -> String {
    std::env::var("ROSTER_TEST_PG_URL").unwrap_or_else(|_| DEFAULT_PG_URL.to_owned())
}

/// `postgres://u@h:p/db?x` -> `postgres://u@h:p/{name}`.
fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").expect("a postgres:// URL");
    let authority = rest.split(['/', '?']).next().unwrap_or(rest);
    format!("{scheme}://{authority}/{name}")
}

pub async fn sqlite() -> TestDb {
    let dir = std::env::temp_dir().join(format!("roster-test-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    let url = format!("sqlite://{}/roster.db?mode=rwc", dir.display());
    let db = crate::db::connect_for_schema(&url)
        .await
        .expect("open SQLite");
    Migrator::up(&db, None).await.expect("migrate SQLite");
    let db = crate::db::reconnect(db, &url).await.expect("reopen SQLite");
    TestDb {
        engine: "sqlite",
        db: crate::db::Db::new(db),
        url,
        cleanup: Cleanup::File(dir),
    }
}

pub async fn postgres() -> TestDb {
    let admin_url = pg_admin_url();
    let name = format!("roster_test_{}", uuid::Uuid::now_v7().simple());
    let admin = sea_orm::Database::connect(admin_url.as_str())
        .await
        .unwrap_or_else(|e| panic!("PostgreSQL at {admin_url} is required for data tests (set ROSTER_TEST_PG_URL): {e}"));
    admin
        .execute_unprepared(&format!("CREATE DATABASE \"{name}\""))
        .await
        .expect("create test database");
    admin.close().await.ok();
    let url = with_database(&admin_url, &name);
    let db = crate::db::connect(&url)
        .await
        .expect("open PostgreSQL test database");
    Migrator::up(&db, None).await.expect("migrate PostgreSQL");
    TestDb {
        engine: "postgres",
        db: crate::db::Db::new(db),
        url,
        cleanup: Cleanup::PgDatabase { admin_url, name },
    }
}

/// Both engines, freshly migrated (for the few tests that compare the engines' results).
pub async fn engines() -> Vec<TestDb> {
    vec![sqlite().await, postgres().await]
}

/// Drops `table` through a connection of its own, as a failing database would lose it. On a
/// pooled SQLite connection a DROP can meet a statement that connection still holds open
/// ("database table is locked"), and sqlx then waits for an unlock that never comes: the
/// test hangs instead of failing.
pub async fn drop_table_from_outside(url: &str, table: &str) {
    let own = sea_orm::Database::connect(url)
        .await
        .expect("a connection of its own");
    own.execute_unprepared(&format!("DROP TABLE {table}"))
        .await
        .expect("drop the table");
    own.close().await.ok();
}

#[doc(hidden)]
pub use paste::paste;

/// One test per engine from an `async fn name(t: TestDb)`: `engine_tests!(name);` generates
/// `name_sqlite` and `name_postgres`, so a failure names its engine and one engine runs alone
/// (`cargo test _sqlite`). `engine_tests!(multi_thread: name);` runs on 4 worker threads.
#[macro_export]
macro_rules! engine_tests {
    (multi_thread: $name:ident) => {
        $crate::engine_tests!(@each $name, #[tokio::test(flavor = "multi_thread", worker_threads = 4)]);
    };
    ($name:ident) => {
        $crate::engine_tests!(@each $name, #[tokio::test]);
    };
    (@each $name:ident, #[$test:meta]) => {
        $crate::testing::paste! {
            #[$test]
            async fn [<$name _sqlite>]() {
                $name($crate::testing::sqlite().await).await
            }
            #[$test]
            async fn [<$name _postgres>]() {
                $name($crate::testing::postgres().await).await
            }
        }
    };
}

/// A client named `company` (contact "Cleo Client", ACTIVE), for tests that need one.
pub async fn insert_client(db: &DatabaseConnection, company: &str) -> uuid::Uuid {
    use crate::db::clients;
    use sea_orm::{ActiveModelTrait, Set};
    let at = now();
    clients::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        first_name: Set("Cleo".into()),
        last_name: Set("Client".into()),
        company_name: Set(Some(company.into())),
        tax_id: Set(None),
        status: Set(crate::model::client::ClientStatus::Active),
        language: Set("en".into()),
        admin_notes: Set(String::new()),
        created_at: Set(at),
        updated_at: Set(at),
        version: Set(1),
        ..Default::default()
    }
    .insert(db)
    .await
    .expect("insert a test client")
    .id
}

/// A user "U <email>" with `status` (email verified, no 2FA), for tests that need one.
pub async fn insert_user(
    db: &impl ConnectionTrait,
    email: &str,
    status: crate::model::user_list::UserStatus,
) -> uuid::Uuid {
    use sea_orm::ActiveModelTrait;
    user_model(email, status)
        .insert(db)
        .await
        .expect("insert a test user")
        .id
}

/// The row `insert_user` inserts, for tests that insert many in one statement.
pub fn user_model(
    email: &str,
    status: crate::model::user_list::UserStatus,
) -> crate::db::users::ActiveModel {
    use crate::db::users;
    use sea_orm::Set;
    let at = now();
    users::ActiveModel {
        id: Set(uuid::Uuid::now_v7()),
        email: Set(email.into()),
        email_norm: Set(email.to_lowercase()),
        password_hash: Set("$argon2id$test".into()),
        first_name: Set("U".into()),
        last_name: Set(email.into()),
        phone: Set(None),
        language: Set("en".into()),
        admin_notes: Set(String::new()),
        status: Set(status),
        email_verified: Set(true),
        phone_verified: Set(false),
        two_factor_required: Set(false),
        totp_secret_enc: Set(None),
        totp_enrolled_at: Set(None),
        totp_last_step: Set(None),
        failed_logins: Set(0),
        locked_until: Set(None),
        created_at: Set(at),
        updated_at: Set(at),
        last_login_at: Set(None),
        version: Set(1),
        ..Default::default()
    }
}
