//! A user's sessions on SQLite and PostgreSQL: listed with their devices for staff and for the
//! user, ended one at a time, all but the asker's, or everywhere; each end takes effect at the
//! session's next request and is audited as whoever did it.
mod mail_common;

use app::auth::session::{self, Device, Kind, SessionPolicy, Stage};
use app::db::audit_log;
use app::engine_tests;
use app::model::account::{SignInOutcome, SignInRefusal};
use app::model::user_list::UserStatus;
use app::service::audit::{Actor, ActorKind};
use app::service::sessions::Which;
use app::service::{user_sessions, ServiceError};
use app::testing::{self as support, now, TestDb};
use mail_common::staff;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";
const FIREFOX: &str =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0";

async fn signed_in(t: &TestDb, user: Uuid, agent: &str, stage: Stage) -> session::Session {
    let device = Device::new(Some("203.0.113.7".into()), Some(agent));
    session::create(&t.db, Kind::User, user, stage, &device, now())
        .await
        .unwrap()
}

async fn ended_by(t: &TestDb) -> Vec<(String, Option<Uuid>)> {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("user.sessions_end"))
        .order_by_asc(audit_log::Column::At)
        .all(&t.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| (e.actor_kind, e.actor_id))
        .collect()
}

engine_tests!(staff_and_the_user_see_and_end_the_users_sessions);
async fn staff_and_the_user_see_and_end_the_users_sessions(t: TestDb) {
    let (db, e, policy) = (&t.db, t.engine, SessionPolicy::default());
    let ann = support::insert_user(db, "ann@x.test", UserStatus::Active).await;
    let bob = support::insert_user(db, "bob@x.test", UserStatus::Active).await;
    let laptop = signed_in(&t, ann, CHROME, Stage::Full).await;
    let phone = signed_in(&t, ann, FIREFOX, Stage::Full).await;
    // Halfway through signing in: not a place the user is signed in yet.
    signed_in(&t, ann, FIREFOX, Stage::Password).await;
    let bobs = signed_in(&t, bob, CHROME, Stage::Full).await;

    let seen = user_sessions::list(db, &policy, ann, None, now())
        .await
        .unwrap();
    let mut devices: Vec<&str> = seen.iter().map(|s| s.device.as_str()).collect();
    devices.sort();
    assert_eq!(devices, ["Chrome on Linux", "Firefox on Windows 10"], "{e}");
    assert!(
        seen.iter()
            .all(|s| !s.current && s.ip.as_deref() == Some("203.0.113.7")),
        "{e}"
    );

    // Staff sign the phone out: its next request finds no session.
    let phone_row = &seen
        .iter()
        .find(|s| s.device.starts_with("Firefox"))
        .unwrap()
        .id;
    let sam = staff();
    user_sessions::end(db, ann, Which::One(phone_row), &sam)
        .await
        .unwrap();
    let after = session::load(db, &policy, Kind::User, &phone.token, now())
        .await
        .unwrap();
    assert!(after.is_none(), "{e}: signed out at once");
    assert!(
        session::load(db, &policy, Kind::User, &laptop.token, now())
            .await
            .unwrap()
            .is_some(),
        "{e}"
    );
    // Ended already, or another user's session: not found, nothing ended.
    let again = user_sessions::end(db, ann, Which::One(phone_row), &sam).await;
    assert!(
        matches!(again, Err(ServiceError::NotFound)),
        "{e}: {again:?}"
    );
    let bobs_row = user_sessions::list(db, &policy, bob, None, now())
        .await
        .unwrap()[0]
        .id
        .clone();
    let theirs = user_sessions::end(db, ann, Which::One(&bobs_row), &sam).await;
    assert!(
        matches!(theirs, Err(ServiceError::NotFound)),
        "{e}: {theirs:?}"
    );
    assert!(
        session::load(db, &policy, Kind::User, &bobs.token, now())
            .await
            .unwrap()
            .is_some(),
        "{e}"
    );

    // The user, from the laptop: theirs is marked, the others end.
    let tablet = signed_in(&t, ann, FIREFOX, Stage::Full).await;
    let mine = user_sessions::list(db, &policy, ann, Some(&laptop.token), now())
        .await
        .unwrap();
    assert_eq!(mine.iter().filter(|s| s.current).count(), 1, "{e}");
    let ann_actor = Actor {
        kind: ActorKind::User,
        id: Some(ann),
        label: "Ann".into(),
        ip: None,
        request_id: None,
    };
    user_sessions::end(db, ann, Which::AllBut(&laptop.token), &ann_actor)
        .await
        .unwrap();
    assert!(
        session::load(db, &policy, Kind::User, &tablet.token, now())
            .await
            .unwrap()
            .is_none(),
        "{e}"
    );
    let left = user_sessions::list(db, &policy, ann, Some(&laptop.token), now())
        .await
        .unwrap();
    assert_eq!(left.len(), 1, "{e}");
    assert!(left[0].current, "{e}");

    // Everywhere.
    user_sessions::end(db, ann, Which::All, &sam).await.unwrap();
    assert!(
        user_sessions::list(db, &policy, ann, None, now())
            .await
            .unwrap()
            .is_empty(),
        "{e}"
    );
    assert_eq!(
        ended_by(&t).await,
        [
            ("staff".to_owned(), sam.id),
            ("user".to_owned(), Some(ann)),
            ("staff".to_owned(), sam.id)
        ],
        "{e}: each end audited as who did it"
    );
    let nobody = user_sessions::list(db, &policy, Uuid::now_v7(), None, now()).await;
    assert!(matches!(nobody, Err(ServiceError::NotFound)), "{e}");
}

engine_tests!(every_sign_in_attempt_is_in_the_users_history);
async fn every_sign_in_attempt_is_in_the_users_history(t: TestDb) {
    use app::auth::{password::PasswordHasher, secret_box::SecretBox, totp};
    use app::db::users;
    use app::service::audit::Origin;
    use app::service::sign_in_history;
    use app::service::user_sign_in::{check_code, check_password, SignInPolicy, LOCK_AFTER};
    use chrono::Duration;
    use sea_orm::{ActiveModelTrait, Set};

    let (db, e) = (&t.db, t.engine);
    let (hasher, secrets) = (PasswordHasher::new(1), SecretBox::new(&[3u8; 32]));
    let secret = totp::new_secret();
    let ann = support::insert_user(db, "ann@x.test", UserStatus::Active).await;
    let set = |change: Box<dyn FnOnce(&mut users::ActiveModel) + Send>| async move {
        let mut u: users::ActiveModel = users::Entity::find_by_id(ann)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .into();
        change(&mut u);
        u.update(db).await.unwrap();
    };
    let hash = hasher.hash("a long passphrase 42".into()).await.unwrap();
    let sealed = secrets.seal(&secret);
    set(Box::new(move |u| {
        u.password_hash = Set(hash);
        u.email_verified = Set(true);
        u.totp_secret_enc = Set(Some(sealed));
        u.totp_enrolled_at = Set(Some(now()));
    }))
    .await;
    let origin = Origin {
        ip: Some("198.51.100.4".into()),
        device: Some("Firefox on Windows 10".into()),
        ..Origin::UNKNOWN
    };
    let policy = SignInPolicy::default();
    let attempt = |password: &'static str| {
        let (hasher, origin) = (&hasher, &origin);
        async move { check_password(db, hasher, policy, "ann@x.test", password, now(), origin).await }
    };
    attempt("not the passphrase").await.unwrap_err();
    attempt("a long passphrase 42").await.unwrap();
    let step = now().timestamp() as u64;
    let right = totp::code_at(&secret, step).unwrap();
    let wrong = format!("{:06}", (right.parse::<u32>().unwrap() + 1) % 1_000_000);
    check_code(db, &secrets, ann, &wrong, now(), &origin)
        .await
        .unwrap_err();
    check_code(db, &secrets, ann, &right, now(), &origin)
        .await
        .unwrap();
    set(Box::new(|u| u.email_verified = Set(false))).await;
    attempt("a long passphrase 42").await.unwrap_err();
    set(Box::new(|u| u.status = Set(UserStatus::Inactive))).await;
    attempt("a long passphrase 42").await.unwrap_err();
    set(Box::new(|u| {
        u.status = Set(UserStatus::Active);
        u.failed_logins = Set(LOCK_AFTER);
        u.locked_until = Set(Some(now() + Duration::minutes(15)));
    }))
    .await;
    attempt("a long passphrase 42").await.unwrap_err();
    set(Box::new(|u| {
        u.failed_logins = Set(1);
        u.locked_until = Set(Some(now() + Duration::seconds(30)));
    }))
    .await;
    attempt("a long passphrase 42").await.unwrap_err();

    let history = sign_in_history::of_user(db, ann).await.unwrap();
    let outcomes: Vec<&SignInOutcome> = history.iter().map(|a| &a.outcome).collect();
    let refused = SignInOutcome::Refused;
    assert_eq!(
        outcomes,
        [
            &refused(SignInRefusal::TooManyAttempts),
            &refused(SignInRefusal::Locked),
            &refused(SignInRefusal::Inactive),
            &refused(SignInRefusal::EmailNotVerified),
            &SignInOutcome::SignedIn,
            &refused(SignInRefusal::WrongCode),
            &refused(SignInRefusal::WrongPassword),
        ],
        "{e}: newest first"
    );
    assert!(
        history
            .iter()
            .all(|a| a.ip.as_deref() == Some("198.51.100.4")
                && a.device.as_deref() == Some("Firefox on Windows 10")),
        "{e}: {history:?}"
    );
}
