use sea_orm::entity::prelude::*;

/// The server's half of one passkey registration or sign-in in flight (webauthn-rs's state,
/// as JSON): taken once, by whichever node the browser's answer reaches.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "passkey_ceremonies")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub purpose: String,
    /// The account the ceremony is for; None for a sign-in that starts with no account.
    pub account_id: Option<Uuid>,
    pub state: String,
    pub expires_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
