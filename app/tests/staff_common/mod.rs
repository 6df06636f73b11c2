//! What the staff administration tests share: staff members made through the service, the
//! acting staff member, and a refusal's message.
#![allow(dead_code)]
use app::auth::password::PasswordHasher;
use app::auth::secret_box::SecretBox;
use app::auth::session::{self, Device, Kind, Session, Stage};
use app::auth::totp;
use app::model::messages::Message;
use app::model::StaffForm;
use app::service::audit::{Actor, ActorKind};
use app::service::staff::{create_staff, NewStaff};
use app::service::ServiceError;
use app::testing::{now, TestDb};
use uuid::Uuid;

pub const PASSWORD: &str = "a long enough password";

pub fn hasher() -> PasswordHasher {
    PasswordHasher::new(2)
}

pub fn secrets() -> SecretBox {
    SecretBox::new(&[5u8; 32])
}

pub async fn member(t: &TestDb, email: &str, role: &str) -> Uuid {
    let input = NewStaff {
        email: email.into(),
        name: email.split('@').next().unwrap().into(),
        role: role.into(),
        password: PASSWORD.into(),
        totp_secret: Some(totp::new_secret()),
    };
    create_staff(&t.db, &hasher(), &secrets(), input, &Actor::cli())
        .await
        .unwrap()
}

/// A staff member as the audit trail and the rules see them when they act.
pub fn acting(id: Uuid) -> Actor {
    Actor {
        kind: ActorKind::Staff,
        id: Some(id),
        label: "staff".into(),
        ip: None,
        request_id: None,
    }
}

pub fn refused_with(result: Result<(), ServiceError>, expected: Message) {
    match result {
        Err(ServiceError::Validation { message, .. }) => assert_eq!(message, expected),
        other => panic!("expected {expected:?}, got {other:?}"),
    }
}

pub fn form(name: &str, email: &str, role_id: i32) -> StaffForm {
    StaffForm {
        name: name.into(),
        email: email.into(),
        role_id,
    }
}

/// A fully signed-in console session of staff member `id`.
pub async fn signed_in(db: &app::db::Db, id: Uuid) -> Session {
    session::create(db, Kind::Staff, id, Stage::Full, &Device::default(), now())
        .await
        .unwrap()
}
