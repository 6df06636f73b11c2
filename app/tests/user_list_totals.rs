//! Manage Users totals: exact when cheap, capped ("more than 1,000") for big result sets, on
//! SQLite and PostgreSQL.
use app::db::{counters, users};
use app::model::user_list::{Total, UserListQuery, UserStatus};
use app::service::user_list::{list_users, COUNT_CAP};
use app::testing as support;
use chrono::{Duration, SubsecRound, Utc};
use sea_orm::{ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait};
use uuid::Uuid;

/// 1,200 users named "Many People" in one INSERT statement, each a millisecond apart.
async fn insert_many(db: &DatabaseConnection) {
    let start = Utc::now().trunc_subsecs(6);
    let values: Vec<String> = (0..1200)
        .map(|i| {
            let id = Uuid::now_v7();
            let id_sql = match db.get_database_backend() {
                sea_orm::DbBackend::Postgres => format!("'{id}'"),
                _ => format!("X'{}'", id.simple()),
            };
            let ts = format!("'{}'", (start + Duration::milliseconds(i)).to_rfc3339());
            format!("({id_sql}, 'm{i}@x.com', 'm{i}@x.com', 'h', 'Many', 'People', {ts}, {ts})")
        })
        .collect();
    db.execute_unprepared(&format!(
        "INSERT INTO users (id, email, email_norm, password_hash, first_name, last_name, created_at, updated_at) VALUES {}",
        values.join(",")
    ))
    .await
    .unwrap();
}

#[tokio::test]
async fn big_result_sets_get_a_capped_total() {
    for t in support::engines().await {
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
            .all(|u| u.status == "new"));

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
}

#[tokio::test]
async fn every_page_holds_the_rows_of_the_sort_order() {
    for t in support::engines().await {
        let db = &t.db;
        insert_many(db).await;
        let mut expected = users::Entity::find().all(db).await.unwrap();
        expected.sort_by_key(|u| std::cmp::Reverse((u.created_at, u.id)));
        // First pages, deep pages (found by id first), pages read from the far end, and the
        // short last page.
        for page in [1, 2, 24, 25, 40, 41, 47, 48] {
            let listed = list_users(
                db,
                &UserListQuery {
                    page,
                    ..Default::default()
                },
            )
            .await
            .unwrap();
            let want: Vec<_> = expected
                .iter()
                .skip((page as usize - 1) * 25)
                .take(25)
                .map(|u| u.id)
                .collect();
            let got: Vec<_> = listed.rows.iter().map(|r| r.id).collect();
            assert_eq!(got, want, "{}: page {page}", t.engine);
        }
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
}

#[tokio::test]
async fn counters_follow_inserts_and_deletes() {
    for t in support::engines().await {
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
}
