use crate::model::job::ItemOutcome;
use sea_orm::entity::prelude::*;

/// One selected user of a job, at the version they had when the job froze its selection.
/// Pending while `outcome` is None; refused items stay for the report.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "job_items")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub job_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub user_id: Uuid,
    pub version: i32,
    pub outcome: Option<ItemOutcome>,
    pub reason: Option<String>,
    /// Who the user was (name and email), for the report after a delete.
    pub label: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
