//! The bulk load (`server seed`), on SQLite and PostgreSQL: what it leaves is what writing the
//! same rows one by one leaves (counters, daily counts, user name prefix counts, association
//! counts, search), with every index and trigger back; and every trigger of its tables is one
//! it knows how to replace.
use app::db::{bulk_insert, bulk_load, client_users, clients, users, KeyList};
use app::engine_tests;
use app::model::client::{ClientPermission, ClientStatus};
use app::model::user_list::{UserListQuery, UserStatus};
use app::service::user_list::list_users;
use app::testing::{self as support, TestDb};
use chrono::Duration;
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, DatabaseTransaction, DbBackend, EntityTrait,
    IntoActiveModel, QueryOrder, QuerySelect, Set, Statement, TransactionTrait,
};
use uuid::Uuid;

/// A fixed moment: both databases get the same rows (ids are made from creation times).
fn base() -> chrono::DateTime<chrono::Utc> {
    chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 1, 12, 0, 0).unwrap()
}

/// Users of every status and 2FA state, over several days, some with phones.
fn people(n: usize) -> Vec<users::ActiveModel> {
    let statuses = [UserStatus::Active, UserStatus::New, UserStatus::Inactive];
    (0..n)
        .map(|i| {
            let name = ["smith", "garcia", "kowalski", "dupont"][i % 4];
            let mut row = support::user_model(&format!("{name}.{i}@bulk.test"), statuses[i % 3]);
            let created = base() - Duration::days((n - i) as i64) - Duration::hours(i as i64 % 5);
            row.created_at = Set(created);
            row.updated_at = Set(created);
            row.id = Set(uuid::Builder::from_unix_timestamp_millis(
                created.timestamp_millis() as u64,
                &[i as u8; 10],
            )
            .into_uuid());
            row.two_factor_required = Set(i % 4 == 1);
            if i % 5 == 2 {
                row.totp_enrolled_at = Set(Some(created));
                row.totp_secret_enc = Set(Some(vec![1, 2, 3]));
            }
            row.phone = Set((i % 2 == 0).then(|| format!("+4930{:07}", 1000 + i)));
            row
        })
        .collect()
}

fn company(i: usize) -> clients::ActiveModel {
    let at = base() - Duration::days(3);
    clients::ActiveModel {
        id: Set(uuid::Builder::from_unix_timestamp_millis(
            at.timestamp_millis() as u64,
            &[i as u8 + 100; 10],
        )
        .into_uuid()),
        first_name: Set("Cleo".into()),
        last_name: Set(format!("Client{i}")),
        company_name: Set(Some(format!("Bulk Works {i}"))),
        status: Set(ClientStatus::Active),
        language: Set("en".into()),
        created_at: Set(at),
        updated_at: Set(at),
        version: Set(1),
        ..Default::default()
    }
}

/// Client `c` has users c, c+3, c+6 ... (its owner first).
fn links(clients: &[Uuid], users: &[Uuid]) -> Vec<client_users::ActiveModel> {
    let mut out = Vec::new();
    for (c, client) in clients.iter().enumerate() {
        for (k, user) in users.iter().skip(c).step_by(3).enumerate() {
            out.push(client_users::ActiveModel {
                client_id: Set(*client),
                user_id: Set(*user),
                owner: Set(k == 0),
                permissions: Set(KeyList::new(&[ClientPermission::Profile])),
                created_at: Set(base()),
            });
        }
    }
    out
}

/// Writes the rows: the first `before` users and first client with triggers firing, then the
/// rest either the same way or in a bulk load (association counts left at 0 for it to fix).
async fn write(db: &TestDb, bulk: bool) {
    let (everyone, firms) = (people(48), (0..6).map(company).collect::<Vec<_>>());
    let user_ids: Vec<Uuid> = everyone.iter().map(|r| r.id.clone().unwrap()).collect();
    let client_ids: Vec<Uuid> = firms.iter().map(|r| r.id.clone().unwrap()).collect();
    let all_links = links(&client_ids, &user_ids);
    let (early_links, late_links): (Vec<_>, Vec<_>) = all_links
        .into_iter()
        .partition(|l| l.client_id.clone().unwrap() == client_ids[0]);
    users::Entity::insert_many(everyone[..12].to_vec())
        .exec_without_returning(&db.db)
        .await
        .unwrap();
    clients::Entity::insert_many(firms[..1].to_vec())
        .exec_without_returning(&db.db)
        .await
        .unwrap();
    let txn = db.db.begin().await.unwrap();
    let load = if bulk {
        Some(bulk_load::begin(&txn).await.unwrap())
    } else {
        None
    };
    // The first client's links reach the users still to come only after they exist.
    put(&txn, everyone[12..].to_vec(), bulk).await;
    put(&txn, firms[1..].to_vec(), bulk).await;
    for part in [early_links, late_links] {
        put(&txn, part, bulk).await;
    }
    if let Some(load) = load {
        load.finish(&txn).await.unwrap();
    }
    txn.commit().await.unwrap();
}

/// Inserts `rows` as the seed does in a bulk load, or with SeaORM's `insert_many`.
async fn put<A>(txn: &DatabaseTransaction, rows: Vec<A>, bulk: bool)
where
    A: ActiveModelTrait + Send,
    <A::Entity as EntityTrait>::Model: IntoActiveModel<A>,
{
    if bulk {
        bulk_insert::insert_all(txn, rows).await.unwrap();
    } else {
        A::Entity::insert_many(rows)
            .exec_without_returning(txn)
            .await
            .unwrap();
    }
}

async fn strings(db: &TestDb, sql: &str) -> Vec<String> {
    let backend = db.db.get_database_backend();
    db.db
        .query_all(Statement::from_string(backend, sql))
        .await
        .unwrap()
        .iter()
        .map(|r| r.try_get_by_index::<String>(0).unwrap())
        .collect()
}

/// What the triggers keep, and the schema they keep it with.
async fn state(db: &TestDb) -> Vec<Vec<String>> {
    let schema = match db.db.get_database_backend() {
        DbBackend::Postgres => {
            "SELECT indexdef FROM pg_indexes WHERE tablename IN ('users', 'clients', 'client_users') \
             UNION ALL SELECT tgname || ':' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal \
             AND tgrelid::regclass::text IN ('users', 'clients', 'client_users') \
             UNION ALL SELECT conname FROM pg_constraint WHERE conrelid = 'client_users'::regclass \
             UNION ALL SELECT attrelid::regclass::text || ' statistics ' || attstattarget::text \
             FROM pg_attribute WHERE attstattarget > 0 AND attrelid IN (SELECT indexrelid FROM pg_index \
             WHERE indrelid IN ('users'::regclass, 'clients'::regclass, 'client_users'::regclass)) \
             ORDER BY 1"
        }
        _ => "SELECT name || ':' || coalesce(sql, '') FROM sqlite_master \
              WHERE tbl_name IN ('users', 'clients', 'client_users') ORDER BY 1",
    };
    let mut state = vec![
        strings(db, schema).await,
        strings(
            db,
            "SELECT name || '=' || CAST(value AS TEXT) FROM counters WHERE name <> 'users_order' ORDER BY name",
        )
        .await,
        strings(
            db,
            "SELECT name || ' ' || day || '=' || CAST(n AS TEXT) FROM daily_counts ORDER BY name, day",
        )
        .await,
    ];
    let counts: Vec<(Uuid, i32)> = users::Entity::find()
        .select_only()
        .columns([users::Column::Id, users::Column::ClientsCount])
        .order_by_asc(users::Column::Id)
        .into_tuple()
        .all(&db.db)
        .await
        .unwrap();
    state.push(counts.iter().map(|(id, n)| format!("{id}={n}")).collect());
    let counts: Vec<(Uuid, i32)> = clients::Entity::find()
        .select_only()
        .columns([clients::Column::Id, clients::Column::UsersCount])
        .order_by_asc(clients::Column::Id)
        .into_tuple()
        .all(&db.db)
        .await
        .unwrap();
    state.push(counts.iter().map(|(id, n)| format!("{id}={n}")).collect());
    for q in ["smith", "kowalski.3", "4930", "bulk.test"] {
        let query = UserListQuery {
            q: q.into(),
            per_page: 100,
            ..Default::default()
        };
        let page = list_users(&db.db, &query).await.unwrap();
        state.push(page.rows.iter().map(|u| u.email.clone()).collect());
    }
    state.push(
        strings(
            db,
            "SELECT prefix || ' ' || CAST(scim_managed AS TEXT) || '=' || CAST(n AS TEXT) \
             FROM user_name_prefixes WHERE n <> 0 ORDER BY prefix, scim_managed",
        )
        .await,
    );
    // Every column of every row, as each engine reads it back.
    for rows in [
        format!(
            "{:?}",
            users::Entity::find()
                .order_by_asc(users::Column::Id)
                .all(&db.db)
                .await
                .unwrap()
        ),
        format!(
            "{:?}",
            clients::Entity::find()
                .order_by_asc(clients::Column::Id)
                .all(&db.db)
                .await
                .unwrap()
        ),
        format!(
            "{:?}",
            client_users::Entity::find()
                .order_by_asc(client_users::Column::ClientId)
                .order_by_asc(client_users::Column::UserId)
                .all(&db.db)
                .await
                .unwrap()
        ),
    ] {
        state.push(vec![rows]);
    }
    state
}

async fn users_order(db: &TestDb) -> Vec<String> {
    strings(
        db,
        "SELECT CAST(value AS TEXT) FROM counters WHERE name = 'users_order'",
    )
    .await
}

async fn bulk_load_leaves_what_row_by_row_leaves(t: TestDb) {
    let twin = match t.engine {
        "sqlite" => support::sqlite().await,
        _ => support::postgres().await,
    };
    let (order_before, twin_order_before) = (users_order(&t).await, users_order(&twin).await);
    write(&t, true).await;
    write(&twin, false).await;
    let (loaded, written) = (state(&t).await, state(&twin).await);
    for (part, (loaded, written)) in loaded.iter().zip(&written).enumerate() {
        assert_eq!(loaded, written, "{}: part {part} of the state", t.engine);
    }
    assert!(
        loaded[3].iter().any(|c| c.ends_with("=2")),
        "users in two clients"
    );
    assert_eq!(loaded[5].len(), 12, "{}: the smiths found", t.engine);
    assert_ne!(
        users_order(&t).await,
        order_before,
        "list caches learn of the load"
    );
    assert_ne!(users_order(&twin).await, twin_order_before);

    // The triggers are back: a user written after the load is counted and found.
    support::insert_user(&t.db, "after.load@bulk.test", UserStatus::Active).await;
    let query = UserListQuery {
        q: "after.load".into(),
        ..Default::default()
    };
    assert_eq!(list_users(&t.db, &query).await.unwrap().rows.len(), 1);
    assert_eq!(
        strings(
            &t,
            "SELECT CAST(value AS TEXT) FROM counters WHERE name = 'users'"
        )
        .await,
        vec!["49".to_owned()]
    );
}
engine_tests!(bulk_load_leaves_what_row_by_row_leaves);

/// A trigger added to these tables must be taught to the bulk load (its work done by set),
/// or a load would leave its bookkeeping undone.
async fn every_trigger_is_one_the_bulk_load_replaces(t: TestDb) {
    let (sql, known) = match t.db.get_database_backend() {
        DbBackend::Postgres => (
            "SELECT tgname::text FROM pg_trigger WHERE NOT tgisinternal \
             AND tgrelid::regclass::text IN ('users', 'clients', 'client_users') ORDER BY 1",
            bulk_load::POSTGRES_TRIGGERS,
        ),
        _ => (
            "SELECT name FROM sqlite_master WHERE type = 'trigger' \
             AND tbl_name IN ('users', 'clients', 'client_users') ORDER BY 1",
            bulk_load::SQLITE_TRIGGERS,
        ),
    };
    assert_eq!(strings(&t, sql).await, known, "{}", t.engine);
}
engine_tests!(every_trigger_is_one_the_bulk_load_replaces);

/// A load that fails rolls back whole: rows, and the indexes and triggers it set aside.
async fn a_failed_load_changes_nothing(t: TestDb) {
    let schema_before = state(&t).await;
    let txn = t.db.begin().await.unwrap();
    let load = bulk_load::begin(&txn).await.unwrap();
    let twice = people(2);
    users::Entity::insert_many(twice.clone())
        .exec_without_returning(&txn)
        .await
        .unwrap();
    drop(load);
    drop(txn);
    assert_eq!(state(&t).await, schema_before, "{}", t.engine);
}
engine_tests!(a_failed_load_changes_nothing);
