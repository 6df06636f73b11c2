//! Staff sign-in and sessions, as services, on SQLite and PostgreSQL.
use app::engine_tests;
use app::testing::TestDb;

use app::auth::password::PasswordHasher;
use app::auth::secret_box::SecretBox;
use app::auth::session::{self, Device, Kind, SessionPolicy, Stage};
use app::auth::{guard, totp};
use app::db::{audit_log, staff};
use app::service::audit::{Actor, Origin};
use app::service::staff::{create_staff, NewStaff};
use app::service::staff_sign_in::{self, NextStep};
use app::service::ServiceError;
use app::testing::now;
use chrono::Duration;
use sea_orm::EntityTrait;

fn new_staff(email: &str, totp_secret: Option<Vec<u8>>) -> NewStaff {
    NewStaff {
        email: email.into(),
        name: "Sam Staff".into(),
        role: "Support".into(),
        password: "a long enough password".into(),
        totp_secret,
    }
}

engine_tests!(password_then_enrolment_then_codes_used_once);
async fn password_then_enrolment_then_codes_used_once(t: TestDb) {
    let hasher = PasswordHasher::new(2);
    let secrets = SecretBox::new(&[3u8; 32]);

    let db = &t.db;
    let id = create_staff(
        db,
        &hasher,
        &secrets,
        new_staff("Sam@Roster.test", None),
        &Actor::cli(),
    )
    .await
    .unwrap();
    let dup = create_staff(
        db,
        &hasher,
        &secrets,
        new_staff("sam@roster.TEST", None),
        &Actor::cli(),
    )
    .await;
    assert!(
        matches!(dup, Err(ServiceError::Validation { field: "email", .. })),
        "{}",
        t.engine
    );

    // Wrong password and unknown email are refused alike.
    let wrong = staff_sign_in::check_password(
        db,
        &hasher,
        "sam@roster.test",
        "wrong password!!",
        now(),
        &Origin::UNKNOWN,
    )
    .await;
    assert!(
        matches!(wrong, Err(ServiceError::SignInRefused("wrong password"))),
        "{}",
        t.engine
    );
    let unknown = staff_sign_in::check_password(
        db,
        &hasher,
        "who@roster.test",
        "a long enough password",
        now(),
        &Origin::UNKNOWN,
    )
    .await;
    assert!(
        matches!(unknown, Err(ServiceError::SignInRefused("unknown email"))),
        "{}",
        t.engine
    );
    let huge = staff_sign_in::check_password(
        db,
        &hasher,
        "sam@roster.test",
        &"x".repeat(1_000_000),
        now(),
        &Origin::UNKNOWN,
    )
    .await;
    assert!(
        matches!(
            huge,
            Err(ServiceError::SignInRefused("oversized credentials"))
        ),
        "{}",
        t.engine
    );
    let row = staff::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(row.failed_logins, 1, "{}", t.engine);

    // Right password (email in another case): not enrolled, so enrolment comes first.
    let (who, next) = staff_sign_in::check_password(
        db,
        &hasher,
        "SAM@roster.test",
        "a long enough password",
        now(),
        &Origin::UNKNOWN,
    )
    .await
    .unwrap();
    assert_eq!((who, next), (id, NextStep::Enrol), "{}", t.engine);
    let enrolment = staff_sign_in::enrolment(db, &secrets, id).await.unwrap();
    let again = staff_sign_in::enrolment(db, &secrets, id).await.unwrap();
    assert_eq!(
        enrolment.secret_base32, again.secret_base32,
        "{}: one pending secret",
        t.engine
    );
    assert!(enrolment.otpauth_uri.contains("issuer=Roster"));
    let secret = totp::from_base32(&enrolment.secret_base32).unwrap();

    // The secret is encrypted at rest.
    let row = staff::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let sealed = row.totp_secret_enc.unwrap();
    assert!(
        !sealed.windows(secret.len()).any(|w| w == secret.as_slice()),
        "{}",
        t.engine
    );

    let t0 = now();
    let code = totp::code_at(&secret, t0.timestamp() as u64).unwrap();
    let bad =
        staff_sign_in::confirm_enrolment(db, &secrets, id, "000000x", None, t0, &Actor::cli())
            .await;
    assert!(
        matches!(bad, Err(ServiceError::Validation { field: "code", .. })),
        "{}",
        t.engine
    );
    staff_sign_in::confirm_enrolment(db, &secrets, id, &code, None, t0, &Actor::cli())
        .await
        .unwrap();

    // Enrolled now: password leads to the code step; the enrolment code cannot be reused.
    let (_, next) = staff_sign_in::check_password(
        db,
        &hasher,
        "sam@roster.test",
        "a long enough password",
        now(),
        &Origin::UNKNOWN,
    )
    .await
    .unwrap();
    assert_eq!(next, NextStep::Code, "{}", t.engine);
    let replay = staff_sign_in::check_code(db, &secrets, id, &code, now(), &Origin::UNKNOWN).await;
    assert!(
        matches!(replay, Err(ServiceError::SignInRefused(_))),
        "{}: replay",
        t.engine
    );
    let t1 = t0 + Duration::seconds(30);
    let next_code = totp::code_at(&secret, t1.timestamp() as u64).unwrap();
    staff_sign_in::check_code(db, &secrets, id, &next_code, t1, &Origin::UNKNOWN)
        .await
        .unwrap();
    let replay =
        staff_sign_in::check_code(db, &secrets, id, &next_code, t1, &Origin::UNKNOWN).await;
    assert!(replay.is_err(), "{}: a code works once", t.engine);

    let row = staff::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        row.last_login_at.is_some() && row.totp_enrolled_at.is_some(),
        "{}",
        t.engine
    );
    let me = guard::load_staff(db, id).await.unwrap().unwrap();
    assert_eq!(me.role, "Support");
    assert!(me.can(app::model::Permission::UsersView));
    assert!(
        !me.can(app::model::Permission::UsersEdit),
        "{}: Support only views",
        t.engine
    );
    // One entry for the creation, one for the enrolment, and the sign-ins (the wrong
    // password among them); the secret appears in none.
    let audit = audit_log::Entity::find().all(db).await.unwrap();
    let changes = audit
        .iter()
        .filter(|a| !a.action.starts_with("staff.sign_in"))
        .map(|a| a.action.as_str())
        .collect::<Vec<_>>();
    assert_eq!(
        changes,
        ["staff.create", "staff.totp_enrol"],
        "{}",
        t.engine
    );
    assert!(
        audit
            .iter()
            .any(|a| a.action == "staff.sign_in_refused" && a.changes.contains("wrong password")),
        "{}",
        t.engine
    );
    assert!(audit
        .iter()
        .all(|a| !a.changes.contains(&enrolment.secret_base32)));
}

engine_tests!(sessions_expire_rotate_and_end);
async fn sessions_expire_rotate_and_end(t: TestDb) {
    let policy = SessionPolicy::default();

    let db = &t.db;
    let subject = uuid::Uuid::now_v7();
    let t0 = now();
    let s = session::create(
        db,
        Kind::Staff,
        subject,
        Stage::Password,
        &Device::default(),
        t0,
    )
    .await
    .unwrap();
    assert_eq!(s.token.len(), 64, "256-bit token");
    let loaded = session::load(db, &policy, Kind::Staff, &s.token, t0)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (loaded.subject_id, loaded.stage),
        (subject, Stage::Password)
    );
    assert!(
        session::load(db, &policy, Kind::User, &s.token, t0)
            .await
            .unwrap()
            .is_none(),
        "{}: kinds apart",
        t.engine
    );

    let full = session::rotate(db, Kind::Staff, &s, Stage::Full, &Device::default(), t0)
        .await
        .unwrap();
    assert_ne!(full.token, s.token);
    assert!(
        session::load(db, &policy, Kind::Staff, &s.token, t0)
            .await
            .unwrap()
            .is_none(),
        "{}: old token dead",
        t.engine
    );

    // Activity keeps a session alive; 31 idle minutes end it.
    let t1 = t0 + Duration::minutes(20);
    assert!(session::load(db, &policy, Kind::Staff, &full.token, t1)
        .await
        .unwrap()
        .is_some());
    let t2 = t1 + Duration::minutes(20);
    assert!(
        session::load(db, &policy, Kind::Staff, &full.token, t2)
            .await
            .unwrap()
            .is_some(),
        "{}: touched at t1",
        t.engine
    );
    let idle = t2 + Duration::minutes(31);
    assert!(
        session::load(db, &policy, Kind::Staff, &full.token, idle)
            .await
            .unwrap()
            .is_none(),
        "{}: idle",
        t.engine
    );

    // The absolute lifetime ends even an active session.
    let s = session::create(
        db,
        Kind::Staff,
        subject,
        Stage::Full,
        &Device::default(),
        t0,
    )
    .await
    .unwrap();
    let mut at = t0;
    while at < t0 + Duration::hours(12) {
        at += Duration::minutes(25);
        let alive = session::load(db, &policy, Kind::Staff, &s.token, at)
            .await
            .unwrap();
        assert_eq!(
            alive.is_some(),
            at - t0 <= Duration::hours(12),
            "{} at {at}",
            t.engine
        );
    }

    let a = session::create(
        db,
        Kind::Staff,
        subject,
        Stage::Full,
        &Device::default(),
        t0,
    )
    .await
    .unwrap();
    let b = session::create(
        db,
        Kind::Staff,
        subject,
        Stage::Full,
        &Device::default(),
        t0,
    )
    .await
    .unwrap();
    assert_eq!(
        session::end_all(db, Kind::Staff, subject).await.unwrap(),
        2,
        "{}",
        t.engine
    );
    assert!(session::load(db, &policy, Kind::Staff, &a.token, t0)
        .await
        .unwrap()
        .is_none());
    assert!(session::load(db, &policy, Kind::Staff, &b.token, t0)
        .await
        .unwrap()
        .is_none());
}

engine_tests!(a_staff_hash_with_older_parameters_is_upgraded_at_sign_in);
async fn a_staff_hash_with_older_parameters_is_upgraded_at_sign_in(t: TestDb) {
    use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, Version};
    use sea_orm::{ActiveModelTrait, Set};
    let hasher = PasswordHasher::new(2);
    let secrets = SecretBox::new(&[3u8; 32]);
    let weak = Argon2::new(
        Algorithm::Argon2i,
        Version::V0x13,
        Params::new(8192, 2, 1, None).unwrap(),
    )
    .hash_password(b"a long enough password")
    .unwrap()
    .to_string();

    let (db, e) = (&t.db, t.engine);
    let id = create_staff(
        db,
        &hasher,
        &secrets,
        new_staff("old@roster.test", None),
        &Actor::cli(),
    )
    .await
    .unwrap();
    let mut member: staff::ActiveModel = staff::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into();
    member.password_hash = Set(weak.clone());
    member.update(db).await.unwrap();

    staff_sign_in::check_password(
        db,
        &hasher,
        "old@roster.test",
        "a long enough password",
        now(),
        &Origin::UNKNOWN,
    )
    .await
    .unwrap();
    let stored = staff::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .password_hash;
    assert!(
        stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{e}: {stored}"
    );
    assert!(
        hasher
            .verify("a long enough password".into(), Some(stored))
            .await,
        "{e}"
    );
}
