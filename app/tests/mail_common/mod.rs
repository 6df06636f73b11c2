//! What the mail tests share: a recording transport, a staff actor, a user form, a database
//! on a manual clock, the outbox's rows.
#![allow(dead_code)]
use app::clock::ManualClock;
use app::db::{audit_log, mail_outbox};
use app::model::user_form::UserForm;
use app::service::audit::{Actor, ActorKind};
use app::service::mail::smtp::{Outgoing, SendError, Transport};
use app::testing::TestDb;
use chrono::{TimeZone, Utc};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::sync::{Arc, Mutex};
use uuid::Uuid;

/// What a transport was given, and what it answers next.
#[derive(Default)]
pub struct Recorder {
    pub sent: Mutex<Vec<(Uuid, String, String, String)>>,
    pub answer: Mutex<Option<SendError>>,
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
    pub fn answering(&self, answer: Option<SendError>) {
        *self.answer.lock().unwrap() = answer;
    }

    /// The link in the last message to `to`.
    pub fn link_to(&self, to: &str) -> String {
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

pub fn token(link: &str) -> String {
    link.rsplit('/').next().unwrap().to_owned()
}

pub fn staff() -> Actor {
    Actor {
        kind: ActorKind::Staff,
        id: Some(Uuid::now_v7()),
        label: "Sam".into(),
        ip: None,
        request_id: None,
    }
}

pub fn form(email: &str) -> UserForm {
    UserForm {
        email: email.into(),
        password: "vivid orbit tundra".into(),
        first_name: "Ann".into(),
        last_name: "Lee".into(),
        language: "de".into(),
        ..Default::default()
    }
}

pub fn clocked(t: &TestDb) -> (app::db::Db, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::at(
        Utc.with_ymd_and_hms(2031, 5, 6, 7, 8, 9).unwrap(),
    ));
    (t.db.clone().with_clock(clock.clone()), clock)
}

pub async fn outbox_rows(db: &app::db::Db) -> Vec<mail_outbox::Model> {
    mail_outbox::Entity::find()
        .order_by_asc(mail_outbox::Column::CreatedAt)
        .order_by_asc(mail_outbox::Column::Id)
        .all(db)
        .await
        .unwrap()
}

/// The audit entry of `action` (the test's only one).
pub async fn audited(db: &app::db::Db, action: &str) -> audit_log::Model {
    audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq(action))
        .one(db)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("{action} audited"))
}
