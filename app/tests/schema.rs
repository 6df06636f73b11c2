//! The schema and its rules, on SQLite and PostgreSQL.
use app::engine_tests;
use app::testing::TestDb;

use app::db::{client_users, clients, users, KeyList};
use app::model::client::{ClientPermission, ClientStatus};
use app::model::user_list::UserStatus;
use chrono::{SubsecRound, Utc};
use migration::{Migrator, MigratorTrait};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, PaginatorTrait, Set};
use uuid::Uuid;

fn user(email: &str, phone: Option<&str>) -> users::ActiveModel {
    let now = Utc::now().trunc_subsecs(6);
    users::ActiveModel {
        id: Set(Uuid::now_v7()),
        email: Set(email.to_owned()),
        email_norm: Set(email.to_lowercase()),
        password_hash: Set("$argon2id$test".into()),
        first_name: Set("Ann".into()),
        last_name: Set("Lee".into()),
        phone: Set(phone.map(str::to_owned)),
        language: Set("en".into()),
        admin_notes: Set(String::new()),
        status: Set(UserStatus::New),
        email_verified: Set(false),
        phone_verified: Set(false),
        two_factor_required: Set(false),
        totp_secret_enc: Set(None),
        totp_enrolled_at: Set(None),
        totp_last_step: Set(None),
        failed_logins: Set(0),
        locked_until: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
        last_login_at: Set(None),
        version: Set(1),
        ..Default::default()
    }
}

fn client(company: Option<&str>) -> clients::ActiveModel {
    let now = Utc::now().trunc_subsecs(6);
    clients::ActiveModel {
        id: Set(Uuid::now_v7()),
        first_name: Set("Bo".into()),
        last_name: Set("Ek".into()),
        company_name: Set(company.map(str::to_owned)),
        tax_id: Set(None),
        status: Set(ClientStatus::Active),
        language: Set("en".into()),
        admin_notes: Set(String::new()),
        created_at: Set(now),
        updated_at: Set(now),
        version: Set(1),
        ..Default::default()
    }
}

fn link(client_id: Uuid, user_id: Uuid, owner: bool) -> client_users::ActiveModel {
    client_users::ActiveModel {
        client_id: Set(client_id),
        user_id: Set(user_id),
        owner: Set(owner),
        permissions: Set(KeyList::new(&[])),
        created_at: Set(Utc::now().trunc_subsecs(6)),
    }
}

async fn table_count(db: &app::db::Db) -> usize {
    let sql = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => {
            "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'"
        }
        _ => "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '%fts%'",
    };
    db.query_all(sea_orm::Statement::from_string(
        db.get_database_backend(),
        sql,
    ))
    .await
    .unwrap()
    .len()
}

engine_tests!(migrations_go_up_down_and_up_again);
async fn migrations_go_up_down_and_up_again(t: TestDb) {
    let db = &t.schema_db().await;
    // seaql_migrations + 22 tables
    assert_eq!(table_count(db).await, 23, "{}", t.engine);
    Migrator::down(db.connection(), None).await.unwrap();
    assert_eq!(
        table_count(db).await,
        1,
        "{}: only seaql_migrations is left",
        t.engine
    );
    Migrator::up(db.connection(), None).await.unwrap();
    assert_eq!(table_count(db).await, 23, "{}", t.engine);
    user("a@x.com", None).insert(db).await.unwrap();
    assert_eq!(
        users::Entity::find().count(db).await.unwrap(),
        1,
        "{}",
        t.engine
    );
}

engine_tests!(email_is_unique_whatever_its_case_and_phones_may_be_shared);
async fn email_is_unique_whatever_its_case_and_phones_may_be_shared(t: TestDb) {
    let db = &t.db;
    user("Ann@X.com", Some("+48123456789"))
        .insert(db)
        .await
        .unwrap();
    assert!(
        user("ann@x.com", None).insert(db).await.is_err(),
        "{}: same email, other case",
        t.engine
    );
    // An office's one number may belong to several users.
    user("bob@x.com", Some("+48123456789"))
        .insert(db)
        .await
        .unwrap();
    // Many users without a phone are fine.
    user("c@x.com", None).insert(db).await.unwrap();
    user("d@x.com", None).insert(db).await.unwrap();
    let mut bad = user("e@x.com", Some("48123"));
    assert!(
        bad.clone().insert(db).await.is_err(),
        "{}: phone must be E.164",
        t.engine
    );
    bad.phone = Set(None);
    bad.insert(db).await.unwrap();
    // The typed column cannot write it; the CHECK refuses it from anywhere else too.
    assert!(
        db.execute_unprepared("UPDATE users SET status = 'deleted' WHERE email = 'e@x.com'")
            .await
            .is_err(),
        "{}: unknown status refused",
        t.engine
    );
}

engine_tests!(a_client_has_at_most_one_owner);
async fn a_client_has_at_most_one_owner(t: TestDb) {
    let db = &t.db;
    let a = user("a@x.com", None).insert(db).await.unwrap();
    let b = user("b@x.com", None).insert(db).await.unwrap();
    let c = client(Some("Acme Ltd")).insert(db).await.unwrap();
    link(c.id, a.id, true).insert(db).await.unwrap();
    assert!(
        link(c.id, b.id, true).insert(db).await.is_err(),
        "{}: second owner",
        t.engine
    );
    link(c.id, b.id, false).insert(db).await.unwrap();
    assert!(
        link(c.id, b.id, false).insert(db).await.is_err(),
        "{}: same pair twice",
        t.engine
    );
    assert!(
        client(Some("Acme Ltd")).insert(db).await.is_err(),
        "{}: company name unique",
        t.engine
    );
    client(None).insert(db).await.unwrap();
    client(None).insert(db).await.unwrap();
}

engine_tests!(deleting_a_user_or_client_removes_their_associations);
async fn deleting_a_user_or_client_removes_their_associations(t: TestDb) {
    let db = &t.db;
    let a = user("a@x.com", None).insert(db).await.unwrap();
    let b = user("b@x.com", None).insert(db).await.unwrap();
    let c = client(None).insert(db).await.unwrap();
    link(c.id, a.id, true).insert(db).await.unwrap();
    link(c.id, b.id, false).insert(db).await.unwrap();
    users::Entity::delete_by_id(b.id).exec(db).await.unwrap();
    assert_eq!(
        client_users::Entity::find().count(db).await.unwrap(),
        1,
        "{}",
        t.engine
    );
    clients::Entity::delete_by_id(c.id).exec(db).await.unwrap();
    assert_eq!(
        client_users::Entity::find().count(db).await.unwrap(),
        0,
        "{}",
        t.engine
    );
    assert_eq!(
        users::Entity::find().count(db).await.unwrap(),
        1,
        "{}: users stay",
        t.engine
    );
}

engine_tests!(search_index_follows_inserts_updates_and_deletes);
async fn search_index_follows_inserts_updates_and_deletes(t: TestDb) {
    // The substring search index of each engine finds users by email, "first last" and
    // phone digits, and forgets them when they change or go.

    let db = &t.db;
    let backend = db.get_database_backend();
    let find = |term: &'static str| {
        let sql = match backend {
            sea_orm::DbBackend::Postgres => format!(
                "SELECT count(*) AS n FROM users WHERE (email_norm || '|' || lower(first_name || ' ' || last_name) || '|' || coalesce(substr(phone, 2), '')) LIKE '%{term}%'"
            ),
            _ => format!("SELECT count(*) AS n FROM users_fts WHERE users_fts MATCH '\"{term}\"'"),
        };
        async move {
            let row = db
                .query_one(sea_orm::Statement::from_string(backend, sql))
                .await
                .unwrap()
                .unwrap();
            row.try_get::<i64>("", "n").unwrap()
        }
    };
    let ann = user("Ann.Lee@Example.com", Some("+14155550123"))
        .insert(db)
        .await
        .unwrap();
    assert_eq!(find("ann.lee@exa").await, 1, "{}", t.engine);
    assert_eq!(find("ann lee").await, 1, "{}", t.engine);
    assert_eq!(find("4155").await, 1, "{}", t.engine);
    let mut renamed: users::ActiveModel = ann.into();
    renamed.first_name = Set("Zoe".into());
    let zoe = renamed.update(db).await.unwrap();
    assert_eq!(find("ann lee").await, 0, "{}", t.engine);
    assert_eq!(find("zoe lee").await, 1, "{}", t.engine);
    users::Entity::delete_by_id(zoe.id).exec(db).await.unwrap();
    assert_eq!(find("zoe lee").await, 0, "{}", t.engine);
}

engine_tests!(unknown_stored_values_fail_loudly);
/// A stored value Roster does not know (a hand edit, a newer version) is an error naming it,
/// never read as "no permissions" or a default status.
async fn unknown_stored_values_fail_loudly(t: TestDb) {
    let db = &t.db;
    let a = user("a@x.com", None).insert(db).await.unwrap();
    let c = client(Some("Acme Ltd")).insert(db).await.unwrap();
    let mut row = link(c.id, a.id, false);
    row.permissions = Set(KeyList::new(&[ClientPermission::Invoices]));
    row.insert(db).await.unwrap();
    let read = client_users::Entity::find().one(db).await.unwrap().unwrap();
    assert_eq!(read.permissions.as_slice(), [ClientPermission::Invoices]);

    db.execute_unprepared(r#"UPDATE client_users SET permissions = '["invoices","teleport"]'"#)
        .await
        .unwrap();
    let err = client_users::Entity::find().one(db).await.unwrap_err();
    assert!(err.to_string().contains("teleport"), "{}: {err}", t.engine);
}
