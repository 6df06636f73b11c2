//! Links by mail on both engines: what a new user and a changed address are sent, forgot
//! password, a link's single use, purpose and expiry. Delivery goes through a recording
//! transport here; the real SMTP path is tested end to end.
mod mail_common;

use app::auth::password::PasswordHasher;
use app::db::{link_tokens, users};
use app::engine_tests;
use app::model::mail::{LinkError, LinkPurpose, MailKind, MailStatus};
use app::model::user_form::UserForm;
use app::model::user_list::UserStatus;
use app::service::audit::Origin;
use app::service::mail::sender::deliver_due;
use app::service::{self_service, users as user_service, ServiceError};
use app::testing::TestDb;
use chrono::Duration;
use mail_common::{audited, clocked, form, outbox_rows, staff, token, Recorder};
use sea_orm::EntityTrait;

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
        ..Origin::UNKNOWN
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
    let entry = audited(&db, "user.email_verify").await;
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
