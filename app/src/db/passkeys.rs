use sea_orm::entity::prelude::*;

/// A passkey of one user or one staff member. `credential` is webauthn-rs's record of it
/// (public key, signature counter): server-side only, never on the wire.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "passkeys")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Option<Uuid>,
    pub staff_id: Option<Uuid>,
    /// The credential id, base64url without padding (as browsers send it).
    pub credential_id: String,
    pub name: String,
    pub credential: String,
    pub created_at: DateTimeUtc,
    pub last_used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
