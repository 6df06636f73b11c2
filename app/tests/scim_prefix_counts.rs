//! `userName sw` totals of one to three characters come from counts kept by triggers
//! (migration 22): on SQLite and PostgreSQL they stay equal to the names actually matching
//! through creation by staff and by SCIM, short names, renames, email changes, deletion and
//! both reaches.
use app::auth::password::PasswordHasher;
use app::engine_tests;
use app::model::user_list::UserStatus;
use app::service::scim::users::{self as scim_users, UserInput};
use app::service::scim::{ListRequest, Reach};
use app::service::users::{delete_user, load_for_edit, update_user};
use app::testing as support;
use app::testing::TestDb;
use sea_orm::ConnectionTrait;

mod common;

use common::staff;

const PREFIXES: [&str; 8] = ["a", "an", "AND", "andy", "b", "z", "é", "éa"];

async fn total(db: &app::db::Db, reach: Reach, filter: String) -> u64 {
    let request = ListRequest {
        filter: Some(filter),
        start_index: 1,
        count: 0,
        ..Default::default()
    };
    scim_users::list_users(db, reach, &request)
        .await
        .unwrap()
        .total
}

/// Each prefix's total as the list answers it, and as counting the names gives it (a filter
/// that is not a lone `sw` is counted through the name index).
async fn totals(db: &app::db::Db) -> Vec<(u64, u64)> {
    let mut all = Vec::new();
    for reach in [Reach::Everything, Reach::Provisioned] {
        for prefix in PREFIXES {
            let counted = total(db, reach, format!(r#"userName sw "{prefix}""#)).await;
            let matched = total(
                db,
                reach,
                format!(r#"userName sw "{prefix}" and userName pr"#),
            )
            .await;
            all.push((counted, matched));
        }
    }
    all
}

async fn assert_counts_match(db: &app::db::Db, step: &str) -> Vec<u64> {
    let totals = totals(db).await;
    for (i, (counted, matched)) in totals.iter().enumerate() {
        assert_eq!(counted, matched, "{step}: case {i} ({totals:?})");
    }
    totals.into_iter().map(|(counted, _)| counted).collect()
}

fn provider_user(user_name: &str, email: &str) -> UserInput {
    UserInput {
        user_name: user_name.into(),
        given_name: "Ann".into(),
        family_name: "Example".into(),
        email: Some(email.into()),
        active: true,
        ..Default::default()
    }
}

engine_tests!(user_name_prefix_totals_stay_exact_through_every_change);
async fn user_name_prefix_totals_stay_exact_through_every_change(t: TestDb) {
    let (db, e) = (&t.db, t.engine);
    let hasher = PasswordHasher::new(1);
    let idp = staff("idp");
    for email in ["ann@example.com", "anna@example.com"] {
        support::insert_user(db, email, UserStatus::Active).await;
    }
    let bob = support::insert_user(db, "bob@example.com", UserStatus::Active).await;
    let andrew = support::insert_user(db, "andrew@example.com", UserStatus::New).await;
    // A provider's names: a two-letter one (no three-letter prefix) and a non-ASCII one.
    let an = scim_users::create_user(db, &hasher, provider_user("AN", "x1@example.com"), &idp)
        .await
        .unwrap();
    scim_users::create_user(db, &hasher, provider_user("Éa", "x2@example.com"), &idp)
        .await
        .unwrap();
    let created = assert_counts_match(db, &format!("{e}: created")).await;
    // Everything: a (ann, anna, andrew, an), an, and, andy, b, z, é, éa; then provisioned.
    assert_eq!(
        created,
        vec![4, 4, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1],
        "{e}"
    );

    // The provider renames its user; staff change an address; a user is deleted.
    scim_users::replace_user(
        db,
        &hasher,
        Reach::Provisioned,
        an.id,
        None,
        provider_user("Andy", "x1@example.com"),
        &idp,
    )
    .await
    .unwrap();
    let mut edit = load_for_edit(db, andrew).await.unwrap();
    edit.form.email = "zed@example.com".into();
    update_user(db, &hasher, andrew, edit.version, edit.form, false, &idp)
        .await
        .unwrap();
    delete_user(db, bob, &idp).await.unwrap();
    let changed = assert_counts_match(db, &format!("{e}: changed")).await;
    assert_eq!(
        changed,
        vec![3, 3, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1],
        "{e}"
    );

    // The totals are read from the counts, not counted again (a count put off by 100 shows).
    db.execute_unprepared(
        "UPDATE user_name_prefixes SET n = n + 100 WHERE prefix = 'an' AND NOT scim_managed",
    )
    .await
    .unwrap();
    let everything = total(db, Reach::Everything, r#"userName sw "AN""#.into()).await;
    let provisioned = total(db, Reach::Provisioned, r#"userName sw "AN""#.into()).await;
    assert_eq!((everything, provisioned), (103, 1), "{e}");
}
