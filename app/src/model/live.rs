//! Live updates: what changed, as ids only. Each console refetches what it is allowed to see.
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    User,
    Client,
    /// A staff member or a role (`id: None`: a role, so possibly many members).
    Staff,
    /// A background job (its progress).
    Job,
}

impl ChangeKind {
    pub const ALL: [ChangeKind; 4] = [Self::User, Self::Client, Self::Staff, Self::Job];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeOp {
    Insert,
    Update,
    Delete,
}

/// One changed record; `id: None` stands for "many" (a bulk write): refetch what is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Change {
    pub kind: ChangeKind,
    pub op: ChangeOp,
    pub id: Option<Uuid>,
}

/// More changed rows than this in one transaction travel as one "many" change.
pub const MANY: usize = 100;

impl Change {
    /// Whether a view of `kind` showing `ids` has to look again.
    pub fn touches(&self, kind: ChangeKind, shown: impl IntoIterator<Item = Uuid>) -> bool {
        self.kind == kind
            && match self.id {
                None => true,
                Some(id) => self.op == ChangeOp::Insert || shown.into_iter().any(|s| s == id),
            }
    }
}
