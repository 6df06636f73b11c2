//! Upgrading a database made by the first release (schema 1 only) to the current schema keeps
//! every row and fills what later migrations derive from them (counters, search), on SQLite
//! and PostgreSQL.
use app::db::{client_users, clients, users};
use app::engine_tests;
use app::model::client::ClientPermission;
use app::model::client_list::ClientListQuery;
use app::model::user_list::UserStatus;
use app::model::user_list::{Total, UserListQuery};
use app::service::{client_list::list_clients, user_list::list_users};
use app::testing::TestDb;
use chrono::{TimeZone, Utc};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, DbBackend, EntityTrait, Statement, Value};
use uuid::Uuid;

/// Runs `sql` written with `?` placeholders on either engine.
async fn exec(db: &app::db::Db, sql: &str, values: Vec<Value>) {
    let backend = db.get_database_backend();
    let sql = if backend == DbBackend::Postgres {
        let mut n = 0;
        sql.chars()
            .map(|c| {
                if c == '?' {
                    n += 1;
                    format!("${n}")
                } else {
                    c.to_string()
                }
            })
            .collect()
    } else {
        sql.to_owned()
    };
    db.execute(Statement::from_sql_and_values(backend, sql, values))
        .await
        .unwrap();
}

engine_tests!(a_first_release_database_upgrades_with_all_its_data);
async fn a_first_release_database_upgrades_with_all_its_data(t: TestDb) {
    let (db, e) = (&t.schema_db().await, t.engine);
    Migrator::down(db.connection(), None).await.unwrap();
    Migrator::up(db.connection(), Some(1)).await.unwrap();

    let (ann, client) = (Uuid::now_v7(), Uuid::now_v7());
    let at = Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap();
    exec(
        db,
        "INSERT INTO users (id, email, email_norm, password_hash, first_name, last_name, phone, \
         status, email_verified, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        vec![
            ann.into(),
            "Ann.Lee@Example.com".into(),
            "ann.lee@example.com".into(),
            "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNoaGFzaA".into(),
            "Ann".into(),
            "Lee".into(),
            "+14155550123".into(),
            "active".into(),
            true.into(),
            at.into(),
            at.into(),
        ],
    )
    .await;
    exec(
        db,
        "INSERT INTO clients (id, first_name, last_name, company_name, tax_id, status, \
         created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        vec![
            client.into(),
            "Bo".into(),
            "Ek".into(),
            "First Release Ltd".into(),
            "PL123".into(),
            "active".into(),
            at.into(),
            at.into(),
        ],
    )
    .await;
    exec(
        db,
        "INSERT INTO client_users (client_id, user_id, owner, permissions, created_at) \
         VALUES (?, ?, ?, ?, ?)",
        vec![
            client.into(),
            ann.into(),
            true.into(),
            "[\"profile\"]".into(),
            at.into(),
        ],
    )
    .await;

    Migrator::up(db.connection(), None).await.unwrap();
    assert!(
        Migrator::get_pending_migrations(db)
            .await
            .unwrap()
            .is_empty(),
        "{e}"
    );

    let user = users::Entity::find_by_id(ann)
        .one(db)
        .await
        .unwrap()
        .expect("the user");
    assert_eq!(
        (
            user.email.as_str(),
            user.first_name.as_str(),
            user.phone.as_deref(),
            user.status
        ),
        (
            "Ann.Lee@Example.com",
            "Ann",
            Some("+14155550123"),
            UserStatus::Active
        ),
        "{e}"
    );
    assert!(user.email_verified && user.created_at == at, "{e}");
    assert_eq!(
        user.clients_count, 1,
        "{e}: counter filled from existing rows"
    );
    let company = clients::Entity::find_by_id(client)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(company.users_count, 1, "{e}");
    let link = client_users::Entity::find().one(db).await.unwrap().unwrap();
    assert!(
        link.owner
            && link
                .permissions
                .as_slice()
                .contains(&ClientPermission::Profile),
        "{e}"
    );

    // The search migrations indexed the rows that were already there.
    for term in ["ann lee", "4155550", "ANN.LEE@example"] {
        let page = list_users(
            db,
            &UserListQuery {
                q: term.into(),
                ..Default::default()
            },
        )
        .await
        .unwrap();
        assert_eq!(page.total, Total::Exact(1), "{e}: {term}");
    }
    let page = list_clients(
        db,
        &ClientListQuery {
            q: "first release".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(page.rows.len(), 1, "{e}: clients search");
}
