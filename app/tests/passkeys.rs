//! Passkeys against a software authenticator, on SQLite and PostgreSQL: registration, sign-in
//! alone and as the second factor, ceremonies used once and expiring, the origin checked, a
//! counter going back refused, failures counted toward the lock, and the rules of removal.
use app::auth::password::PasswordHasher;
use app::auth::session::{self, Device as Browser, Kind, Stage};
use app::db::{audit_log, passkeys as passkey_rows, users};
use app::engine_tests;
use app::model::messages::Message;
use app::model::passkey::PasskeyHolder;
use app::model::user_list::UserStatus;
use app::service::audit::{Actor, Origin};
use app::service::passkeys::{self, Assertion, Holder, RelyingParty, LIFETIME};
use app::service::staff::{create_staff, NewStaff};
use app::service::user_sign_in::{self, SignInPolicy, UserNext};
use app::service::ServiceError;
use app::testing::{self as support, now, TestDb};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use serde_json::{json, Value};
use uuid::Uuid;
use webauthn_authenticator_rs::softpasskey::SoftPasskey;
use webauthn_authenticator_rs::WebauthnAuthenticator;
use webauthn_rs::prelude::{CreationChallengeResponse, RequestChallengeResponse, Url};

const ORIGIN: &str = "http://localhost:3000";
const PASSWORD: &str = "a long passphrase for tests";

fn rp() -> RelyingParty {
    RelyingParty::for_public_url(ORIGIN).unwrap()
}

/// A device with a software authenticator, opened at `origin`.
struct Device {
    key: SoftPasskey,
    origin: Url,
    /// The credential it made (rawId, base64url), offered when the options name none.
    credential: Option<Value>,
}

impl Device {
    fn at(origin: &str) -> Self {
        Self {
            // `true`: it says it verified its user, as a PIN or fingerprint does.
            key: SoftPasskey::new(true),
            origin: Url::parse(origin).unwrap(),
            credential: None,
        }
    }

    fn create(&mut self, options: &str) -> String {
        let mut options: Value = serde_json::from_str(options).unwrap();
        let selection = &mut options["publicKey"]["authenticatorSelection"];
        assert_eq!(
            selection["residentKey"], "required",
            "discoverable, for sign-in alone"
        );
        // The software authenticator keeps no discoverable credentials; the server does not
        // depend on it (it finds a passkey by its id).
        selection["residentKey"] = json!("discouraged");
        selection["requireResidentKey"] = json!(false);
        let options: CreationChallengeResponse = serde_json::from_value(options).unwrap();
        let made = self
            .key
            .do_registration(self.origin.clone(), options)
            .unwrap();
        let made = serde_json::to_value(made).unwrap();
        self.credential = Some(made["rawId"].clone());
        made.to_string()
    }

    fn get(&mut self, options: &str) -> String {
        let mut options: Value = serde_json::from_str(options).unwrap();
        let allowed = &mut options["publicKey"]["allowCredentials"];
        if allowed.as_array().is_none_or(|a| a.is_empty()) {
            // A discoverable sign-in names no credential: the device picks its own.
            *allowed = json!([{ "type": "public-key", "id": self.credential.clone().unwrap() }]);
        }
        let options: RequestChallengeResponse = serde_json::from_value(options).unwrap();
        let answer = self
            .key
            .do_authentication(self.origin.clone(), options)
            .unwrap();
        serde_json::to_string(&answer).unwrap()
    }
}

async fn user(db: &app::db::Db, email: &str, change: impl FnOnce(&mut users::ActiveModel)) -> Uuid {
    let id = support::insert_user(db, email, UserStatus::New).await;
    let mut u: users::ActiveModel = get(db, id).await.into();
    u.password_hash = Set(PasswordHasher::new(1).hash(PASSWORD.into()).await.unwrap());
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

/// Registers a passkey named `name` for `holder` on `device`.
async fn register(db: &app::db::Db, holder: Holder, device: &mut Device, name: &str) {
    let challenge = passkeys::start_registration(db, &rp(), holder, "ann@x.test", "Ann", now())
        .await
        .unwrap();
    let answer = device.create(&challenge.options);
    passkeys::finish_registration(
        db,
        &rp(),
        holder,
        challenge.ceremony,
        &answer,
        name,
        &Actor::cli(),
        now(),
    )
    .await
    .unwrap();
}

/// A sign-in with `device` alone, as `/login` does it.
async fn sign_in(db: &app::db::Db, device: &mut Device) -> Result<Assertion, ServiceError> {
    let challenge = passkeys::start_sign_in(db, &rp(), PasskeyHolder::User, now()).await?;
    let answer = device.get(&challenge.options);
    passkeys::finish_sign_in(
        db,
        &rp(),
        PasskeyHolder::User,
        challenge.ceremony,
        &answer,
        now(),
    )
    .await
}

fn message(result: Result<impl std::fmt::Debug, ServiceError>) -> Message {
    match result {
        Err(ServiceError::Validation { message, .. }) => message,
        Err(ServiceError::SignInBlocked(message)) => message,
        other => panic!("expected a message, got {other:?}"),
    }
}

engine_tests!(a_passkey_signs_in_alone_and_as_the_second_factor);
async fn a_passkey_signs_in_alone_and_as_the_second_factor(t: TestDb) {
    let db = &t.db;
    let ann = user(db, "ann@x.test", |_| {}).await;
    let mut phone = Device::at(ORIGIN);
    register(db, Holder::user(ann), &mut phone, "  Ann's phone ").await;

    let list = passkeys::list(db, Holder::user(ann)).await.unwrap();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].name, "Ann's phone", "trimmed");
    assert_eq!(list[0].last_used_at, None);
    assert_eq!(get(db, ann).await.passkey_count, 1, "the list's badge");
    let version = get(db, ann).await.version;

    // Alone: the passkey names Ann; she signs in, and her NEW account becomes ACTIVE.
    let assertion = sign_in(db, &mut phone).await.unwrap();
    assert_eq!(assertion, Assertion::Accepted { account: ann });
    let policy = SignInPolicy::default();
    let accepted =
        user_sign_in::sign_in_with_passkey(db, policy, assertion, now(), &Origin::UNKNOWN)
            .await
            .unwrap();
    assert_eq!((accepted.id, accepted.next), (ann, UserNext::Done));
    let after = get(db, ann).await;
    assert_eq!(after.status, UserStatus::Active);
    assert_eq!(
        after.version,
        version + 1,
        "only the activation moves the version"
    );
    let used = passkeys::list(db, Holder::user(ann)).await.unwrap();
    assert!(used[0].last_used_at.is_some());

    // Without 2FA required, a passkey is another way in: the password alone still signs in
    // (a lost device locks nobody out).
    let hasher = PasswordHasher::new(1);
    let password = || {
        let origin = &Origin::UNKNOWN;
        user_sign_in::check_password(db, &hasher, policy, "ann@x.test", PASSWORD, now(), origin)
    };
    assert_eq!(password().await.unwrap().next, UserNext::Done);
    // With 2FA required, the passkey satisfies it after the password: the code step is next.
    users::Entity::update_many()
        .col_expr(users::Column::TwoFactorRequired, Expr::value(true))
        .filter(users::Column::Id.eq(ann))
        .exec(db)
        .await
        .unwrap();
    assert_eq!(password().await.unwrap().next, UserNext::Code);
    let factors = user_sign_in::second_factors(db, ann).await.unwrap();
    assert!(factors.passkey && !factors.authenticator_app);
    let challenge = passkeys::start_second_factor(db, &rp(), Holder::user(ann), now())
        .await
        .unwrap();
    let answer = phone.get(&challenge.options);
    let assertion = passkeys::finish_second_factor(
        db,
        &rp(),
        Holder::user(ann),
        challenge.ceremony,
        &answer,
        now(),
    )
    .await
    .unwrap();
    user_sign_in::second_factor_with_passkey(db, ann, assertion, now(), &Origin::UNKNOWN)
        .await
        .unwrap();

    // Ann's passkey proves nobody else: not Bob's second factor, and not a staff sign-in.
    let bob = user(db, "bob@x.test", |_| {}).await;
    let refused =
        user_sign_in::second_factor_with_passkey(db, bob, assertion, now(), &Origin::UNKNOWN).await;
    assert_eq!(message(refused), Message::PasskeyNotAccepted);
    let challenge = passkeys::start_sign_in(db, &rp(), PasskeyHolder::Staff, now())
        .await
        .unwrap();
    let answer = phone.get(&challenge.options);
    let at_admin = passkeys::finish_sign_in(
        db,
        &rp(),
        PasskeyHolder::Staff,
        challenge.ceremony,
        &answer,
        now(),
    )
    .await
    .unwrap();
    assert_eq!(at_admin, Assertion::Unknown);

    // The trail names what was added.
    let added = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("user.passkey_add"))
        .one(db)
        .await
        .unwrap()
        .expect("audited");
    assert!(added.changes.contains("Ann's phone"), "{}", added.changes);
    assert!(
        !added.changes.contains("cred"),
        "no credential in the trail"
    );
}

engine_tests!(ceremonies_are_used_once_expire_and_check_the_origin);
async fn ceremonies_are_used_once_expire_and_check_the_origin(t: TestDb) {
    let db = &t.db;
    let ann = user(db, "ann@x.test", |_| {}).await;
    let holder = Holder::user(ann);
    let mut phone = Device::at(ORIGIN);

    // Registration: the same answer twice files one passkey.
    let challenge = passkeys::start_registration(db, &rp(), holder, "ann@x.test", "Ann", now())
        .await
        .unwrap();
    let answer = phone.create(&challenge.options);
    let finish = |answer: String, ceremony: Uuid, at| async move {
        passkeys::finish_registration(
            db,
            &rp(),
            holder,
            ceremony,
            &answer,
            "Phone",
            &Actor::cli(),
            at,
        )
        .await
    };
    finish(answer.clone(), challenge.ceremony, now())
        .await
        .unwrap();
    let again = finish(answer, challenge.ceremony, now()).await;
    assert_eq!(message(again), Message::PasskeyExpired);
    assert_eq!(passkeys::list(db, holder).await.unwrap().len(), 1);

    // An answer after the ceremony's lifetime is refused.
    let mut laptop = Device::at(ORIGIN);
    let challenge = passkeys::start_registration(db, &rp(), holder, "ann@x.test", "Ann", now())
        .await
        .unwrap();
    let late = finish(
        laptop.create(&challenge.options),
        challenge.ceremony,
        now() + LIFETIME + chrono::Duration::seconds(1),
    )
    .await;
    assert_eq!(message(late), Message::PasskeyExpired);

    // A page of another origin (here another port) gets no passkey registered.
    let mut elsewhere = Device::at("http://localhost:4000");
    let challenge = passkeys::start_registration(db, &rp(), holder, "ann@x.test", "Ann", now())
        .await
        .unwrap();
    let foreign = finish(
        elsewhere.create(&challenge.options),
        challenge.ceremony,
        now(),
    )
    .await;
    assert_eq!(message(foreign), Message::PasskeyNotAccepted);
    assert_eq!(passkeys::list(db, holder).await.unwrap().len(), 1);

    // Sign-in: an answer is used once; a second use finds no ceremony.
    let challenge = passkeys::start_sign_in(db, &rp(), PasskeyHolder::User, now())
        .await
        .unwrap();
    let answer = phone.get(&challenge.options);
    let first = passkeys::finish_sign_in(
        db,
        &rp(),
        PasskeyHolder::User,
        challenge.ceremony,
        &answer,
        now(),
    )
    .await;
    assert_eq!(first.unwrap(), Assertion::Accepted { account: ann });
    let replay = passkeys::finish_sign_in(
        db,
        &rp(),
        PasskeyHolder::User,
        challenge.ceremony,
        &answer,
        now(),
    )
    .await;
    assert_eq!(message(replay), Message::PasskeyExpired);

    // A sign-in ceremony is not a second-factor one, nor another account's.
    let challenge = passkeys::start_sign_in(db, &rp(), PasskeyHolder::User, now())
        .await
        .unwrap();
    let answer = phone.get(&challenge.options);
    let crossed =
        passkeys::finish_second_factor(db, &rp(), holder, challenge.ceremony, &answer, now()).await;
    assert_eq!(message(crossed), Message::PasskeyExpired);

    // An assertion made for another origin counts as a failed attempt on Ann's account.
    let mut moved = Device::at("http://localhost:4000");
    moved.key = std::mem::take(&mut phone.key);
    moved.credential = phone.credential.clone();
    let assertion = sign_in(db, &mut moved).await.unwrap();
    assert_eq!(assertion, Assertion::Refused { account: ann });
    let refused = user_sign_in::sign_in_with_passkey(
        db,
        SignInPolicy::default(),
        assertion,
        now(),
        &Origin::UNKNOWN,
    )
    .await;
    assert_eq!(message(refused), Message::PasskeyNotAccepted);
    assert_eq!(get(db, ann).await.failed_logins, 1);
}

engine_tests!(a_counter_going_back_is_refused_and_the_lock_applies);
async fn a_counter_going_back_is_refused_and_the_lock_applies(t: TestDb) {
    let db = &t.db;
    let ann = user(db, "ann@x.test", |_| {}).await;
    let mut phone = Device::at(ORIGIN);
    register(db, Holder::user(ann), &mut phone, "Phone").await;
    assert!(matches!(
        sign_in(db, &mut phone).await.unwrap(),
        Assertion::Accepted { .. }
    ));

    // The server has seen a higher count than the device will send next: a clone.
    let row = passkey_rows::Entity::find().one(db).await.unwrap().unwrap();
    let mut credential: Value = serde_json::from_str(&row.credential).unwrap();
    *credential
        .pointer_mut("/cred/counter")
        .expect("the stored counter") = json!(1000);
    passkey_rows::Entity::update_many()
        .col_expr(
            passkey_rows::Column::Credential,
            Expr::value(credential.to_string()),
        )
        .exec(db)
        .await
        .unwrap();
    let cloned = sign_in(db, &mut phone).await.unwrap();
    assert_eq!(cloned, Assertion::Refused { account: ann });
    let policy = SignInPolicy::default();
    let refused =
        user_sign_in::sign_in_with_passkey(db, policy, cloned, now(), &Origin::UNKNOWN).await;
    assert_eq!(message(refused), Message::PasskeyNotAccepted);
    let trail = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("user.sign_in_refused"))
        .one(db)
        .await
        .unwrap()
        .expect("the refusal is in the trail");
    assert!(
        trail.changes.contains("passkey refused"),
        "{}",
        trail.changes
    );

    // A locked account stays locked to a good passkey too.
    users::Entity::update_many()
        .col_expr(
            users::Column::LockedUntil,
            Expr::value(now() + chrono::Duration::minutes(10)),
        )
        .filter(users::Column::Id.eq(ann))
        .exec(db)
        .await
        .unwrap();
    let locked = user_sign_in::sign_in_with_passkey(
        db,
        policy,
        Assertion::Accepted { account: ann },
        now(),
        &Origin::UNKNOWN,
    )
    .await;
    assert!(
        matches!(locked, Err(ServiceError::TooManyAttempts(_))),
        "{locked:?}"
    );

    // An INACTIVE account is refused as after a password.
    let off = user(db, "off@x.test", |u| u.status = Set(UserStatus::Inactive)).await;
    let inactive = user_sign_in::sign_in_with_passkey(
        db,
        policy,
        Assertion::Accepted { account: off },
        now(),
        &Origin::UNKNOWN,
    )
    .await;
    assert_eq!(message(inactive), Message::AccountDisabled);
}

engine_tests!(removal_follows_the_two_factor_policy_and_staff_remove_all);
async fn removal_follows_the_two_factor_policy_and_staff_remove_all(t: TestDb) {
    let db = &t.db;
    let ann = user(db, "ann@x.test", |u| u.two_factor_required = Set(true)).await;
    let holder = Holder::user(ann);
    let (mut phone, mut laptop) = (Device::at(ORIGIN), Device::at(ORIGIN));
    register(db, holder, &mut phone, "Phone").await;
    register(db, holder, &mut laptop, "Laptop").await;
    let list = passkeys::list(db, holder).await.unwrap();
    assert_eq!(
        list.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["Phone", "Laptop"]
    );

    // Renaming checks the name; only the holder's own passkeys are found.
    let empty = passkeys::rename(db, holder, list[0].id, "  ", &Actor::cli(), now()).await;
    assert_eq!(message(empty), Message::PasskeyNameMissing);
    let long = passkeys::rename(
        db,
        holder,
        list[0].id,
        &"x".repeat(101),
        &Actor::cli(),
        now(),
    )
    .await;
    assert_eq!(message(long), Message::AtMost(100));
    let bob = Holder::user(user(db, "bob@x.test", |_| {}).await);
    let theirs = passkeys::rename(db, bob, list[0].id, "Mine", &Actor::cli(), now()).await;
    assert!(matches!(theirs, Err(ServiceError::NotFound)));
    let renamed = passkeys::rename(db, holder, list[0].id, "Old phone", &Actor::cli(), now())
        .await
        .unwrap();
    assert_eq!(renamed.name, "Old phone");

    // 2FA is required and Ann has no authenticator app: her last passkey stays.
    passkeys::remove(db, holder, list[0].id, &Actor::cli(), now())
        .await
        .unwrap();
    let last = passkeys::remove(db, holder, list[1].id, &Actor::cli(), now()).await;
    assert_eq!(message(last), Message::PasskeyLastFactor);
    assert_eq!(get(db, ann).await.passkey_count, 1);

    // Staff remove them all: her sessions end, and the passkey signs nobody in.
    session::create(db, Kind::User, ann, Stage::Full, &Browser::default(), now())
        .await
        .unwrap();
    let removed = passkeys::remove_all_of_user(db, ann, &Actor::cli(), now())
        .await
        .unwrap();
    assert_eq!(removed, 1);
    assert_eq!(get(db, ann).await.passkey_count, 0);
    assert_eq!(
        session::end_all(db, Kind::User, ann).await.unwrap(),
        0,
        "already ended"
    );
    assert_eq!(sign_in(db, &mut laptop).await.unwrap(), Assertion::Unknown);
    let none = passkeys::remove_all_of_user(db, ann, &Actor::cli(), now()).await;
    assert_eq!(message(none), Message::NoPasskeys);

    // A staff member's passkeys are theirs alone, and go with them.
    let staff = create_staff(
        db,
        &PasswordHasher::new(1),
        &app::auth::secret_box::SecretBox::new(&[3; 32]),
        NewStaff {
            email: "sam@roster.test".into(),
            name: "Sam Staff".into(),
            role: "Support".into(),
            password: "a long enough password".into(),
            totp_secret: None,
        },
        &Actor::cli(),
    )
    .await
    .unwrap();
    let mut key = Device::at(ORIGIN);
    register(db, Holder::staff(staff), &mut key, "Security key").await;
    assert_eq!(
        passkeys::list(db, Holder::user(staff)).await.unwrap(),
        vec![]
    );
    assert_eq!(
        sign_in(db, &mut key).await.unwrap(),
        Assertion::Unknown,
        "not at /login"
    );
    let challenge = passkeys::start_sign_in(db, &rp(), PasskeyHolder::Staff, now())
        .await
        .unwrap();
    let answer = key.get(&challenge.options);
    let at_admin = passkeys::finish_sign_in(
        db,
        &rp(),
        PasskeyHolder::Staff,
        challenge.ceremony,
        &answer,
        now(),
    )
    .await;
    assert_eq!(at_admin.unwrap(), Assertion::Accepted { account: staff });
}

#[test]
fn an_ip_address_is_no_relying_party() {
    assert!(RelyingParty::for_public_url("http://127.0.0.1:3000").is_err());
    assert!(RelyingParty::for_public_url("https://roster.example.com").is_ok());
    assert!(!RelyingParty::none().is_available());
}
