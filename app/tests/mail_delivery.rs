//! The outbox's delivery on both engines: temporary failures retried with backoff,
//! permanent ones failed at once, giving up after a day, and two senders never taking the
//! same message. (Through a real SMTP server, an outage and a `kill -9`:
//! `server/tests/mail_process.rs`.)
mod mail_common;

use app::db::users;
use app::engine_tests;
use app::model::mail::MailStatus;
use app::model::user_list::UserStatus;
use app::service::mail::letters::Letter;
use app::service::mail::sender::deliver_due;
use app::service::mail::smtp::SendError;
use app::service::mail::{log, outbox};
use app::service::self_service;
use app::testing::TestDb;
use chrono::Duration;
use mail_common::{clocked, outbox_rows, staff, Recorder};
use sea_orm::EntityTrait;
use std::sync::Arc;
use uuid::Uuid;

engine_tests!(temporary_failures_retry_with_backoff_and_permanent_ones_fail_at_once);
async fn temporary_failures_retry_with_backoff_and_permanent_ones_fail_at_once(t: TestDb) {
    let e = t.engine;
    let (db, clock) = clocked(&t);
    let id = app::testing::insert_user(&db, "ann@example.com", UserStatus::Active).await;
    self_service::forgot_password(&db, "ann@example.com", db.now())
        .await
        .unwrap();
    let transport = Recorder::default();
    transport.answering(Some(SendError::Temporary(
        "451 4.3.0 try again later".into(),
    )));
    let done = deliver_due(&db, &transport).await.unwrap();
    assert_eq!(done.retrying, 1, "{e}");
    let m = outbox_rows(&db).await.remove(0);
    assert_eq!(
        (m.status, m.attempts, m.last_error.as_deref()),
        (MailStatus::Queued, 1, Some("451 4.3.0 try again later")),
        "{e}"
    );
    assert_eq!(m.next_attempt_at, db.now() + Duration::minutes(1), "{e}");
    assert!(m.link_secret.is_some(), "{e}: kept for the next attempt");
    let page = log::list(&db, &Default::default()).await.unwrap();
    assert_eq!(page.rows[0].state(), "Retrying (1 failed attempt)", "{e}");
    assert_eq!(
        deliver_due(&db, &transport).await.unwrap().total(),
        0,
        "{e}: not due yet"
    );

    clock.advance(Duration::minutes(1));
    deliver_due(&db, &transport).await.unwrap();
    assert_eq!(
        outbox_rows(&db).await[0].next_attempt_at,
        db.now() + Duration::minutes(2),
        "{e}: doubled"
    );
    // A day of failures: it gives up, with the server's last answer.
    for _ in 0..40 {
        clock.advance(Duration::hours(1));
        deliver_due(&db, &transport).await.unwrap();
    }
    let m = outbox_rows(&db).await.remove(0);
    assert_eq!(m.status, MailStatus::Failed, "{e}");
    assert!(
        m.attempts > 20 && m.link_secret.is_none(),
        "{e}: {} attempts",
        m.attempts
    );

    // A permanent refusal fails at once.
    self_service::send_link(&db, id, Letter::PasswordReset, &staff(), db.now())
        .await
        .unwrap();
    transport.answering(Some(SendError::Permanent(
        "550 5.1.1 no such mailbox".into(),
    )));
    assert_eq!(deliver_due(&db, &transport).await.unwrap().failed, 1, "{e}");
    let m = outbox_rows(&db).await.pop().unwrap();
    assert_eq!(
        (m.status, m.attempts, m.last_error.as_deref()),
        (MailStatus::Failed, 1, Some("550 5.1.1 no such mailbox")),
        "{e}"
    );
}

engine_tests!(multi_thread: two_senders_never_take_the_same_message);
async fn two_senders_never_take_the_same_message(t: TestDb) {
    let e = t.engine;
    let db = &t.db;
    for i in 0..120 {
        let id =
            app::testing::insert_user(db, &format!("u{i}@example.com"), UserStatus::Active).await;
        let u = users::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        outbox::queue(
            db,
            db.mail(),
            &Letter::PasswordChanged,
            &outbox::Recipient::user(&u),
            db.now(),
        )
        .await
        .unwrap();
    }
    let (a, b) = (Arc::new(Recorder::default()), Arc::new(Recorder::default()));
    let run = |r: Arc<Recorder>| {
        let db = db.clone();
        tokio::spawn(
            async move { while deliver_due(&db, r.as_ref()).await.unwrap().total() > 0 {} },
        )
    };
    let (x, y) = (run(a.clone()), run(b.clone()));
    x.await.unwrap();
    y.await.unwrap();
    let mut ids: Vec<Uuid> = a
        .sent
        .lock()
        .unwrap()
        .iter()
        .chain(b.sent.lock().unwrap().iter())
        .map(|m| m.0)
        .collect();
    ids.sort();
    let n = ids.len();
    ids.dedup();
    assert_eq!((n, ids.len()), (120, 120), "{e}: every message once");
    assert!(
        outbox_rows(db)
            .await
            .iter()
            .all(|m| m.status == MailStatus::Sent),
        "{e}"
    );
}
