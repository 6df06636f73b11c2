use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "clients")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub company_name: Option<String>,
    pub tax_id: Option<String>,
    pub status: crate::model::client::ClientStatus,
    pub language: String,
    pub admin_notes: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub version: i32,
    /// Kept by triggers on client_users (migration 4); never written by services.
    pub users_count: i32,
    /// The identity provider's own id for the group (migration 19).
    pub external_id: Option<String>,
    /// Created by SCIM provisioning: within reach of a plain `scim` token.
    pub scim_managed: bool,
    /// What a member added through SCIM may do on this client.
    pub scim_member_permissions: super::KeyList<crate::model::client::ClientPermission>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
