use crate::model::import::Verdict;
use sea_orm::entity::prelude::*;

/// One CSV record of an import, with its verdict once checked.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "import_rows")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub import_id: Uuid,
    /// The record's line in the file (the header is line 1).
    #[sea_orm(primary_key, auto_increment = false)]
    pub line: i64,
    /// JSON: the record's fields, as strings.
    pub fields: String,
    pub verdict: Option<Verdict>,
    pub reason: Option<String>,
    /// The row's address, normalised, once checked (a later row with it is a duplicate).
    pub email_norm: Option<String>,
    pub done: bool,
    pub user_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
