//! A user as lists and exports read them: only the columns they show. On SQLite every value
//! read is copied on sqlx's worker thread and freed on the runtime's, so reading all of a
//! user's 30 columns (hash, sealed secret, notes ...) for each listed row cost more than
//! finding it: 1,000,000 exported rows took 26 s with them, 14 s without; a 200-row API page
//! spent most of its time there.
use super::users;
use crate::model::user_list::UserStatus;
use sea_orm::prelude::{DateTimeUtc, Uuid};
use sea_orm::FromQueryResult;

#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct ListedUser {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub email_verified: bool,
    pub phone: Option<String>,
    pub phone_verified: bool,
    pub status: UserStatus,
    pub failed_logins: i32,
    pub locked_until: Option<DateTimeUtc>,
    pub totp_enrolled_at: Option<DateTimeUtc>,
    pub two_factor_required: bool,
    pub clients_count: i32,
    pub passkey_count: i32,
    pub language: String,
    pub created_at: DateTimeUtc,
    pub last_login_at: Option<DateTimeUtc>,
}

impl ListedUser {
    /// The columns read, in the fields' order.
    pub const COLUMNS: [users::Column; 17] = [
        users::Column::Id,
        users::Column::FirstName,
        users::Column::LastName,
        users::Column::Email,
        users::Column::EmailVerified,
        users::Column::Phone,
        users::Column::PhoneVerified,
        users::Column::Status,
        users::Column::FailedLogins,
        users::Column::LockedUntil,
        users::Column::TotpEnrolledAt,
        users::Column::TwoFactorRequired,
        users::Column::ClientsCount,
        users::Column::PasskeyCount,
        users::Column::Language,
        users::Column::CreatedAt,
        users::Column::LastLoginAt,
    ];
}

impl From<users::Model> for ListedUser {
    fn from(u: users::Model) -> Self {
        Self {
            id: u.id,
            first_name: u.first_name,
            last_name: u.last_name,
            email: u.email,
            email_verified: u.email_verified,
            phone: u.phone,
            phone_verified: u.phone_verified,
            status: u.status,
            failed_logins: u.failed_logins,
            locked_until: u.locked_until,
            totp_enrolled_at: u.totp_enrolled_at,
            two_factor_required: u.two_factor_required,
            clients_count: u.clients_count,
            passkey_count: u.passkey_count,
            language: u.language,
            created_at: u.created_at,
            last_login_at: u.last_login_at,
        }
    }
}
