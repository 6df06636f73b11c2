use super::{DateStyle, Permission};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The signed-in staff member, as the console needs to know them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMe {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub role: String,
    pub permissions: Vec<Permission>,
    /// From the browser's Accept-Language, for dates in the console.
    pub date_style: DateStyle,
}

impl StaffMe {
    pub fn can(&self, permission: Permission) -> bool {
        self.permissions.contains(&permission)
    }
}

/// What a staff member needs to add Roster to an authenticator app. The secret is shown on
/// purpose here, once, during enrolment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enrolment {
    pub email: String,
    pub secret_base32: String,
    pub otpauth_uri: String,
    pub qr_png_base64: String,
}

/// A row of the Staff page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRow {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub role: String,
    /// An authenticator is set up (staff always need one; without, they enrol at sign-in).
    pub two_factor_enrolled: bool,
    pub last_sign_in: Option<chrono::DateTime<chrono::Utc>>,
    /// Locked after repeated failed sign-ins, until it expires or someone unlocks it.
    pub locked: bool,
}
