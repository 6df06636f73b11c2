//! What staff do with mail, on both engines: invite a user instead of setting a password,
//! see and expire a user's open links, read what was sent with its links hidden.
mod mail_common;

use app::auth::password::PasswordHasher;
use app::db::users;
use app::engine_tests;
use app::model::mail::{LinkError, LinkPurpose, MailKind, HIDDEN_LINK};
use app::model::messages::Message;
use app::model::user_form::UserForm;
use app::model::user_list::UserStatus;
use app::service::audit::Origin;
use app::service::mail::letters::Letter;
use app::service::mail::log;
use app::service::mail::sender::deliver_due;
use app::service::{self_service, users as user_service, ServiceError};
use app::testing::TestDb;
use chrono::Duration;
use mail_common::{audited, clocked, form, outbox_rows, staff, token, Recorder};
use sea_orm::EntityTrait;
use uuid::Uuid;

engine_tests!(an_invited_user_chooses_their_password_and_is_verified);
async fn an_invited_user_chooses_their_password_and_is_verified(t: TestDb) {
    let e = t.engine;
    let (db, clock) = clocked(&t);
    let hasher = PasswordHasher::new(2);
    let no_password = UserForm {
        password: Default::default(),
        ..form("ivy@example.com")
    };
    let refused = user_service::create_user(&db, &hasher, no_password.clone(), &staff()).await;
    assert!(
        matches!(&refused, Err(ServiceError::Fields(f)) if f[0].field == "password"),
        "{e}: without an invitation a password is required: {refused:?}"
    );
    let invited = UserForm {
        invite: true,
        ..no_password
    };
    let id = user_service::create_user(&db, &hasher, invited, &staff())
        .await
        .unwrap();
    let kinds: Vec<MailKind> = outbox_rows(&db).await.iter().map(|m| m.kind).collect();
    assert_eq!(
        kinds,
        [MailKind::Invitation],
        "{e}: no separate verification"
    );
    let created = audited(&db, "user.create").await;
    assert!(
        created.changes.contains("invitation sent"),
        "{e}: {}",
        created.changes
    );
    let user = users::Entity::find_by_id(id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        !hasher.verify("".into(), Some(user.password_hash)).await,
        "{e}: no password works before the user chooses one"
    );

    let transport = Recorder::default();
    deliver_due(&db, &transport).await.unwrap();
    let link = transport.link_to("ivy@example.com");
    assert!(
        link.starts_with("http://localhost:3000/invitation/"),
        "{e}: {link}"
    );
    let accept = |purpose| {
        let (db, hasher, token) = (db.clone(), hasher.clone(), token(&link));
        async move {
            let origin = Origin::UNKNOWN;
            let password = "quiet harbour lanterns 7";
            self_service::set_password_by_link(
                &db,
                &hasher,
                &token,
                purpose,
                password,
                &origin,
                db.now(),
            )
            .await
        }
    };
    let wrong = accept(LinkPurpose::ResetPassword).await;
    assert!(
        matches!(wrong, Err(ServiceError::Link(LinkError::Invalid))),
        "{e}: an invitation is not a reset link: {wrong:?}"
    );
    clock.advance(Duration::hours(71));
    accept(LinkPurpose::Invitation).await.unwrap();
    let user = users::Entity::find_by_id(id)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert!(user.email_verified, "{e}: the link came to the address");
    assert!(
        hasher
            .verify("quiet harbour lanterns 7".into(), Some(user.password_hash))
            .await,
        "{e}"
    );
    let accepted = audited(&db, "user.invitation_accept").await;
    assert_eq!(
        (accepted.actor_kind.as_str(), accepted.actor_id),
        ("user", Some(id)),
        "{e}"
    );
    assert_eq!(
        outbox_rows(&db).await.len(),
        1,
        "{e}: a first password is no change to be warned of"
    );
}

engine_tests!(staff_see_a_users_open_links_and_expire_them);
async fn staff_see_a_users_open_links_and_expire_them(t: TestDb) {
    let e = t.engine;
    let (db, _) = clocked(&t);
    let hasher = PasswordHasher::new(2);
    let id = app::testing::insert_user(&db, "ann@example.com", UserStatus::Active).await;
    self_service::send_link(&db, id, Letter::PasswordReset, &staff(), db.now())
        .await
        .unwrap();
    let open = self_service::open_links(&db, id, db.now()).await.unwrap();
    assert_eq!(
        open.iter()
            .map(|l| (l.purpose, l.sent_to.as_str(), l.expires_at))
            .collect::<Vec<_>>(),
        [(
            LinkPurpose::ResetPassword,
            "ann@example.com",
            db.now() + Duration::hours(1)
        )],
        "{e}"
    );
    let transport = Recorder::default();
    deliver_due(&db, &transport).await.unwrap();
    let link = token(&transport.link_to("ann@example.com"));
    let nothing_open = async || {
        self_service::open_links(&db, id, db.now())
            .await
            .unwrap()
            .is_empty()
    };

    self_service::expire_links(&db, id, LinkPurpose::ResetPassword, &staff(), db.now())
        .await
        .unwrap();
    assert!(nothing_open().await, "{e}");
    let dead = self_service::check_link(&db, &link, LinkPurpose::ResetPassword, db.now()).await;
    assert!(
        matches!(dead, Err(ServiceError::Link(LinkError::Invalid))),
        "{e}: {dead:?}"
    );
    let expired = audited(&db, "user.link_expire").await;
    assert_eq!(expired.actor_label, "Sam", "{e}");
    let again =
        self_service::expire_links(&db, id, LinkPurpose::ResetPassword, &staff(), db.now()).await;
    assert!(
        matches!(again, Err(ServiceError::Conflict)),
        "{e}: nothing open to expire: {again:?}"
    );

    // A new password from staff ends a reset link asked for before it.
    self_service::send_link(&db, id, Letter::PasswordReset, &staff(), db.now())
        .await
        .unwrap();
    let edit = user_service::load_for_edit(&db, id).await.unwrap();
    let changed = UserForm {
        password: "tidal copper meadow 77".into(),
        ..edit.form
    };
    user_service::update_user(&db, &hasher, id, edit.version, changed, false, &staff())
        .await
        .unwrap();
    assert!(nothing_open().await, "{e}");
}

engine_tests!(staff_read_messages_with_their_links_hidden);
async fn staff_read_messages_with_their_links_hidden(t: TestDb) {
    let e = t.engine;
    let db = &t.db;
    let id = app::testing::insert_user(db, "ann@example.com", UserStatus::Active).await;
    self_service::send_link(db, id, Letter::PasswordReset, &staff(), db.now())
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
    let refused =
        self_service::send_link(db, inactive, Letter::PasswordReset, &staff(), db.now()).await;
    assert!(
        matches!(
            refused,
            Err(ServiceError::Validation {
                field: "purpose",
                message: Message::InactiveNoLink
            })
        ),
        "{e}: {refused:?}"
    );
}
