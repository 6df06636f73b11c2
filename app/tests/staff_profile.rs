//! A staff member's own account as services, on SQLite and PostgreSQL: the first sign-in
//! with a one-time password, and My profile (sessions, password, a new authenticator).
mod staff_common;

use app::auth::session::{self, Device, Kind, SessionPolicy, Stage};
use app::auth::totp;
use app::db::staff;
use app::engine_tests;
use app::model::messages::Message;
use app::service::audit::{Actor, Origin};
use app::service::sessions::Which;
use app::service::staff::add_staff;
use app::service::staff_profile;
use app::service::staff_rules::SUPPORT;
use app::service::{staff_sign_in, ServiceError};
use app::testing::{now, TestDb};
use sea_orm::EntityTrait;
use staff_common::{acting, form, hasher, member, secrets, signed_in, PASSWORD};

engine_tests!(a_one_time_password_is_replaced_at_the_first_sign_in);
async fn a_one_time_password_is_replaced_at_the_first_sign_in(t: TestDb) {
    let (db, hasher, secrets) = (&t.db, hasher(), secrets());
    let created = add_staff(
        db,
        &hasher,
        &secrets,
        &form("Nia New", "nia@roster.test", SUPPORT),
        false,
        &Actor::cli(),
    )
    .await
    .unwrap();
    let otp = created.one_time_password.clone().expect("shown once");
    let (id, next) = staff_sign_in::check_password(
        db,
        &hasher,
        "nia@roster.test",
        &otp,
        now(),
        &Origin::UNKNOWN,
    )
    .await
    .unwrap();
    assert_eq!((id, next), (created.id, staff_sign_in::NextStep::Enrol));
    let enrolment = staff_sign_in::enrolment(db, &secrets, id).await.unwrap();
    assert!(enrolment.must_change_password);
    let secret = totp::from_base32(&enrolment.secret_base32).unwrap();
    let code = totp::code_at(&secret, now().timestamp() as u64).unwrap();
    // Without a password of their own, enrolment is refused (and nothing is enrolled).
    let keep = staff_sign_in::chosen_password_hash(db, &hasher, id, None).await;
    assert!(matches!(
        keep,
        Err(ServiceError::Validation {
            message: Message::NewPasswordNeeded,
            ..
        })
    ));
    let missing =
        staff_sign_in::confirm_enrolment(db, &secrets, id, &code, None, now(), &Actor::cli()).await;
    assert!(matches!(
        missing,
        Err(ServiceError::Validation {
            message: Message::NewPasswordNeeded,
            ..
        })
    ));
    let weak = staff_sign_in::chosen_password_hash(db, &hasher, id, Some("short")).await;
    assert!(matches!(
        weak,
        Err(ServiceError::Validation {
            field: "password",
            ..
        })
    ));
    let hash = staff_sign_in::chosen_password_hash(db, &hasher, id, Some("my very own password 7"))
        .await
        .unwrap();
    staff_sign_in::confirm_enrolment(db, &secrets, id, &code, hash, now(), &Actor::cli())
        .await
        .unwrap();
    let stored = staff::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        !stored.must_change_password && stored.totp_enrolled_at.is_some(),
        "{}",
        t.engine
    );
    // The one-time password works no more; theirs does.
    let old = staff_sign_in::check_password(
        db,
        &hasher,
        "nia@roster.test",
        &otp,
        now(),
        &Origin::UNKNOWN,
    )
    .await;
    assert!(old.is_err());
    let new = staff_sign_in::check_password(
        db,
        &hasher,
        "nia@roster.test",
        "my very own password 7",
        now(),
        &Origin::UNKNOWN,
    )
    .await;
    assert!(new.is_ok(), "{new:?}");
}

engine_tests!(my_profile_password_authenticator_and_sessions);
async fn my_profile_password_authenticator_and_sessions(t: TestDb) {
    let (db, hasher, secrets) = (&t.db, hasher(), secrets());
    let policy = SessionPolicy::default();
    let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    let sam = member(&t, "sam@roster.test", "Support").await;
    let other = member(&t, "ola@roster.test", "Support").await;
    let mine = session::create(
        db,
        Kind::Staff,
        sam,
        Stage::Full,
        &Device::new(Some("10.0.0.1".into()), Some(firefox)),
        now(),
    )
    .await
    .unwrap();
    let laptop = signed_in(db, sam).await;
    let theirs = signed_in(db, other).await;

    let list = staff_profile::my_sessions(db, &policy, sam, &mine.token, now())
        .await
        .unwrap();
    assert_eq!(list.len(), 2, "{}", t.engine);
    let current = list.iter().find(|s| s.current).unwrap();
    assert_eq!(
        (current.device.as_str(), current.ip.as_deref()),
        ("Firefox on Linux", Some("10.0.0.1"))
    );
    // Someone else's session is not mine to end.
    let their_list = staff_profile::my_sessions(db, &policy, other, &theirs.token, now())
        .await
        .unwrap();
    let refused =
        staff_profile::end_my_sessions(db, sam, Which::One(&their_list[0].id), &acting(sam)).await;
    assert!(matches!(refused, Err(ServiceError::NotFound)));
    let laptop_row = list.iter().find(|s| !s.current).unwrap();
    staff_profile::end_my_sessions(db, sam, Which::One(&laptop_row.id), &acting(sam))
        .await
        .unwrap();
    assert!(
        session::load(db, &policy, Kind::Staff, &laptop.token, now())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        session::load(db, &policy, Kind::Staff, &theirs.token, now())
            .await
            .unwrap()
            .is_some()
    );

    // Password: the current one is needed; other sessions end, this one stays.
    let again = signed_in(db, sam).await;
    let wrong = staff_profile::change_password(
        db,
        &hasher,
        sam,
        ("not mine at all", "a new long password 42"),
        &mine.token,
        &acting(sam),
    )
    .await;
    assert!(matches!(
        wrong,
        Err(ServiceError::Validation {
            field: "current",
            ..
        })
    ));
    staff_profile::change_password(
        db,
        &hasher,
        sam,
        (PASSWORD, "a new long password 42"),
        &mine.token,
        &acting(sam),
    )
    .await
    .unwrap();
    assert!(session::load(db, &policy, Kind::Staff, &again.token, now())
        .await
        .unwrap()
        .is_none());
    assert!(session::load(db, &policy, Kind::Staff, &mine.token, now())
        .await
        .unwrap()
        .is_some());

    // Re-enrolment: a code of the current authenticator and one of the new.
    let stored = staff::Entity::find_by_id(sam)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let old = secrets
        .open(stored.totp_secret_enc.as_deref().unwrap())
        .unwrap();
    let enrolment = staff_profile::start_reenrolment(db, &secrets, sam)
        .await
        .unwrap();
    let pending = enrolment.pending.clone().unwrap();
    let new = totp::from_base32(&enrolment.secret_base32).unwrap();
    let at = now().timestamp() as u64;
    let (old_code, new_code) = (
        totp::code_at(&old, at).unwrap(),
        totp::code_at(&new, at).unwrap(),
    );
    let wrong_current = staff_profile::confirm_reenrolment(
        db,
        &secrets,
        sam,
        ("000000", &new_code),
        &pending,
        &acting(sam),
    )
    .await;
    assert!(matches!(
        wrong_current,
        Err(ServiceError::Validation {
            field: "current_code",
            ..
        })
    ));
    // A sealed secret made for someone else does not apply to me.
    let ola = staff_profile::start_reenrolment(db, &secrets, other)
        .await
        .unwrap();
    let foreign = staff_profile::confirm_reenrolment(
        db,
        &secrets,
        sam,
        (&old_code, &new_code),
        ola.pending.as_deref().unwrap(),
        &acting(sam),
    )
    .await;
    assert!(matches!(foreign, Err(ServiceError::Conflict)));
    staff_profile::confirm_reenrolment(
        db,
        &secrets,
        sam,
        (&old_code, &new_code),
        &pending,
        &acting(sam),
    )
    .await
    .unwrap();
    let stored = staff::Entity::find_by_id(sam)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        secrets
            .open(stored.totp_secret_enc.as_deref().unwrap())
            .unwrap(),
        new
    );
    // The codes are used up.
    let replay = staff_profile::confirm_reenrolment(
        db,
        &secrets,
        sam,
        (&old_code, &new_code),
        &pending,
        &acting(sam),
    )
    .await;
    assert!(replay.is_err());

    // Sign out all others.
    let extra = signed_in(db, sam).await;
    staff_profile::end_my_sessions(db, sam, Which::AllBut(&mine.token), &acting(sam))
        .await
        .unwrap();
    assert!(session::load(db, &policy, Kind::Staff, &extra.token, now())
        .await
        .unwrap()
        .is_none());
    let left = staff_profile::my_sessions(db, &policy, sam, &mine.token, now())
        .await
        .unwrap();
    assert_eq!(left.len(), 1);
}
