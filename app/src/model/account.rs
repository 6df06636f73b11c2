//! The client area's account page: what a signed-in user sees of themselves.
use super::client::ClientPermission;
use super::user_list::TwoFactorState;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub language: String,
    pub two_factor: TwoFactorState,
    /// Staff made 2FA required: the user cannot turn it off.
    pub two_factor_required: bool,
    pub recovery_codes_left: u32,
    pub clients: Vec<MyClient>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyClient {
    pub id: Uuid,
    pub name: String,
    pub owner: bool,
    pub permissions: Vec<ClientPermission>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Profile {
    pub first_name: String,
    pub last_name: String,
    pub language: String,
}

/// One attempt to sign in to an account (its sign-in history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInAttempt {
    pub at: chrono::DateTime<chrono::Utc>,
    /// None: signed in. Some: why it was refused ("wrong password", "wrong code", "locked",
    /// "inactive", "email not verified").
    pub refused: Option<String>,
    pub ip: Option<String>,
    /// "Chrome on Linux"; none for attempts recorded before devices were.
    pub device: Option<String>,
}
