use crate::model::mail::{MailKind, MailStatus};
use sea_orm::entity::prelude::*;

/// One message: rendered when queued, delivered by a sender (`service::mail::sender`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "mail_outbox")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub kind: MailKind,
    pub user_id: Option<Uuid>,
    pub to_address: String,
    pub language: String,
    pub subject: String,
    pub text_body: String,
    pub html_body: String,
    /// The link's token, sealed, until the message is sent; then None.
    pub link_secret: Option<Vec<u8>>,
    pub status: MailStatus,
    pub attempts: i32,
    pub next_attempt_at: DateTimeUtc,
    pub last_error: Option<String>,
    pub created_at: DateTimeUtc,
    pub sent_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::users::Entity",
        from = "Column::UserId",
        to = "super::users::Column::Id"
    )]
    User,
}

impl Related<super::users::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::User.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
