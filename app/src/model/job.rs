//! Bulk actions on users, run as background jobs: what staff choose (an action and a
//! selection), and what the progress bar and the report show.
use super::client::ClientPermission;
use super::permission::Permission;
use super::user_list::UserListQuery;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// At most this many users picked one by one (a page's worth, with room to spare); more are
/// chosen by "select all matching", which sends the query, not the ids.
pub const MAX_PICKED: usize = 1000;

/// What a bulk job does to each selected user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum BulkAction {
    Activate,
    Deactivate,
    RequireTwoFactor,
    MarkEmailVerified,
    SendVerificationEmail,
    /// Associate with a client, with these per-client permissions (never as owner).
    Associate {
        client_id: Uuid,
        permissions: Vec<ClientPermission>,
    },
    Delete,
}

/// The menu's choice; `Associate` also needs a client and permissions (`BulkAction::of`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BulkActionKind {
    Activate,
    Deactivate,
    RequireTwoFactor,
    MarkEmailVerified,
    SendVerificationEmail,
    Associate,
    Delete,
}

impl BulkActionKind {
    pub const ALL: [BulkActionKind; 7] = [
        Self::Activate,
        Self::Deactivate,
        Self::RequireTwoFactor,
        Self::MarkEmailVerified,
        Self::SendVerificationEmail,
        Self::Associate,
        Self::Delete,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::Activate => "Activate",
            Self::Deactivate => "Deactivate",
            Self::RequireTwoFactor => "Require 2FA",
            Self::MarkEmailVerified => "Mark email verified",
            Self::SendVerificationEmail => "Send verification email",
            Self::Associate => "Associate with a client",
            Self::Delete => "Delete",
        }
    }

    /// The permission a staff member needs to start it (and keeps needing while it runs).
    pub fn permission(self) -> Permission {
        match self {
            Self::Associate => Permission::ClientsEdit,
            Self::Delete => Permission::UsersDelete,
            _ => Permission::UsersEdit,
        }
    }
}

impl BulkAction {
    /// The action `kind` names; `client` and `permissions` matter to `Associate` only.
    pub fn of(
        kind: BulkActionKind,
        client: Option<Uuid>,
        permissions: Vec<ClientPermission>,
    ) -> Option<Self> {
        Some(match kind {
            BulkActionKind::Activate => Self::Activate,
            BulkActionKind::Deactivate => Self::Deactivate,
            BulkActionKind::RequireTwoFactor => Self::RequireTwoFactor,
            BulkActionKind::MarkEmailVerified => Self::MarkEmailVerified,
            BulkActionKind::SendVerificationEmail => Self::SendVerificationEmail,
            BulkActionKind::Associate => Self::Associate {
                client_id: client?,
                permissions,
            },
            BulkActionKind::Delete => Self::Delete,
        })
    }

    pub fn kind(&self) -> BulkActionKind {
        match self {
            Self::Activate => BulkActionKind::Activate,
            Self::Deactivate => BulkActionKind::Deactivate,
            Self::RequireTwoFactor => BulkActionKind::RequireTwoFactor,
            Self::MarkEmailVerified => BulkActionKind::MarkEmailVerified,
            Self::SendVerificationEmail => BulkActionKind::SendVerificationEmail,
            Self::Associate { .. } => BulkActionKind::Associate,
            Self::Delete => BulkActionKind::Delete,
        }
    }

    pub fn label(&self) -> &'static str {
        self.kind().label()
    }

    pub fn permission(&self) -> Permission {
        self.kind().permission()
    }
}

/// The selection as the console sends it: flat, so that the URL encoding of server functions
/// carries it (an empty `picked` travels as no field at all).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkSelection {
    /// Every user the list's search and filters match, rather than `picked`.
    pub all_matching: bool,
    pub query: UserListQuery,
    #[serde(default)]
    pub picked: Vec<Uuid>,
}

impl From<BulkSelection> for Selection {
    fn from(s: BulkSelection) -> Self {
        if s.all_matching {
            Self::Matching { query: s.query }
        } else {
            Self::Picked { ids: s.picked }
        }
    }
}

/// Which users a job acts on. Rows added after the selection was chosen are never swept in;
/// rows changed after it are reported as conflicts, not overwritten.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Selection {
    /// Ticked one by one (at most `MAX_PICKED`).
    Picked { ids: Vec<Uuid> },
    /// Every user the list's search and filters match (its page and sort do not matter).
    Matching { query: UserListQuery },
}

/// The selection as confirmed: its size then, and the moment it was counted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SelectionCount {
    pub count: u64,
    pub chosen_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum JobStatus {
    Queued,
    Running,
    Done,
    Cancelled,
    /// Stopped by an error of its own (the log says which), not by a user's refusal.
    Failed,
}

impl JobStatus {
    pub fn is_open(self) -> bool {
        matches!(self, Self::Queued | Self::Running)
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Queued => "Waiting",
            Self::Running => "Running",
            Self::Done => "Done",
            Self::Cancelled => "Cancelled",
            Self::Failed => "Stopped by an error",
        }
    }
}

/// Why a selected user was not changed (the report lists these).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum ItemOutcome {
    /// A rule said no (an owner cannot be deleted, ...).
    Refused,
    /// Someone changed the user after the selection was chosen.
    Conflict,
    /// Deleted before the job reached them.
    Gone,
}

/// A job as the progress panel shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JobView {
    pub id: Uuid,
    /// "Deactivate 312 users", "Import users.csv (200 rows)".
    pub title: String,
    /// `jobs.kind`: a bulk action or an import's check or import.
    pub kind: String,
    pub status: JobStatus,
    pub total: u64,
    /// Changed, unchanged (already so) and failed: `processed()` of `total`.
    pub changed: u64,
    pub unchanged: u64,
    pub failed: u64,
    pub cancel_requested: bool,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
    /// Users per second so far, once running.
    pub rate: Option<f64>,
    /// Seconds left at that rate.
    pub seconds_left: Option<u64>,
    pub error: Option<String>,
}

impl JobView {
    pub fn processed(&self) -> u64 {
        self.changed + self.unchanged + self.failed
    }

    /// 0..=100 for the progress bar.
    pub fn percent(&self) -> u8 {
        match self.total {
            0 if self.status.is_open() => 0,
            0 => 100,
            total => ((self.processed().min(total) * 100) / total) as u8,
        }
    }
}

/// One user the job could not change, with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JobFailure {
    pub user_id: Uuid,
    pub user: String,
    pub outcome: ItemOutcome,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actions_travel_as_tagged_json() {
        let a = BulkAction::Associate {
            client_id: Uuid::nil(),
            permissions: vec![],
        };
        let json = serde_json::to_string(&a).unwrap();
        assert!(json.contains(r#""action":"associate""#), "{json}");
        assert_eq!(serde_json::from_str::<BulkAction>(&json).unwrap(), a);
    }

    #[test]
    fn percent_counts_every_processed_user() {
        let mut v = JobView {
            id: Uuid::nil(),
            title: "Activate 200 users".into(),
            kind: "users.bulk".into(),
            status: JobStatus::Running,
            total: 200,
            changed: 50,
            unchanged: 20,
            failed: 30,
            cancel_requested: false,
            created_by: "Ann".into(),
            created_at: Utc::now(),
            finished_at: None,
            rate: None,
            seconds_left: None,
            error: None,
        };
        assert_eq!(v.percent(), 50);
        v.total = 0;
        assert_eq!(v.percent(), 0);
        v.status = JobStatus::Done;
        assert_eq!(v.percent(), 100);
    }
}
