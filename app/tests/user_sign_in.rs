//! The client area's sign-in, with a controlled clock: refusals, TOTP window and replay,
//! recovery codes, throttling and locks, NEW -> ACTIVE, sessions; on SQLite and PostgreSQL.
use app::auth::password::PasswordHasher;
use app::auth::secret_box::SecretBox;
use app::auth::session::{self, Device, Kind, SessionPolicy, Stage};
use app::auth::totp;
use app::db::users;
use app::engine_tests;
use app::model::user_list::UserStatus;
use app::service::account::unlock_user;
use app::service::audit::{Actor, Origin};
use app::service::throttle::{self, Limit};
use app::service::user_sign_in::{
    check_code, check_password, confirm_enrolment, enrolment, is_locked, PasswordAccepted,
    SignInPolicy, UserNext, LOCK_AFTER,
};
use app::service::ServiceError;
use app::testing as support;
use app::testing::TestDb;
use chrono::{DateTime, Duration, TimeZone, Utc};
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use uuid::Uuid;

const PASSWORD: &str = "a long passphrase for tests";

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 25, 12, 0, 0).unwrap()
}

async fn user(
    db: &app::db::Db,
    hasher: &PasswordHasher,
    email: &str,
    change: impl FnOnce(&mut users::ActiveModel),
) -> Uuid {
    let id = support::insert_user(db, email, UserStatus::New).await;
    let mut u: users::ActiveModel = users::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into();
    u.password_hash = Set(hasher.hash(PASSWORD.into()).await.unwrap());
    change(&mut u);
    u.update(db).await.unwrap();
    id
}

async fn get(db: &app::db::Db, id: Uuid) -> users::Model {
    users::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

fn refused(result: Result<impl std::fmt::Debug, ServiceError>) -> String {
    match result {
        Err(ServiceError::SignInRefused(_)) => "refused".into(),
        Err(ServiceError::SignInBlocked(message)) => message.to_string(),
        Err(ServiceError::TooManyAttempts(secs)) => format!("wait {secs}"),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Enrols `id` at `now` through the real steps; returns the secret and the recovery codes.
async fn enrol(
    db: &app::db::Db,
    secrets: &SecretBox,
    id: Uuid,
    now: DateTime<Utc>,
) -> (Vec<u8>, Vec<String>) {
    let e = enrolment(db, secrets, id).await.unwrap();
    let secret = totp::from_base32(&e.secret_base32).unwrap();
    let code = totp::code_at(&secret, now.timestamp() as u64).unwrap();
    let codes = confirm_enrolment(db, secrets, id, &code, now, &Actor::cli())
        .await
        .unwrap();
    (secret, codes)
}

engine_tests!(refusals_come_in_the_right_order_and_new_becomes_active);
async fn refusals_come_in_the_right_order_and_new_becomes_active(t: TestDb) {
    let (hasher, policy) = (PasswordHasher::new(1), SignInPolicy::default());

    let (db, e) = (&t.db, t.engine);
    let ann = user(db, &hasher, "ann@x.test", |_| {}).await;
    let off = user(db, &hasher, "off@x.test", |u| {
        u.status = Set(UserStatus::Inactive)
    })
    .await;
    let unverified = user(db, &hasher, "new@x.test", |u| u.email_verified = Set(false)).await;
    let sign_in = |email: &'static str, password: &'static str| {
        check_password(db, &hasher, policy, email, password, t0(), &Origin::UNKNOWN)
    };
    assert_eq!(
        refused(sign_in("nobody@x.test", PASSWORD).await),
        "refused",
        "{e}"
    );
    assert_eq!(
        refused(sign_in("off@x.test", "wrong password!").await),
        "refused",
        "{e}: no hint before a correct password"
    );
    assert_eq!(
        refused(sign_in("off@x.test", PASSWORD).await),
        "This account is disabled. Contact support.",
        "{e}"
    );
    assert_eq!(
        refused(sign_in("new@x.test", PASSWORD).await),
        "Your email address is not verified yet. Open the link we sent you, or have it sent again.",
        "{e}"
    );
    let relaxed = SignInPolicy {
        require_verified_email: false,
        ..policy
    };
    let PasswordAccepted { id, next, .. } = check_password(
        db,
        &hasher,
        relaxed,
        "new@x.test",
        PASSWORD,
        t0(),
        &Origin::UNKNOWN,
    )
    .await
    .unwrap();
    assert_eq!(
        (id, next),
        (unverified, UserNext::Done),
        "{e}: the policy can be turned off"
    );

    assert_eq!(get(db, ann).await.status, UserStatus::New, "{e}");
    let PasswordAccepted { id, next, language } = sign_in("ANN@x.test", PASSWORD).await.unwrap();
    assert_eq!((id, next), (ann, UserNext::Done), "{e}");
    assert_eq!(language, "en", "{e}: the client area switches to it");
    let signed_in = get(db, ann).await;
    assert_eq!(
        signed_in.status,
        UserStatus::Active,
        "{e}: the first sign-in activates"
    );
    assert_eq!(signed_in.last_login_at, Some(t0()), "{e}");
    assert_eq!(
        signed_in.version, 2,
        "{e}: an edit form opened before sees the change"
    );
    assert_eq!(get(db, off).await.status, UserStatus::Inactive, "{e}");
}

engine_tests!(totp_window_replay_and_recovery_codes);
async fn totp_window_replay_and_recovery_codes(t: TestDb) {
    let (hasher, policy, secrets) = (
        PasswordHasher::new(1),
        SignInPolicy::default(),
        SecretBox::new(&[3; 32]),
    );

    let (db, e) = (&t.db, t.engine);
    let id = user(db, &hasher, "tfa@x.test", |u| {
        u.two_factor_required = Set(true)
    })
    .await;
    let PasswordAccepted { next, .. } = check_password(
        db,
        &hasher,
        policy,
        "tfa@x.test",
        PASSWORD,
        t0(),
        &Origin::UNKNOWN,
    )
    .await
    .unwrap();
    assert_eq!(next, UserNext::Enrol, "{e}: required but not enrolled");
    assert_eq!(
        get(db, id).await.status,
        UserStatus::New,
        "{e}: not signed in until enrolled"
    );
    let (secret, codes) = enrol(db, &secrets, id, t0()).await;
    assert_eq!(codes.len(), 10, "{e}");
    assert_eq!(get(db, id).await.status, UserStatus::Active, "{e}");

    let PasswordAccepted { next, .. } = check_password(
        db,
        &hasher,
        policy,
        "tfa@x.test",
        PASSWORD,
        t0(),
        &Origin::UNKNOWN,
    )
    .await
    .unwrap();
    assert_eq!(next, UserNext::Code, "{e}");
    let at = |t: DateTime<Utc>| totp::code_at(&secret, t.timestamp() as u64).unwrap();
    let now = t0() + Duration::minutes(5);
    // One step early or late is accepted; two are not.
    assert_eq!(
        refused(
            check_code(
                db,
                &secrets,
                id,
                &at(now - Duration::seconds(90)),
                now,
                &Origin::UNKNOWN
            )
            .await
        ),
        "refused",
        "{e}"
    );
    check_code(
        db,
        &secrets,
        id,
        &at(now - Duration::seconds(30)),
        now,
        &Origin::UNKNOWN,
    )
    .await
    .unwrap();
    // A code (time step) works once, and no earlier one after it.
    let later = now + Duration::seconds(31);
    check_code(db, &secrets, id, &at(later), later, &Origin::UNKNOWN)
        .await
        .unwrap();
    assert_eq!(
        refused(check_code(db, &secrets, id, &at(later), later, &Origin::UNKNOWN).await),
        "refused",
        "{e}: replay"
    );

    // Each recovery code works once, however typed.
    let typed = codes[0].to_uppercase().replace('-', " ");
    check_code(db, &secrets, id, &typed, later, &Origin::UNKNOWN)
        .await
        .unwrap();
    assert_eq!(
        refused(check_code(db, &secrets, id, &codes[0], later, &Origin::UNKNOWN).await),
        "refused",
        "{e}"
    );
    check_code(db, &secrets, id, &codes[1], later, &Origin::UNKNOWN)
        .await
        .unwrap();
    // A second enrolment is refused while one is active.
    assert!(
        matches!(
            enrolment(db, &secrets, id).await,
            Err(ServiceError::Conflict)
        ),
        "{e}"
    );
}

engine_tests!(failures_earn_growing_waits_then_a_lock_that_staff_can_end);
async fn failures_earn_growing_waits_then_a_lock_that_staff_can_end(t: TestDb) {
    let (hasher, policy) = (PasswordHasher::new(1), SignInPolicy::default());

    let (db, e) = (&t.db, t.engine);
    let id = user(db, &hasher, "bob@x.test", |_| {}).await;
    let mut now = t0();
    let mut waits = Vec::new();
    for _ in 0..LOCK_AFTER {
        assert_eq!(
            refused(
                check_password(
                    db,
                    &hasher,
                    policy,
                    "bob@x.test",
                    "nope nope nope",
                    now,
                    &Origin::UNKNOWN
                )
                .await
            ),
            "refused",
            "{e}"
        );
        let u = get(db, id).await;
        let wait = u
            .locked_until
            .map(|until| (until - now).num_seconds())
            .unwrap_or(0);
        waits.push(wait);
        // While waiting, even the right password is not tried.
        if wait > 0 {
            assert_eq!(
                refused(
                    check_password(
                        db,
                        &hasher,
                        policy,
                        "bob@x.test",
                        PASSWORD,
                        now,
                        &Origin::UNKNOWN
                    )
                    .await
                ),
                format!("wait {wait}"),
                "{e}"
            );
            now += Duration::seconds(wait);
        }
    }
    assert_eq!(waits, [0, 0, 1, 2, 4, 8, 16, 32, 64, 900], "{e}");
    // An email without an account waits the same: the waits do not reveal accounts.
    let mut at = t0();
    for wait in &waits {
        let attempt = check_password(
            db,
            &hasher,
            policy,
            "ghost@x.test",
            PASSWORD,
            at,
            &Origin::UNKNOWN,
        );
        assert_eq!(refused(attempt.await), "refused", "{e}");
        if *wait > 0 {
            let early = check_password(
                db,
                &hasher,
                policy,
                "ghost@x.test",
                PASSWORD,
                at,
                &Origin::UNKNOWN,
            );
            assert_eq!(
                refused(early.await),
                format!("wait {wait}"),
                "{e}: unknown email"
            );
            at += Duration::seconds(*wait);
        }
    }
    let u = get(db, id).await;
    assert!(
        is_locked(&u, now - Duration::seconds(1)),
        "{e}: LOCKED for staff"
    );
    unlock_user(db, id, &Actor::cli(), now).await.unwrap();
    let PasswordAccepted { id: who, .. } = check_password(
        db,
        &hasher,
        policy,
        "bob@x.test",
        PASSWORD,
        now,
        &Origin::UNKNOWN,
    )
    .await
    .unwrap();
    assert_eq!(who, id, "{e}");
    assert_eq!(get(db, id).await.failed_logins, 0, "{e}: success forgives");
}

engine_tests!(ip_bursts_and_user_sessions_expire);
async fn ip_bursts_and_user_sessions_expire(t: TestDb) {
    let (db, e) = (&t.db, t.engine);
    let limit = Limit {
        hits: 3,
        window_secs: 60,
    };
    let now = t0().timestamp();
    for _ in 0..3 {
        assert_eq!(
            throttle::hit(db, "ip:10.0.0.1", limit, now).await.unwrap(),
            None,
            "{e}"
        );
    }
    assert_eq!(
        throttle::hit(db, "ip:10.0.0.1", limit, now + 20)
            .await
            .unwrap(),
        Some(40),
        "{e}"
    );
    assert_eq!(
        throttle::hit(db, "ip:10.0.0.2", limit, now + 20)
            .await
            .unwrap(),
        None,
        "{e}: per IP"
    );
    assert_eq!(
        throttle::hit(db, "ip:10.0.0.1", limit, now + 60)
            .await
            .unwrap(),
        None,
        "{e}: a new window"
    );

    let policy = SessionPolicy::default();
    let id = support::insert_user(db, "s@x.test", UserStatus::Active).await;
    let s = session::create(db, Kind::User, id, Stage::Full, &Device::default(), t0())
        .await
        .unwrap();
    let load = |at: DateTime<Utc>| session::load(db, &policy, Kind::User, &s.token, at);
    assert!(
        load(t0() + Duration::minutes(29)).await.unwrap().is_some(),
        "{e}"
    );
    assert!(
        load(t0() + Duration::minutes(29) + Duration::minutes(31))
            .await
            .unwrap()
            .is_none(),
        "{e}: idle"
    );
    let s2 = session::create(db, Kind::User, id, Stage::Full, &Device::default(), t0())
        .await
        .unwrap();
    let mut at = t0();
    while at < t0() + Duration::hours(12) - Duration::minutes(20) {
        at += Duration::minutes(20);
        assert!(
            session::load(db, &policy, Kind::User, &s2.token, at)
                .await
                .unwrap()
                .is_some(),
            "{e}"
        );
    }
    let late = t0() + Duration::hours(12) + Duration::minutes(1);
    assert!(
        session::load(db, &policy, Kind::User, &s2.token, late)
            .await
            .unwrap()
            .is_none(),
        "{e}: absolute"
    );
    assert!(
        session::load(db, &policy, Kind::Staff, &s2.token, t0())
            .await
            .unwrap()
            .is_none(),
        "{e}: not a staff session"
    );
}

/// A hash made with weaker parameters than today's (a past release's, an import's).
fn weak_hash(password: &str) -> String {
    use argon2::{Algorithm, Argon2, Params, PasswordHasher as _, Version};
    Argon2::new(
        Algorithm::Argon2id,
        Version::V0x13,
        Params::new(4096, 1, 1, None).unwrap(),
    )
    .hash_password(password.as_bytes())
    .unwrap()
    .to_string()
}

engine_tests!(an_older_hash_is_upgraded_at_the_next_successful_sign_in);
async fn an_older_hash_is_upgraded_at_the_next_successful_sign_in(t: TestDb) {
    let (db, e) = (&t.db, t.engine);
    let hasher = PasswordHasher::new(2);
    let policy = SignInPolicy::default();
    let id = user(db, &hasher, "old@x.test", |u| {
        u.password_hash = Set(weak_hash(PASSWORD));
        // Already ACTIVE: the sign-in's own NEW -> ACTIVE change would move the version.
        u.status = Set(UserStatus::Active);
    })
    .await;
    let before = get(db, id).await;

    refused(
        check_password(
            db,
            &hasher,
            policy,
            "old@x.test",
            "not the password",
            t0(),
            &Origin::UNKNOWN,
        )
        .await,
    );
    assert!(
        get(db, id).await.password_hash.contains("m=4096,t=1"),
        "{e}: a wrong password changes nothing"
    );

    check_password(
        db,
        &hasher,
        policy,
        "old@x.test",
        PASSWORD,
        t0(),
        &Origin::UNKNOWN,
    )
    .await
    .unwrap();
    let after = get(db, id).await;
    assert!(
        after
            .password_hash
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{e}: {}",
        after.password_hash
    );
    assert_eq!(after.version, before.version, "{e}: not an edit");
    assert!(
        hasher
            .verify(PASSWORD.into(), Some(after.password_hash.clone()))
            .await
    );

    check_password(
        db,
        &hasher,
        policy,
        "old@x.test",
        PASSWORD,
        t0(),
        &Origin::UNKNOWN,
    )
    .await
    .unwrap();
    assert_eq!(
        get(db, id).await.password_hash,
        after.password_hash,
        "{e}: a current hash stays"
    );
}

engine_tests!(imported_bcrypt_and_django_hashes_sign_in_and_become_argon2id);
async fn imported_bcrypt_and_django_hashes_sign_in_and_become_argon2id(t: TestDb) {
    // As WHMCS (PHP's bcrypt) and Django store them; made by Python's bcrypt and hashlib.
    const WHMCS: &str = "$2y$04$nRfZaC7dohwmAiC1yxanh.rlIko3w.huy8KErY4tLMKwJWv9kNbF.";
    const DJANGO: &str =
        "pbkdf2_sha256$1000$importsalt$bVxGoauT6wHqgX3iB/psUSHnuUFFCJSGxn6oXTy0P/s=";
    let (hasher, policy) = (PasswordHasher::new(1), SignInPolicy::default());
    let (db, e) = (&t.db, t.engine);
    for (email, imported) in [("whmcs@x.test", WHMCS), ("django@x.test", DJANGO)] {
        let id = user(db, &hasher, email, |u| {
            u.password_hash = Set(imported.into())
        })
        .await;
        let wrong = check_password(
            db,
            &hasher,
            policy,
            email,
            "not the password",
            t0(),
            &Origin::UNKNOWN,
        )
        .await;
        assert_eq!(refused(wrong), "refused", "{e}: {email}");
        assert_eq!(
            get(db, id).await.password_hash,
            imported,
            "{e}: kept until a correct password"
        );
        check_password(db, &hasher, policy, email, PASSWORD, t0(), &Origin::UNKNOWN)
            .await
            .unwrap_or_else(|err| panic!("{e}: {email}: {err:?}"));
        let upgraded = get(db, id).await.password_hash;
        assert!(
            upgraded.starts_with("$argon2id$v=19$"),
            "{e}: {email}: {upgraded}"
        );
        let again =
            check_password(db, &hasher, policy, email, PASSWORD, t0(), &Origin::UNKNOWN).await;
        assert!(again.is_ok(), "{e}: {email}: the new hash works");
    }
}
