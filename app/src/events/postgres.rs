//! PostgreSQL: triggers (migration `m20261125_000006_live`) `NOTIFY roster_changes` inside the
//! committing transaction with payloads like `user:update:<uuid>,<uuid>` (or `user:insert:*` for
//! a bulk write); each node keeps one `LISTEN` connection and feeds its bus. A lost connection
//! is reopened with backoff, and consoles are told to resync, as notifications may have been
//! missed meanwhile.
use super::{Event, EventBus};
use crate::model::live::{Change, ChangeKind, ChangeOp};
use sea_orm::sqlx::postgres::PgListener;
use std::time::Duration;
use uuid::Uuid;

pub const CHANNEL: &str = "roster_changes";

/// Runs until the process ends.
pub async fn listen(url: String, bus: EventBus) {
    let mut backoff = Duration::from_millis(250);
    loop {
        match PgListener::connect(&url).await {
            Ok(mut listener) => {
                if let Err(e) = listener.listen(CHANNEL).await {
                    tracing::warn!(error = %e, "LISTEN failed");
                } else {
                    tracing::info!("listening for changes from every node");
                    backoff = Duration::from_millis(250);
                    // Anything committed while we were away is unknown: resync.
                    bus.publish(Event::Resync);
                    // `try_recv` returns `Ok(None)` when the connection was lost.
                    while let Ok(Some(first)) = listener.try_recv().await {
                        // A transaction's notifications arrive together: coalesce them.
                        let mut changes = parse(first.payload());
                        while let Some(n) = listener.next_buffered() {
                            changes.extend(parse(n.payload()));
                        }
                        bus.publish_committed(changes);
                    }
                    tracing::warn!("LISTEN connection lost; reconnecting");
                }
            }
            Err(e) => tracing::warn!(error = %e, "LISTEN connection failed; retrying"),
        }
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(Duration::from_secs(10));
    }
}

/// `user:update:<uuid>,<uuid>`; `*` for "many".
pub fn parse(payload: &str) -> Vec<Change> {
    let mut parts = payload.splitn(3, ':');
    let (Some(kind), Some(op), Some(ids)) = (parts.next(), parts.next(), parts.next()) else {
        return Vec::new();
    };
    let kind = match kind {
        "user" => ChangeKind::User,
        "client" => ChangeKind::Client,
        "staff" => ChangeKind::Staff,
        "job" => ChangeKind::Job,
        _ => return Vec::new(),
    };
    let op = match op {
        "insert" => ChangeOp::Insert,
        "update" => ChangeOp::Update,
        "delete" => ChangeOp::Delete,
        _ => return Vec::new(),
    };
    if ids == "*" {
        return vec![Change { kind, op, id: None }];
    }
    ids.split(',')
        .filter_map(|s| Uuid::parse_str(s).ok())
        .map(|id| Change {
            kind,
            op,
            id: Some(id),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payloads_read_as_changes() {
        let a = Uuid::from_u128(7);
        assert_eq!(
            parse(&format!("client:delete:{a}")),
            vec![Change {
                kind: ChangeKind::Client,
                op: ChangeOp::Delete,
                id: Some(a)
            }]
        );
        assert_eq!(parse("user:insert:*")[0].id, None);
        assert!(parse("nonsense").is_empty());
    }
}
