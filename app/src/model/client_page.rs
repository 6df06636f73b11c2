//! A client's page (`/admin/clients/<uuid>`) and its Users tab.
use super::client::{ClientPermission, ClientStatus};
use super::user_list::{TwoFactorState, UserStatus};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientDetail {
    pub id: Uuid,
    /// Company name, else the contact's name.
    pub name: String,
    pub first_name: String,
    pub last_name: String,
    pub company: Option<String>,
    pub tax_id: Option<String>,
    pub status: ClientStatus,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Owner first, then by name.
    pub users: Vec<ClientUser>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientUser {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub status: UserStatus,
    pub two_factor: TwoFactorState,
    pub owner: bool,
    /// What the user may do here; the owner may do everything whatever this says.
    pub permissions: Vec<ClientPermission>,
}

/// A user offered by the Associate User picker.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserChoice {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    pub status: UserStatus,
    /// Already associated with the client the picker is for.
    pub associated: bool,
}

/// What associating did: done, or done with a warning (an INACTIVE user).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AssociateOutcome {
    Done,
    UserInactive,
}
