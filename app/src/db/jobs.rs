use crate::model::job::JobStatus;
use sea_orm::entity::prelude::*;

/// A background job (`service::jobs`); see migration 20.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "jobs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: String,
    /// JSON: `model::job::BulkAction`.
    pub action: String,
    /// JSON: `model::job::Selection`.
    pub selection: String,
    pub status: JobStatus,
    pub total: i64,
    pub done: i64,
    pub unchanged: i64,
    pub failed: i64,
    /// The selection has been frozen into `job_items`.
    pub selected: bool,
    /// The last user dealt with (items are worked in id order).
    pub cursor: Option<Uuid>,
    pub cancel_requested: bool,
    /// Why a job stopped as a whole (never database text: that goes to the log).
    pub error: Option<String>,
    pub created_by: Option<Uuid>,
    pub created_by_label: String,
    pub created_at: DateTimeUtc,
    pub started_at: Option<DateTimeUtc>,
    pub finished_at: Option<DateTimeUtc>,
    /// The worker holding the lease.
    pub worker: Option<Uuid>,
    pub lease_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
