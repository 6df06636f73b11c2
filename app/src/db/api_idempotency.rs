use sea_orm::entity::prelude::*;

/// The first answer to an API POST sent with an `Idempotency-Key`, replayed for 24 hours.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "api_idempotency")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    /// SHA-256 of the bearer token: answers are replayed to the same token only.
    pub token_hash: Vec<u8>,
    #[sea_orm(primary_key, auto_increment = false)]
    pub key: String,
    /// SHA-256 of the method, path and body: the same key with another request is refused.
    pub request_hash: Vec<u8>,
    /// 0 while the first request is still running.
    pub status: i32,
    /// The replayed headers (`Location`, `ETag`) as a JSON object.
    pub headers: String,
    pub body: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
