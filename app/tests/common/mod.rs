//! Helpers shared by the seam tests (each test file uses some of them).
#![allow(dead_code)]
use app::auth::password::PasswordHasher;
use app::auth::secret_box::SecretBox;
use app::auth::totp;
use app::db::{audit_log, users};
use app::model::user_list::UserStatus;
use app::service::audit::{Actor, ActorKind, Origin};
use app::service::user_sign_in::{
    check_password, confirm_enrolment_signed_in, enrolment, PasswordAccepted, SignInPolicy,
};
use app::service::ServiceError;
use app::testing as support;
use app::testing::now;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use uuid::Uuid;

pub const PASSWORD: &str = "a long passphrase for tests";

pub fn staff(name: &str) -> Actor {
    Actor {
        kind: ActorKind::Staff,
        id: Some(Uuid::now_v7()),
        label: name.into(),
        ip: None,
        request_id: None,
    }
}

/// An ACTIVE, verified user with a real password.
pub async fn user(db: &app::db::Db, hasher: &PasswordHasher, email: &str) -> Uuid {
    let id = support::insert_user(db, email, UserStatus::Active).await;
    let mut u: users::ActiveModel = get(db, id).await.into();
    u.password_hash = Set(hasher.hash(PASSWORD.into()).await.unwrap());
    u.update(db).await.unwrap();
    id
}

pub async fn get(db: &app::db::Db, id: Uuid) -> users::Model {
    users::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .expect("the user")
}

/// The user turns 2FA on themselves (from `/account`), through the real steps.
pub async fn self_enrol(db: &app::db::Db, secrets: &SecretBox, id: Uuid) {
    let e = enrolment(db, secrets, id).await.unwrap();
    let secret = totp::from_base32(&e.secret_base32).unwrap();
    let code = totp::code_at(&secret, now().timestamp() as u64).unwrap();
    let me = Actor {
        kind: ActorKind::User,
        id: Some(id),
        label: "the user".into(),
        ip: None,
        request_id: None,
    };
    confirm_enrolment_signed_in(db, secrets, id, &code, now(), &me)
        .await
        .unwrap();
}

/// A user with 2FA set up, signed in by password at `at`: the code step is next.
pub async fn password_step(
    db: &app::db::Db,
    hasher: &PasswordHasher,
    email: &str,
    at: DateTime<Utc>,
) -> Result<PasswordAccepted, ServiceError> {
    check_password(
        db,
        hasher,
        SignInPolicy::default(),
        email,
        PASSWORD,
        at,
        &Origin::UNKNOWN,
    )
    .await
}

pub async fn audit_actions(db: &app::db::Db, target: &str) -> Vec<String> {
    audit_log::Entity::find()
        .filter(audit_log::Column::TargetId.eq(target))
        .order_by_asc(audit_log::Column::At)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}
