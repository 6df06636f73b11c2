//! Manage Users totals: exact when cheap, capped ("more than 1,000") for big result sets, on
//! SQLite and PostgreSQL.
use app::db::users;
use app::model::user_list::{Total, UserListQuery};
use app::service::user_list::{list_users, COUNT_CAP};
use app::testing as support;
use chrono::{SubsecRound, Utc};
use sea_orm::{ConnectionTrait, EntityTrait};
use uuid::Uuid;

#[tokio::test]
async fn big_result_sets_get_a_capped_total() {
    for t in support::engines().await {
        let db = &t.db;
        let now = Utc::now().trunc_subsecs(6);
        // Bulk insert through SQL: 1,200 users named "Many".
        let values: Vec<String> = (0..1200)
            .map(|i| {
                let id = Uuid::now_v7();
                let id_sql = match db.get_database_backend() {
                    sea_orm::DbBackend::Postgres => format!("'{id}'"),
                    _ => format!("X'{}'", id.simple()),
                };
                let ts = format!("'{}'", now.to_rfc3339());
                format!("({id_sql}, 'm{i}@x.com', 'm{i}@x.com', 'h', 'Many', 'People', {ts}, {ts})")
            })
            .collect();
        db.execute_unprepared(&format!(
            "INSERT INTO users (id, email, email_norm, password_hash, first_name, last_name, created_at, updated_at) VALUES {}",
            values.join(",")
        ))
        .await
        .unwrap();
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
    }
}
