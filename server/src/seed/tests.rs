//! The seeder's output, checked on both engines.
use super::*;
use app::db::client_users;
use app::service::users::phone;
use sea_orm::{ColumnTrait, PaginatorTrait, QueryFilter, QueryOrder};
use std::collections::HashSet;

#[tokio::test]
async fn same_seed_gives_the_same_sound_data_on_both_engines() {
    let secrets = SecretBox::new(&[9u8; 32]);
    let args = SeedArgs {
        users: 1200,
        clients: 90,
        seed: 7,
    };
    let mut snapshots = Vec::new();
    for t in app::testing::engines().await {
        let db = &t.db;
        run(db, &secrets, &args).await.unwrap();
        assert_eq!(
            users::Entity::find().count(db).await.unwrap(),
            1200,
            "{}",
            t.engine
        );
        assert_eq!(
            clients::Entity::find().count(db).await.unwrap(),
            90,
            "{}",
            t.engine
        );
        let owners = client_users::Entity::find()
            .filter(client_users::Column::Owner.eq(true))
            .count(db)
            .await
            .unwrap();
        assert_eq!(owners, 90, "{}: every client has one owner", t.engine);
        let links = client_users::Entity::find().count(db).await.unwrap();
        assert!(
            (1200..=2400).contains(&links),
            "{}: ~1.5 per user, got {links}",
            t.engine
        );
        // Written with their counts (the bulk load's triggers were off), and counted.
        for sql in [
            "SELECT count(*) FROM users u WHERE clients_count <> \
             (SELECT count(*) FROM client_users WHERE user_id = u.id)",
            "SELECT count(*) FROM clients c WHERE users_count <> \
             (SELECT count(*) FROM client_users WHERE client_id = c.id)",
            "SELECT count(*) FROM counters WHERE name = 'users' AND value <> (SELECT count(*) FROM users)",
        ] {
            let backend = db.get_database_backend();
            let wrong: i64 = db
                .query_one(sea_orm::Statement::from_string(backend, sql))
                .await
                .unwrap()
                .unwrap()
                .try_get_by_index(0)
                .unwrap();
            assert_eq!(wrong, 0, "{}: {sql}", t.engine);
        }
        let all = users::Entity::find()
            .order_by_asc(users::Column::Id)
            .all(db)
            .await
            .unwrap();
        for u in &all {
            assert_eq!(u.email_norm, u.email.to_lowercase());
            if let Some(number) = &u.phone {
                assert_eq!(
                    phone::e164(number, ""),
                    Ok(Some(number.clone())),
                    "a valid number, stored as E.164"
                );
            }
            assert!(app::model::language::is_supported(&u.language));
            assert_eq!(u.totp_enrolled_at.is_some(), u.totp_secret_enc.is_some());
        }
        let statuses: HashSet<_> = all.iter().map(|u| u.status).collect();
        assert_eq!(
            statuses.len(),
            3,
            "{}: new, active and inactive users",
            t.engine
        );
        snapshots.push(
            all.into_iter()
                .map(|u| (u.id, u.email, u.phone, u.status, u.created_at))
                .collect::<Vec<_>>(),
        );
    }
    assert_eq!(
        snapshots[0], snapshots[1],
        "the same seed gives the same users"
    );
}

#[tokio::test]
async fn seeding_again_adds_to_what_is_there() {
    let secrets = SecretBox::new(&[9u8; 32]);
    let t = app::testing::sqlite().await;
    for seed in [3, 4, 5] {
        let args = SeedArgs {
            users: 300,
            clients: 40,
            seed,
        };
        run(&t.db, &secrets, &args).await.unwrap();
    }
    assert_eq!(users::Entity::find().count(&t.db).await.unwrap(), 900);
    assert_eq!(clients::Entity::find().count(&t.db).await.unwrap(), 120);
}
