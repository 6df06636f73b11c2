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
    /// A staff member's first sign-in with a one-time password: they choose their own too.
    #[serde(default)]
    pub must_change_password: bool,
    /// Re-enrolment from My profile: the new secret, sealed by the server, sent back with
    /// the codes that confirm it (the old authenticator works until then).
    #[serde(default)]
    pub pending: Option<String>,
}

/// Whether a staff member may sign in, as the Staff page shows it.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
pub enum StaffStatus {
    #[strum(serialize = "active", message = "ACTIVE")]
    Active,
    /// Locked after repeated failed sign-ins, until it expires or someone unlocks it.
    #[strum(serialize = "locked", message = "LOCKED")]
    Locked,
    #[strum(serialize = "disabled", message = "DISABLED")]
    Disabled,
    /// Invited by mail; no password chosen yet.
    #[strum(serialize = "invited", message = "INVITED")]
    Invited,
}

/// A row of the Staff page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffRow {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub role_id: i32,
    pub role: String,
    /// An authenticator is set up (staff always need one; without, they enrol at sign-in).
    pub two_factor_enrolled: bool,
    pub last_sign_in: Option<chrono::DateTime<chrono::Utc>>,
    pub status: StaffStatus,
    pub version: i32,
}

/// What Create and Edit Staff Member send.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffForm {
    pub name: String,
    pub email: String,
    pub role_id: i32,
}

/// A new staff member and the one-time password to hand them (shown once: they choose their
/// own when they first sign in); none when they were invited by mail.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedStaff {
    pub id: Uuid,
    pub one_time_password: Option<String>,
}

/// Whom a staff invitation is for (its page greets them).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitee {
    pub name: String,
    pub email: String,
}

/// A role as the Roles page and the staff form show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleRow {
    pub id: i32,
    pub name: String,
    /// Administrator and Support: shipped with Roster, not editable.
    pub built_in: bool,
    pub permissions: Vec<Permission>,
    pub members: u64,
    pub version: i32,
}

/// What Create and Edit Role send.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoleForm {
    pub name: String,
    /// May be empty (a role that can only open the dashboard).
    #[serde(default)]
    pub permissions: Vec<Permission>,
}

/// One of my console sessions, on My profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionRow {
    /// The session's handle for "Sign out" (a digest of its token, never the token).
    pub id: String,
    /// "Firefox on Linux", from the User-Agent when the session began.
    pub device: String,
    pub ip: Option<String>,
    pub signed_in: chrono::DateTime<chrono::Utc>,
    pub last_seen: chrono::DateTime<chrono::Utc>,
    /// The session of the browser asking.
    pub current: bool,
    /// A user session a staff member opened as the user: their name.
    pub impersonated_by: Option<String>,
}
