use sea_orm::entity::prelude::*;

/// An uploaded CSV of users (`service::import`); see migration 21.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "imports")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub file_name: String,
    /// JSON: the header's column names.
    pub header: String,
    pub row_count: i64,
    /// JSON: `model::import::Mapping`, once chosen.
    pub mapping: Option<String>,
    /// Users without a password hash get an invitation by mail.
    pub invite: bool,
    pub created_by: Option<Uuid>,
    pub created_by_label: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
