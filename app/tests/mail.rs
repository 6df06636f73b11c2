//! Mail on both engines: what each change queues, the links' single use and expiry, the
//! outbox's delivery (retries with backoff, permanent failures, giving up after a day), two
//! senders never taking the same message, and the log hiding links from staff. Delivery goes
//! through a recording transport here; the real SMTP path is tested end to end.
use app::auth::password::PasswordHasher;
use app::clock::ManualClock;
use app::db::{audit_log, link_tokens, mail_outbox, users};
use app::engine_tests;
use app::model::mail::{LinkError, LinkPurpose, MailKind, MailStatus, HIDDEN_LINK};
use app::model::user_form::UserForm;
use app::model::user_list::UserStatus;
use app::service::audit::{Actor, ActorKind, Origin};
use app::service::mail::sender::deliver_due;
use app::service::mail::smtp::{Outgoing, SendError, Transport};
use app::service::mail::{log, outbox};
use app::service::{self_service, users as user_service, ServiceError};
use app::testing::TestDb;
use chrono::{Duration, TimeZone, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// What a transport was given, and what it answers next.
#[derive(Default)]
struct Recorder {
    sent: Mutex<Vec<(Uuid, String, String, String)>>,
    answer: Mutex<Option<SendError>>,
}

#[async_trait::async_trait]
impl Transport for Recorder {
    async fn send(&self, m: Outgoing<'_>) -> Result<(), SendError> {
        if let Some(e) = self.answer.lock().unwrap().clone() {
            return Err(e);
        }
        self.sent
            .lock()
            .unwrap()
            .push((m.id, m.to.to_owned(), m.subject.to_owned(), m.text));
        Ok(())
    }
}

impl Recorder {
    fn answering(&self, answer: Option<SendError>) {
        *self.answer.lock().unwrap() = answer;
    }

    /// The link in the last message to `to`.
    fn link_to(&self, to: &str) -> String {
        let sent = self.sent.lock().unwrap();
        let (_, _, _, text) = sent
            .iter()
            .rev()
            .find(|m| m.1 == to)
            .expect("a message to them");
        text.split_whitespace()
            .find(|w| w.starts_with("http://"))
            .expect("a link")
            .to_owned()
    }
}

fn token(link: &str) -> String {
    link.rsplit('/').next().unwrap().to_owned()
}

fn staff() -> Actor {
    Actor {
        kind: ActorKind::Staff,
        id: Some(Uuid::now_v7()),
        label: "Sam".into(),
        ip: None,
        request_id: None,
    }
}

fn form(email: &str) -> UserForm {
    UserForm {
        email: email.into(),
        password: "vivid orbit tundra".into(),
        first_name: "Ann".into(),
        last_name: "Lee".into(),
        language: "de".into(),
        ..Default::default()
    }
}

fn clocked(t: &TestDb) -> (app::db::Db, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::at(
        Utc.with_ymd_and_hms(2031, 5, 6, 7, 8, 9).unwrap(),
    ));
    (t.db.clone().with_clock(clock.clone()), clock)
}

async fn outbox_rows(db: &app::db::Db) -> Vec<mail_outbox::Model> {
    mail_outbox::Entity::find()
        .order_by_asc(mail_outbox::Column::CreatedAt)
        .order_by_asc(mail_outbox::Column::Id)
        .all(db)
        .await
        .unwrap()
}

engine_tests!(a_new_user_verifies_their_address_by_the_link_once);
async fn a_new_user_verifies_their_address_by_the_link_once(t: TestDb) {
    let e = t.engine;
    let (db, _) = clocked(&t);
    let hasher = PasswordHasher::new(2);
    let id = user_service::create_user(&db, &hasher, form("ann@example.com"), &staff())
        .await
        .unwrap();
    let queued = outbox_rows(&db).await;
    assert_eq!(queued.len(), 1, "{e}");
    let m = &queued[0];
    assert_eq!(
        (m.kind, m.status, m.user_id, m.language.as_str()),
        (MailKind::VerifyEmail, MailStatus::Queued, Some(id), "de"),
        "{e}"
    );
    assert_eq!(
        m.subject, "Bestätigen Sie Ihre E-Mail-Adresse",
        "{e}: in the user's language"
    );
    assert!(m.link_secret.is_some(), "{e}: the token waits sealed");

    let transport = Recorder::default();
    let done = deliver_due(&db, &transport).await.unwrap();
    assert_eq!(done.sent, 1, "{e}");
    let link = transport.link_to("ann@example.com");
    assert!(
        link.starts_with("http://localhost:3000/verify-email/"),
        "{e}: {link}"
    );
    let sent = &outbox_rows(&db).await[0];
    assert_eq!(sent.status, MailStatus::Sent, "{e}");
    assert!(
        sent.link_secret.is_none(),
        "{e}: nothing left to open the link with"
    );
    assert!(
        !sent.text_body.contains(&token(&link)) && !sent.html_body.contains(&token(&link)),
        "{e}"
    );
    let hashes: Vec<Vec<u8>> = link_tokens::Entity::find()
        .all(&db)
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.token_hash)
        .collect();
    assert!(hashes.iter().all(|h| h.len() == 32 && !h.windows(8).any(|w| token(&link).as_bytes().starts_with(w))), "{e}");

    let origin = Origin {
        ip: Some("198.51.100.7".into()),
        request_id: None,
    };
    self_service::verify_email(&db, &token(&link), &origin, db.now())
        .await
        .unwrap();
    let user = users::Entity::find_by_id(id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(user.email_verified, "{e}");
    assert_eq!(
        user.version, 2,
        "{e}: a verification is a change (open forms learn of it)"
    );
    let entry = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("user.email_verify"))
        .one(&db)
        .await
        .unwrap()
        .expect("audited");
    assert_eq!(
        (
            entry.actor_kind.as_str(),
            entry.actor_id,
            entry.ip.as_deref()
        ),
        ("user", Some(id), Some("198.51.100.7")),
        "{e}"
    );
    let again = self_service::verify_email(&db, &token(&link), &origin, db.now()).await;
    assert!(
        matches!(again, Err(ServiceError::Link(LinkError::Used))),
        "{e}: {again:?}"
    );
    let forged = self_service::verify_email(&db, "AAAA", &origin, db.now()).await;
    assert!(
        matches!(forged, Err(ServiceError::Link(LinkError::Invalid))),
        "{e}: {forged:?}"
    );
}

engine_tests!(a_verification_link_for_an_old_address_verifies_nothing);
async fn a_verification_link_for_an_old_address_verifies_nothing(t: TestDb) {
    let e = t.engine;
    let (db, _) = clocked(&t);
    let hasher = PasswordHasher::new(2);
    let id = user_service::create_user(&db, &hasher, form("old@example.com"), &staff())
        .await
        .unwrap();
    let transport = Recorder::default();
    deliver_due(&db, &transport).await.unwrap();
    let old_link = transport.link_to("old@example.com");
    let edit = user_service::load_for_edit(&db, id).await.unwrap();
    let changed = UserForm {
        email: "new@example.com".into(),
        password: Default::default(),
        ..edit.form
    };
    user_service::update_user(&db, &hasher, id, edit.version, changed, false, &staff())
        .await
        .unwrap();
    deliver_due(&db, &transport).await.unwrap();
    let kinds: Vec<(MailKind, String)> = outbox_rows(&db)
        .await
        .into_iter()
        .map(|m| (m.kind, m.to_address))
        .collect();
    assert_eq!(
        kinds,
        [
            (MailKind::VerifyEmail, "old@example.com".into()),
            (MailKind::EmailChanged, "old@example.com".into()),
            (MailKind::VerifyEmail, "new@example.com".into()),
        ],
        "{e}: the old address is told, the new one asked to verify"
    );
    let refused =
        self_service::verify_email(&db, &token(&old_link), &Origin::UNKNOWN, db.now()).await;
    assert!(
        matches!(refused, Err(ServiceError::Link(LinkError::Invalid))),
        "{e}: {refused:?}"
    );
    let new_link = transport.link_to("new@example.com");
    self_service::verify_email(&db, &token(&new_link), &Origin::UNKNOWN, db.now())
        .await
        .unwrap();
    assert!(
        users::Entity::find_by_id(id)
            .one(&db)
            .await
            .unwrap()
            .unwrap()
            .email_verified,
        "{e}"
    );
}

engine_tests!(forgot_password_sends_a_one_hour_link_only_to_accounts_that_may_sign_in);
async fn forgot_password_sends_a_one_hour_link_only_to_accounts_that_may_sign_in(t: TestDb) {
    let e = t.engine;
    let (db, clock) = clocked(&t);
    let hasher = PasswordHasher::new(2);
    let active = app::testing::insert_user(&db, "ann@example.com", UserStatus::Active).await;
    app::testing::insert_user(&db, "ina@example.com", UserStatus::Inactive).await;
    for email in [
        "ANN@example.com ",
        "ina@example.com",
        "nobody@example.com",
        "",
    ] {
        self_service::forgot_password(&db, email, db.now())
            .await
            .unwrap();
    }
    let queued = outbox_rows(&db).await;
    assert_eq!(
        queued
            .iter()
            .map(|m| (m.kind, m.to_address.as_str()))
            .collect::<Vec<_>>(),
        [(MailKind::PasswordReset, "ann@example.com")],
        "{e}"
    );

    let transport = Recorder::default();
    deliver_due(&db, &transport).await.unwrap();
    let first = token(&transport.link_to("ann@example.com"));
    // A second request replaces the first link.
    self_service::forgot_password(&db, "ann@example.com", db.now())
        .await
        .unwrap();
    deliver_due(&db, &transport).await.unwrap();
    let second = token(&transport.link_to("ann@example.com"));
    let reset = |token: String, password: &'static str| {
        let (db, hasher) = (db.clone(), hasher.clone());
        async move {
            self_service::set_password_by_link(
                &db,
                &hasher,
                &token,
                LinkPurpose::ResetPassword,
                password,
                &Origin::UNKNOWN,
                db.now(),
            )
            .await
        }
    };
    assert!(
        matches!(
            reset(first, "quiet harbour lanterns 7").await,
            Err(ServiceError::Link(LinkError::Invalid))
        ),
        "{e}"
    );
    assert!(
        matches!(
            reset(second.clone(), "short").await,
            Err(ServiceError::Fields(_))
        ),
        "{e}: the policy applies"
    );
    assert!(
        matches!(
            self_service::set_password_by_link(
                &db,
                &hasher,
                &second,
                LinkPurpose::Invitation,
                "quiet harbour lanterns 7",
                &Origin::UNKNOWN,
                db.now()
            )
            .await,
            Err(ServiceError::Link(LinkError::Invalid))
        ),
        "{e}: a reset link is not an invitation"
    );
    clock.advance(Duration::minutes(61));
    assert!(
        matches!(
            reset(second, "quiet harbour lanterns 7").await,
            Err(ServiceError::Link(LinkError::Expired))
        ),
        "{e}"
    );

    clock.advance(Duration::minutes(1));
    self_service::forgot_password(&db, "ann@example.com", db.now())
        .await
        .unwrap();
    deliver_due(&db, &transport).await.unwrap();
    let third = token(&transport.link_to("ann@example.com"));
    reset(third.clone(), "quiet harbour lanterns 7")
        .await
        .unwrap();
    let user = users::Entity::find_by_id(active)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        hasher
            .verify("quiet harbour lanterns 7".into(), Some(user.password_hash))
            .await,
        "{e}"
    );
    assert!(
        matches!(
            reset(third, "another long password 9").await,
            Err(ServiceError::Link(LinkError::Used))
        ),
        "{e}"
    );
    let last = outbox_rows(&db).await.pop().unwrap();
    assert_eq!(
        (last.kind, last.to_address.as_str()),
        (MailKind::PasswordChanged, "ann@example.com"),
        "{e}: told of the change"
    );
}

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
    self_service::send_link(
        &db,
        id,
        app::service::mail::letters::Letter::PasswordReset,
        &staff(),
        db.now(),
    )
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
            &app::service::mail::letters::Letter::PasswordChanged,
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

engine_tests!(staff_read_messages_with_their_links_hidden);
async fn staff_read_messages_with_their_links_hidden(t: TestDb) {
    let e = t.engine;
    let db = &t.db;
    let id = app::testing::insert_user(db, "ann@example.com", UserStatus::Active).await;
    self_service::send_link(
        db,
        id,
        app::service::mail::letters::Letter::PasswordReset,
        &staff(),
        db.now(),
    )
    .await
    .unwrap();
    let row = outbox_rows(db).await.remove(0);
    let message = log::open(db, row.id).await.unwrap();
    assert!(
        message
            .text_body
            .contains(&format!("/reset-password/{HIDDEN_LINK}")),
        "{e}: {}",
        message.text_body
    );
    assert!(
        message.html_body.contains(HIDDEN_LINK) && !message.html_body.contains('\u{1}'),
        "{e}"
    );
    assert_eq!(message.row.user.map(|u| u.0), Some(id), "{e}");
    let mine = log::list(
        db,
        &app::model::mail::MailQuery {
            user: Some(id),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert_eq!(mine.rows.len(), 1, "{e}");
    let theirs = log::list(
        db,
        &app::model::mail::MailQuery {
            user: Some(Uuid::now_v7()),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    assert!(theirs.rows.is_empty(), "{e}");
    // A staff action on an inactive account sends nothing.
    let inactive = app::testing::insert_user(db, "ina@example.com", UserStatus::Inactive).await;
    let refused = self_service::send_link(
        db,
        inactive,
        app::service::mail::letters::Letter::PasswordReset,
        &staff(),
        db.now(),
    )
    .await;
    assert!(
        matches!(refused, Err(ServiceError::Conflict)),
        "{e}: {refused:?}"
    );
}
