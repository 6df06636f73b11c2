//! The event bus: changes committed to users, clients and their associations, fanned out to
//! this node's live consoles. The data layer publishes, so no write path can forget to:
//! - SQLite (one node): hooks on every pooled connection see each row a transaction changes
//!   and publish when it commits (`sqlite.rs`);
//! - PostgreSQL (any number of nodes): triggers `NOTIFY` inside the committing transaction,
//!   and one `LISTEN` connection per node feeds its bus (`postgres.rs`).
//!
//! Events carry ids, never data: a console refetches what its permissions let it see.
pub mod postgres;
pub mod sqlite;

use crate::model::live::{Change, ChangeOp, MANY};
use std::collections::HashSet;
use tokio::sync::{broadcast, watch};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Change(Change),
    /// Changes may have been missed (a lagging subscriber, a lost LISTEN connection):
    /// refetch everything shown.
    Resync,
}

/// Events kept for subscribers that read late; one further behind gets `Resync` instead, so
/// memory stays bounded and a slow console never holds up the others.
pub const BUFFER: usize = 4096;

#[derive(Clone)]
pub struct EventBus {
    tx: broadcast::Sender<Event>,
    /// Set when the server shuts down: open feeds end so in-flight requests can drain.
    closing: watch::Sender<bool>,
}

impl Default for EventBus {
    fn default() -> Self {
        Self::new()
    }
}

impl EventBus {
    pub fn new() -> Self {
        Self {
            tx: broadcast::channel(BUFFER).0,
            closing: watch::channel(false).0,
        }
    }

    /// Ends every open feed (server shutdown); new subscribers end at once.
    pub fn close(&self) {
        self.closing.send_replace(true);
    }

    /// Resolves once `close` has been called.
    pub fn closed(&self) -> impl std::future::Future<Output = ()> + Send + 'static {
        let mut closing = self.closing.subscribe();
        async move {
            let _ = closing.wait_for(|closed| *closed).await;
        }
    }

    pub fn publish(&self, event: Event) {
        // No subscriber is not an error: nobody is looking.
        let _ = self.tx.send(event);
    }

    /// Publishes one transaction's changes: each record once, and a single "many" change
    /// per kind when the transaction touched more than `MANY` records of it.
    pub fn publish_committed(&self, changes: Vec<Change>) {
        for change in coalesce(changes) {
            self.publish(Event::Change(change));
        }
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.tx.subscribe()
    }

    pub fn subscribers(&self) -> usize {
        self.tx.receiver_count()
    }
}

fn coalesce(changes: Vec<Change>) -> Vec<Change> {
    let mut seen = HashSet::new();
    let unique: Vec<Change> = changes.into_iter().filter(|c| seen.insert(*c)).collect();
    let mut out = Vec::new();
    for kind in crate::model::live::ChangeKind::ALL {
        let of_kind: Vec<Change> = unique.iter().filter(|c| c.kind == kind).copied().collect();
        if of_kind.len() > MANY {
            let op = if of_kind.iter().all(|c| c.op == ChangeOp::Insert) {
                ChangeOp::Insert
            } else {
                ChangeOp::Update
            };
            out.push(Change { kind, op, id: None });
        } else {
            out.extend(of_kind);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::live::ChangeKind;
    use uuid::Uuid;

    fn user(op: ChangeOp, id: Uuid) -> Change {
        Change {
            kind: ChangeKind::User,
            op,
            id: Some(id),
        }
    }

    #[test]
    fn every_kind_of_change_is_published() {
        let changes: Vec<Change> = ChangeKind::ALL
            .into_iter()
            .map(|kind| Change {
                kind,
                op: ChangeOp::Update,
                id: Some(Uuid::from_u128(7)),
            })
            .collect();
        assert_eq!(coalesce(changes.clone()), changes);
    }

    #[test]
    fn a_transaction_publishes_each_record_once_and_bulk_writes_as_many() {
        let a = Uuid::from_u128(1);
        let twice = vec![user(ChangeOp::Update, a), user(ChangeOp::Update, a)];
        assert_eq!(coalesce(twice), vec![user(ChangeOp::Update, a)]);

        let bulk: Vec<Change> = (0..=MANY as u128)
            .map(|i| user(ChangeOp::Insert, Uuid::from_u128(i)))
            .collect();
        assert_eq!(
            coalesce(bulk),
            vec![Change {
                kind: ChangeKind::User,
                op: ChangeOp::Insert,
                id: None
            }]
        );
    }

    #[tokio::test]
    async fn a_subscriber_that_falls_behind_learns_it_missed_events() {
        let bus = EventBus::new();
        let mut slow = bus.subscribe();
        for i in 0..(BUFFER as u128 + 10) {
            bus.publish(Event::Change(user(ChangeOp::Update, Uuid::from_u128(i))));
        }
        assert!(matches!(
            slow.recv().await,
            Err(broadcast::error::RecvError::Lagged(10))
        ));
    }

    #[tokio::test]
    async fn closing_the_bus_wakes_waiters_and_later_ones_return_at_once() {
        let bus = EventBus::new();
        let waiting = tokio::spawn(bus.closed());
        bus.close();
        tokio::time::timeout(std::time::Duration::from_secs(1), waiting)
            .await
            .expect("woken")
            .unwrap();
        tokio::time::timeout(std::time::Duration::from_secs(1), bus.closed())
            .await
            .expect("already closed");
    }
}
