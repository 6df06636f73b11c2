//! The User Clients dialog (the eye in Manage Users): who the user is and which clients they
//! belong to.
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserClients {
    pub id: Uuid,
    pub name: String,
    pub email: String,
    /// International format.
    pub phone: Option<String>,
    pub clients: Vec<UserClient>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserClient {
    pub id: Uuid,
    /// The client's contact name.
    pub name: String,
    pub company: Option<String>,
    pub tax_id: Option<String>,
    pub status: super::client::ClientStatus,
    pub owner: bool,
}
