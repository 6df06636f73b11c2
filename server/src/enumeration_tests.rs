//! Forgot password and "send the link again" tell nobody whether an address has an account:
//! a known and an unknown address get the same status and body, in the same time band.
use crate::test_app::{body_text, server_fn_call, TestApp};
use app::api::{ForgotPassword, ResendVerification};
use app::db::{mail_outbox, users};
use app::model::user_list::UserStatus;
use leptos::server_fn::ServerFn;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::time::{Duration, Instant};
use tower::ServiceExt;

/// What the public sees of one call: status, body, time taken.
async fn ask(app: &TestApp, path: &str, email: &str) -> (u16, String, Duration) {
    let body = format!("email={}", email.replace('@', "%40"));
    let start = Instant::now();
    let res = app
        .router
        .clone()
        .oneshot(server_fn_call(path, body, None))
        .await
        .unwrap();
    let status = res.status().as_u16();
    (status, body_text(res).await, start.elapsed())
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

async fn sent_to(app: &TestApp, email: &str) -> u64 {
    mail_outbox::Entity::find()
        .filter(mail_outbox::Column::ToAddress.eq(email))
        .count(&app.state.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn known_and_unknown_addresses_get_the_same_answer_in_the_same_time() {
    let app = TestApp::new().await;
    let db = &app.state.db;
    app::testing::insert_user(db, "known@x.test", UserStatus::Active).await;
    let unverified = app::testing::insert_user(db, "unverified@x.test", UserStatus::New).await;
    users::Entity::update_many()
        .col_expr(users::Column::EmailVerified, Expr::value(false))
        .filter(users::Column::Id.eq(unverified))
        .exec(db)
        .await
        .unwrap();

    for (path, known) in [
        (ForgotPassword::PATH, "known@x.test"),
        (ResendVerification::PATH, "unverified@x.test"),
    ] {
        let (mut known_times, mut unknown_times) = (Vec::new(), Vec::new());
        let first = ask(&app, path, known).await;
        known_times.push(first.2);
        for _ in 0..2 {
            for (email, times) in [
                ("nobody@x.test", &mut unknown_times),
                (known, &mut known_times),
            ] {
                let (status, body, took) = ask(&app, path, email).await;
                assert_eq!((status, &body), (first.0, &first.1), "{path} for {email}");
                times.push(took);
            }
        }
        let unknown = ask(&app, path, "nobody@x.test").await;
        assert_eq!((unknown.0, &unknown.1), (200, &first.1), "{path}");
        unknown_times.push(unknown.2);

        // Real work was done for the known address only, and it did not show.
        assert_eq!(sent_to(&app, known).await, 3, "{path}");
        assert_eq!(sent_to(&app, "nobody@x.test").await, 0, "{path}");
        let all = known_times.iter().chain(&unknown_times);
        assert!(
            all.clone().all(|t| *t >= Duration::from_millis(400)),
            "{path}: every answer waits for the steady time: {known_times:?} {unknown_times:?}"
        );
        let (k, u) = (median(known_times), median(unknown_times));
        assert!(
            k.abs_diff(u) < Duration::from_millis(100),
            "{path}: known {k:?}, unknown {u:?}"
        );
    }
}
