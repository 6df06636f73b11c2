use crate::model::mail::LinkPurpose;
use sea_orm::entity::prelude::*;

/// A link's token, as its SHA-256: the token itself is only ever in the message.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "link_tokens")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    /// Whose link it is: a user's or a staff member's, never both.
    pub user_id: Option<Uuid>,
    pub staff_id: Option<Uuid>,
    pub purpose: LinkPurpose,
    pub token_hash: Vec<u8>,
    /// The address the link was sent to (a verification link verifies only this one).
    pub email: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
