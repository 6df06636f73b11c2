use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub email: String,
    pub email_norm: String,
    pub password_hash: String,
    pub first_name: String,
    pub last_name: String,
    pub phone: Option<String>,
    pub language: String,
    pub admin_notes: String,
    pub status: crate::model::user_list::UserStatus,
    pub email_verified: bool,
    pub phone_verified: bool,
    pub two_factor_required: bool,
    pub totp_secret_enc: Option<Vec<u8>>,
    pub totp_enrolled_at: Option<DateTimeUtc>,
    pub totp_last_step: Option<i64>,
    pub failed_logins: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub last_login_at: Option<DateTimeUtc>,
    pub version: i32,
    /// Kept by triggers on client_users (migration 3); never written by services.
    pub clients_count: i32,
    /// The identity provider's name for the user when it is not their email (migration 19).
    pub scim_user_name: Option<String>,
    pub scim_user_name_norm: Option<String>,
    pub scim_display_name: Option<String>,
    /// The provider's `primary` flag of the user's email (None: primary).
    pub scim_email_primary: Option<bool>,
    /// The identity provider's own id for the user.
    pub external_id: Option<String>,
    /// Created by SCIM provisioning: within reach of a plain `scim` token.
    pub scim_managed: bool,
    /// How many passkeys the user has (migration 24), kept by the passkey service; for the
    /// list's badge without a query per row.
    pub passkey_count: i32,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
