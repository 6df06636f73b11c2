//! The Activity page: audit entries newest first, filtered, one page at a time.
use super::ServiceError;
use crate::db::{audit_log, staff};
use crate::model::activity::{ActivityEntry, ActivityPage, ActivityQuery, PER_PAGE};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use serde_json::Value;
use uuid::Uuid;

pub async fn list_activity(
    db: &impl ConnectionTrait,
    query: &ActivityQuery,
) -> Result<ActivityPage, ServiceError> {
    let mut select = audit_log::Entity::find();
    if let Some(actor) = query.actor {
        select = select.filter(audit_log::Column::ActorId.eq(actor));
    }
    if let Some(action) = &query.action {
        select = select.filter(audit_log::Column::Action.eq(action.as_str()));
    }
    if let Some(target) = &query.target {
        select = select.filter(audit_log::Column::TargetId.eq(target.as_str()));
    }
    let mut found = select
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Id)
        .offset(u64::from(query.page.max(1) - 1) * PER_PAGE)
        .limit(PER_PAGE + 1)
        .all(db)
        .await?;
    let has_next = found.len() as u64 > PER_PAGE;
    found.truncate(PER_PAGE as usize);
    let staff: Vec<(Uuid, String)> = staff::Entity::find()
        .select_only()
        .columns([staff::Column::Id, staff::Column::Name])
        .order_by_asc(staff::Column::Name)
        .into_tuple()
        .all(db)
        .await?;
    Ok(ActivityPage {
        entries: found.into_iter().map(entry).collect(),
        has_next,
        staff,
    })
}

/// The latest `n` audit entries, newest first.
pub async fn recent_activity(
    db: &impl ConnectionTrait,
    n: u64,
) -> Result<Vec<ActivityEntry>, ServiceError> {
    let found = audit_log::Entity::find()
        .order_by_desc(audit_log::Column::At)
        .order_by_desc(audit_log::Column::Id)
        .limit(n)
        .all(db)
        .await?;
    Ok(found.into_iter().map(entry).collect())
}

fn entry(e: audit_log::Model) -> ActivityEntry {
    ActivityEntry {
        id: e.id,
        at: e.at,
        actor: e.actor_label,
        action: e.action,
        target: e.target_label,
        target_id: e.target_id,
        changes: describe(&e.changes),
        ip: e.ip,
        request_id: e.request_id,
    }
}

/// `{"status": {"old": "new", "new": "active"}, "password": "changed"}` ->
/// ["password: changed", "status: new → active"].
fn describe(changes: &str) -> Vec<String> {
    let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(changes) else {
        return Vec::new();
    };
    let show = |v: Option<&Value>| match v {
        None | Some(Value::Null) => "—".to_owned(),
        Some(Value::String(s)) if s.is_empty() => "—".to_owned(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    fields
        .iter()
        .map(|(name, change)| match change {
            Value::Object(c) if c.contains_key("old") && c.contains_key("new") => {
                format!("{name}: {} → {}", show(c.get("old")), show(c.get("new")))
            }
            Value::Object(c) if c.contains_key("new") => format!("{name}: {}", show(c.get("new"))),
            Value::Object(c) => format!("{name}: was {}", show(c.get("old"))),
            other => format!("{name}: {}", show(Some(other))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn changes_read_as_sentences() {
        let lines = super::describe(
            r#"{"status": {"old": "new", "new": "active"}, "password": "changed", "phone": {"old": null, "new": "+48512345678"}}"#,
        );
        assert_eq!(
            lines,
            [
                "password: changed",
                "phone: — → +48512345678",
                "status: new → active"
            ]
        );
    }
}
