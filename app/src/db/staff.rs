use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub email: String,
    pub email_norm: String,
    pub name: String,
    pub password_hash: String,
    pub role_id: i32,
    pub totp_secret_enc: Option<Vec<u8>>,
    pub totp_enrolled_at: Option<DateTimeUtc>,
    pub totp_last_step: Option<i64>,
    pub failed_logins: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub last_login_at: Option<DateTimeUtc>,
    /// Set while the member is disabled: no sign-in, no session.
    pub disabled_at: Option<DateTimeUtc>,
    pub version: i32,
    /// The password is a one-time password an Administrator was shown: the member replaces
    /// it when they enrol their authenticator at the first sign-in.
    pub must_change_password: bool,
    /// Invited by mail and no password chosen yet: INVITED, and the invitation can be sent
    /// again.
    pub invited_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::staff_roles::Entity",
        from = "Column::RoleId",
        to = "super::staff_roles::Column::Id"
    )]
    Role,
}

impl Related<super::staff_roles::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Role.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
