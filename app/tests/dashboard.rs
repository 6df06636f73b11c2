//! The dashboard's trigger-kept counts against the truth read from the tables, on both
//! engines, through inserts (one at a time and in one statement), the updates that move a
//! user between counts, the many that must not, and deletes.
use app::db::{audit_log, users};
use app::engine_tests;
use app::model::dashboard::{Dashboard, DAYS};
use app::model::user_list::{TwoFactorState, UserStatus};
use app::service::dashboard::dashboard;
use app::service::user_list::two_factor_of;
use app::testing::{self as support, now, TestDb};
use chrono::{Duration, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, IntoActiveModel, Set};
use std::collections::HashMap;
use uuid::Uuid;

/// What the dashboard must say, computed from every row.
async fn truth(db: &app::db::Db) -> (HashMap<String, u64>, HashMap<chrono::NaiveDate, u64>, u64) {
    let mut counts = HashMap::new();
    let mut per_day = HashMap::new();
    let mut locked = 0;
    for u in users::Entity::find().all(db).await.unwrap() {
        *counts.entry(format!("{:?}", u.status)).or_default() += 1;
        *counts
            .entry(format!("{:?}", two_factor_of(&u)))
            .or_default() += 1;
        *per_day.entry(u.created_at.date_naive()).or_default() += 1;
        locked += u64::from(u.locked_until.is_some_and(|t| t > Utc::now()));
    }
    (counts, per_day, locked)
}

async fn check(t: &TestDb, step: &str) -> Dashboard {
    let shown = dashboard(&t.db, true).await.unwrap();
    let (counts, per_day, locked) = truth(&t.db).await;
    let e = format!("{} after {step}", t.engine);
    for (status, n) in &shown.by_status {
        assert_eq!(
            *n,
            counts.get(&format!("{status:?}")).copied().unwrap_or(0),
            "{e}: {status:?}"
        );
    }
    for (state, n) in &shown.by_two_factor {
        assert_eq!(
            *n,
            counts.get(&format!("{state:?}")).copied().unwrap_or(0),
            "{e}: {state:?}"
        );
    }
    assert_eq!(shown.locked, locked, "{e}: locked");
    assert_eq!(shown.created.len(), DAYS as usize, "{e}");
    assert_eq!(
        shown.created.last().unwrap().day,
        Utc::now().date_naive(),
        "{e}"
    );
    for day in &shown.created {
        assert_eq!(
            day.n,
            per_day.get(&day.day).copied().unwrap_or(0),
            "{e}: {}",
            day.day
        );
    }
    shown
}

fn sign_in(at: chrono::DateTime<Utc>) -> audit_log::ActiveModel {
    audit_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        at: Set(at),
        actor_kind: Set("user".into()),
        actor_id: Set(None),
        actor_label: Set("U".into()),
        action: Set("user.sign_in".into()),
        target_kind: Set("user".into()),
        target_id: Set(None),
        target_label: Set("U".into()),
        changes: Set("{}".into()),
        ip: Set(None),
        request_id: Set(None),
    }
}

async fn counts_follow_every_change(t: TestDb) {
    let db = &t.db;
    let ann = support::insert_user(db, "ann@x.test", UserStatus::Active).await;
    let bob = support::insert_user(db, "bob@x.test", UserStatus::New).await;
    // One statement, several rows and days (PostgreSQL's triggers run per statement).
    let mut batch = Vec::new();
    for (i, days_ago) in [3, 3, 12, 200].into_iter().enumerate() {
        let mut row = support::user_model(&format!("batch{i}@x.test"), UserStatus::Inactive);
        row.created_at = Set(now() - Duration::days(days_ago));
        row.two_factor_required = Set(i % 2 == 0);
        batch.push(row);
    }
    users::Entity::insert_many(batch).exec(db).await.unwrap();
    let shown = check(&t, "inserts").await;
    assert_eq!(
        shown.by_status,
        [
            (UserStatus::Active, 1),
            (UserStatus::Inactive, 4),
            (UserStatus::New, 1)
        ]
    );
    assert_eq!(
        shown.by_two_factor[1],
        (TwoFactorState::Required, 2),
        "{}",
        t.engine
    );

    // Moves between counts: status, enrolment, a lock, another creation day.
    let edit = |id| async move {
        users::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .into_active_model()
    };
    let mut row = edit(bob).await;
    row.status = Set(UserStatus::Active);
    row.update(db).await.unwrap();
    let mut row = edit(ann).await;
    row.totp_enrolled_at = Set(Some(now()));
    row.two_factor_required = Set(true);
    row.locked_until = Set(Some(now() + Duration::minutes(10)));
    row.created_at = Set(now() - Duration::days(5));
    row.update(db).await.unwrap();
    let shown = check(&t, "moves").await;
    assert_eq!(
        shown.by_two_factor[2],
        (TwoFactorState::Enrolled, 1),
        "{}",
        t.engine
    );
    assert_eq!(shown.locked, 1, "{}", t.engine);

    // What the dashboard does not count changes nothing.
    let mut row = edit(bob).await;
    row.last_login_at = Set(Some(now()));
    row.failed_logins = Set(3);
    row.update(db).await.unwrap();
    check(&t, "an uncounted change").await;

    users::Entity::delete_by_id(ann).exec(db).await.unwrap();
    let shown = check(&t, "a delete").await;
    assert_eq!(shown.locked, 0, "{}", t.engine);

    // Sign-ins per day, from the audit trail; other entries are not sign-ins.
    audit_log::Entity::insert_many([
        sign_in(now()),
        sign_in(now()),
        sign_in(now() - Duration::days(1)),
    ])
    .exec(db)
    .await
    .unwrap();
    let mut other = sign_in(now());
    other.action = Set("user.update".into());
    other.insert(db).await.unwrap();
    let shown = check(&t, "sign-ins").await;
    let last_two: Vec<u64> = shown.sign_ins.iter().rev().take(2).map(|d| d.n).collect();
    assert_eq!(last_two, [2, 1], "{}", t.engine);
    assert_eq!(shown.recent.as_ref().map(Vec::len), Some(4), "{}", t.engine);
    assert!(dashboard(db, false).await.unwrap().recent.is_none());
}
engine_tests!(counts_follow_every_change);
