//! Manage Users totals: exact when cheap, capped ("more than 1,000") for big result sets, on
//! SQLite and PostgreSQL.
use app::db::{counters, users};
use app::engine_tests;
use app::model::user_list::{Total, UserListQuery, UserStatus};
use app::service::user_list::{list_users, COUNT_CAP};
use app::testing::TestDb;
use chrono::{Duration, SubsecRound, Utc};
use sea_orm::{ConnectionTrait, EntityTrait, PaginatorTrait};
use uuid::Uuid;

/// 1,200 users named "Many People" in one INSERT statement, each a millisecond apart.
async fn insert_many(db: &app::db::Db) {
    insert_people(db, 1200, 0, "m").await;
}

/// `n` users named "Many People" with emails `{label}{i}@x.com`, each a millisecond apart,
/// every `active_every`-th of them active (0: none), the rest new.
async fn insert_people(db: &app::db::Db, n: i64, active_every: i64, label: &str) {
    // Ending now, so that a later call adds newer users.
    let start = (Utc::now() - Duration::milliseconds(n)).trunc_subsecs(6);
    let values: Vec<String> = (0..n)
        .map(|i| {
            let id = Uuid::now_v7();
            let id_sql = match db.get_database_backend() {
                sea_orm::DbBackend::Postgres => format!("'{id}'"),
                _ => format!("X'{}'", id.simple()),
            };
            let ts = format!("'{}'", (start + Duration::milliseconds(i)).to_rfc3339());
            let status = if active_every > 0 && i % active_every == 0 {
                "active"
            } else {
                "new"
            };
            format!("({id_sql}, '{label}{i}@x.com', '{label}{i}@x.com', 'h', 'Many', 'People', '{status}', {ts}, {ts})")
        })
        .collect();
    db.execute_unprepared(&format!(
        "INSERT INTO users (id, email, email_norm, password_hash, first_name, last_name, status, created_at, updated_at) VALUES {}",
        values.join(",")
    ))
    .await
    .unwrap();
}

engine_tests!(big_result_sets_get_a_capped_total);
async fn big_result_sets_get_a_capped_total(t: TestDb) {
    let db = &t.db;
    insert_many(db).await;
    let page = list_users(
        db,
        &UserListQuery {
            q: "many".into(),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(page.total, Total::AtLeast(COUNT_CAP), "{}", t.engine);
    assert_eq!(page.rows.len(), 25, "{}", t.engine);
    let all = list_users(db, &UserListQuery::default()).await.unwrap();
    assert_eq!(
        all.total,
        Total::Exact(1200),
        "{}: unfiltered totals are exact",
        t.engine
    );
    assert!(users::Entity::find()
        .all(db)
        .await
        .unwrap()
        .iter()
        .all(|u| u.status == UserStatus::New));

    // A common term with filters: capped when many match, exact when few or none do.
    let filtered = |status| UserListQuery {
        q: "many".into(),
        status: Some(status),
        ..Default::default()
    };
    let new = list_users(db, &filtered(UserStatus::New)).await.unwrap();
    assert_eq!(new.total, Total::AtLeast(COUNT_CAP), "{}", t.engine);
    let active = list_users(db, &filtered(UserStatus::Active)).await.unwrap();
    assert_eq!(active.total, Total::Exact(0), "{}", t.engine);
    assert!(active.rows.is_empty());
}

engine_tests!(a_common_term_with_filters_is_judged_on_a_sample);
/// A common term with a filter: the filter is tested on a sample of the term's matches; a
/// dense result is walked and shown with the lower bound the sample proved, a sparse one
/// counted exactly.
async fn a_common_term_with_filters_is_judged_on_a_sample(t: TestDb) {
    let db = &t.db;
    let search = |q: &str| {
        let query = UserListQuery {
            q: q.into(),
            status: Some(UserStatus::Active),
            ..Default::default()
        };
        async move { list_users(db, &query).await.unwrap() }
    };
    let active = |every| async move {
        db.execute_unprepared("DELETE FROM users").await.unwrap();
        insert_people(db, 2500, every, "m").await;
        search("many").await
    };
    // Every 20th user: 125 in all, about 100 of them in the 2,000 sampled.
    let dense = active(20).await;
    let Total::AtLeast(bound) = dense.total else {
        panic!("{}: {:?}", t.engine, dense.total);
    };
    assert!((50..125).contains(&bound), "{}: {bound}", t.engine);
    let newest: Vec<String> = (0..2500)
        .rev()
        .filter(|i| i % 20 == 0)
        .take(25)
        .map(|i| format!("m{i}@x.com"))
        .collect();
    let listed: Vec<String> = dense.rows.into_iter().map(|r| r.email).collect();
    assert_eq!(listed, newest, "{}", t.engine);
    // "m" starts every email: the sample comes from the email index instead.
    let by_email = search("m").await;
    assert!(
        matches!(by_email.total, Total::AtLeast(50..125)),
        "{}: {:?}",
        t.engine,
        by_email.total
    );
    let listed: Vec<String> = by_email.rows.into_iter().map(|r| r.email).collect();
    assert_eq!(listed, newest, "{}", t.engine);
    // Every 200th: 13, about 10 in the sample, too few to walk for: counted exactly.
    let sparse = active(200).await;
    assert_eq!(sparse.total, Total::Exact(13), "{}", t.engine);
    assert_eq!(sparse.rows.len(), 13, "{}", t.engine);
}

engine_tests!(every_page_holds_the_rows_of_the_sort_order);
async fn every_page_holds_the_rows_of_the_sort_order(t: TestDb) {
    let db = &t.db;
    insert_many(db).await;
    // First pages, deep pages (found by id first), pages read from the far end, and the
    // short last page.
    assert_pages_in_sort_order(db, t.engine, &[1, 2, 24, 25, 40, 41, 47, 48], "").await;
    let past = list_users(
        db,
        &UserListQuery {
            page: 49,
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(past.rows.is_empty(), "{}", t.engine);
}

engine_tests!(deep_pages_follow_inserts_and_deletes);
/// Deep pages of all users start from remembered landmarks: still the right rows after
/// users are added and deleted above them.
async fn deep_pages_follow_inserts_and_deletes(t: TestDb) {
    let db = &t.db;
    insert_people(db, 4200, 0, "m").await;
    let check = |when| assert_pages_in_sort_order(db, t.engine, &[40, 41, 45, 81, 84], when);
    check("at first").await;
    check("again").await;
    insert_people(db, 3, 0, "newer").await;
    check("after inserts").await;
    db.execute_unprepared("DELETE FROM users WHERE email_norm IN ('m4100@x.com', 'm3000@x.com')")
        .await
        .unwrap();
    check("after deletes").await;
}

/// Each of `pages` of all users, newest first, holds the rows a full sort puts there.
async fn assert_pages_in_sort_order(db: &app::db::Db, engine: &str, pages: &[u32], when: &str) {
    let mut expected = users::Entity::find().all(db).await.unwrap();
    expected.sort_by_key(|u| std::cmp::Reverse((u.created_at, u.id)));
    for &page in pages {
        let query = UserListQuery {
            page,
            ..Default::default()
        };
        let listed = list_users(db, &query).await.unwrap();
        let got: Vec<_> = listed.rows.iter().map(|r| r.id).collect();
        let want: Vec<_> = expected
            .iter()
            .skip((page as usize - 1) * 25)
            .take(25)
            .map(|u| u.id)
            .collect();
        assert_eq!(got, want, "{engine}: page {page} {when}");
    }
}

engine_tests!(counters_follow_inserts_and_deletes);
async fn counters_follow_inserts_and_deletes(t: TestDb) {
    let db = &t.db;
    insert_many(db).await;
    // One DELETE statement removing m100 to m199.
    db.execute_unprepared("DELETE FROM users WHERE email_norm LIKE 'm1__@x.com'")
        .await
        .unwrap();
    let left = users::Entity::find().count(db).await.unwrap();
    assert_eq!(left, 1100, "{}", t.engine);
    assert_eq!(counters::users(db).await.unwrap(), left, "{}", t.engine);
    let all = list_users(db, &UserListQuery::default()).await.unwrap();
    assert_eq!(all.total, Total::Exact(left), "{}", t.engine);
}
