//! The audit trail: one row per change, written in the same transaction as the change.
use crate::db::audit_log;
pub use crate::model::activity::AuditAction;
use crate::model::Keyed;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Set};
use serde_json::{json, Map, Value};
use uuid::Uuid;

/// What kind of account acted; stored as `audit_log.actor_kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum ActorKind {
    Staff,
    User,
    /// An operator at the command line.
    Cli,
}

/// What kind of record an entry is about; stored as `audit_log.target_kind`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
pub enum TargetKind {
    User,
    Client,
    Staff,
    Role,
    ApiToken,
    /// A background job (bulk actions).
    Job,
}

/// Who did something.
#[derive(Debug, Clone)]
pub struct Actor {
    pub kind: ActorKind,
    pub id: Option<Uuid>,
    pub label: String,
    pub ip: Option<String>,
    pub request_id: Option<String>,
}

impl Actor {
    /// Where this actor's request came from, for entries the service records itself.
    pub fn origin(&self) -> Origin {
        Origin {
            ip: self.ip.clone(),
            request_id: self.request_id.clone(),
            device: None,
        }
    }

    /// An operator at the command line.
    pub fn cli() -> Self {
        Self {
            kind: ActorKind::Cli,
            id: None,
            label: "command line".into(),
            ip: None,
            request_id: None,
        }
    }
}

/// Where a request came from, for entries whose actor the service learns itself (a sign-in's
/// actor is the account it signs in to).
#[derive(Debug, Clone, Default)]
pub struct Origin {
    pub ip: Option<String>,
    pub request_id: Option<String>,
    /// The caller's browser and system ("Chrome on Linux"), for sign-in history.
    pub device: Option<String>,
}

impl Origin {
    /// No request behind it (the command line, tests).
    pub const UNKNOWN: Origin = Origin {
        ip: None,
        request_id: None,
        device: None,
    };

    pub fn actor(&self, kind: ActorKind, id: Uuid, label: String) -> Actor {
        Actor {
            kind,
            id: Some(id),
            label,
            ip: self.ip.clone(),
            request_id: self.request_id.clone(),
        }
    }
}

pub struct Entry {
    pub action: AuditAction,
    pub target_kind: TargetKind,
    pub target_id: Option<String>,
    pub target_label: String,
    /// `{"field": {"old": .., "new": ..}}`; secrets appear only as "changed".
    pub changes: serde_json::Value,
}

pub async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    entry: Entry,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    row(actor, entry, now).insert(db).await?;
    Ok(())
}

/// Entries of one actor at once, in one statement (an import's batch of new users).
pub async fn record_all(
    db: &impl ConnectionTrait,
    actor: &Actor,
    entries: Vec<Entry>,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    if entries.is_empty() {
        return Ok(());
    }
    let rows = entries.into_iter().map(|e| row(actor, e, now));
    audit_log::Entity::insert_many(rows)
        .exec_without_returning(db)
        .await?;
    Ok(())
}

fn row(actor: &Actor, entry: Entry, now: DateTime<Utc>) -> audit_log::ActiveModel {
    audit_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        at: Set(now),
        actor_kind: Set(<&str>::from(actor.kind).to_owned()),
        actor_id: Set(actor.id),
        actor_label: Set(actor.label.clone()),
        action: Set(entry.action.key().to_owned()),
        target_kind: Set(<&str>::from(entry.target_kind).to_owned()),
        target_id: Set(entry.target_id),
        target_label: Set(entry.target_label),
        changes: Set(entry.changes.to_string()),
        ip: Set(actor.ip.clone()),
        request_id: Set(actor.request_id.clone()),
    }
}

/// `{"field": {"old": .., "new": ..}}` for each field that differs; every field as new when
/// there is no `old`. Both lists hold the same fields in the same order.
pub fn diff(
    old: Option<Vec<(&'static str, Value)>>,
    new: Vec<(&'static str, Value)>,
) -> Map<String, Value> {
    let mut out = Map::new();
    for (i, (name, value)) in new.into_iter().enumerate() {
        match old.as_ref().map(|b| &b[i].1) {
            None => {
                out.insert(name.into(), json!({ "new": value }));
            }
            Some(was) if *was != value => {
                out.insert(name.into(), json!({ "old": was, "new": value }));
            }
            Some(_) => {}
        }
    }
    out
}
