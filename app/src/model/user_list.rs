//! What the Manage Users list asks for and gets back.
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A user's status as staff see it (ACTIVE / INACTIVE / NEW).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum UserStatus {
    #[default]
    New,
    Active,
    Inactive,
}

impl UserStatus {
    pub const ALL: [UserStatus; 3] = [Self::Active, Self::Inactive, Self::New];

    /// The value stored in `users.status`.
    pub fn key(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Active => "active",
            Self::Inactive => "inactive",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The badge text.
    pub fn label(self) -> &'static str {
        match self {
            Self::New => "NEW",
            Self::Active => "ACTIVE",
            Self::Inactive => "INACTIVE",
        }
    }
}

/// The 2FA indicator: off, required but not enrolled yet, or enrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TwoFactorState {
    Off,
    Required,
    Enrolled,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SortKey {
    Name,
    Email,
    Status,
    Clients,
    #[default]
    Created,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum SortDir {
    Asc,
    #[default]
    Desc,
}

pub const PAGE_SIZES: [u32; 3] = [25, 50, 100];

/// One view of the list: search, filters, sort and page (all of it lives in the URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserListQuery {
    pub q: String,
    pub status: Option<UserStatus>,
    pub two_factor: Option<TwoFactorState>,
    pub email_verified: Option<bool>,
    pub has_clients: Option<bool>,
    pub sort: SortKey,
    pub dir: SortDir,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

impl Default for UserListQuery {
    fn default() -> Self {
        Self {
            q: String::new(),
            status: None,
            two_factor: None,
            email_verified: None,
            has_clients: None,
            sort: SortKey::Created,
            dir: SortDir::Desc,
            page: 1,
            per_page: PAGE_SIZES[0],
        }
    }
}

/// How many users match: exact where that is cheap, else a lower bound ("more than N").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Total {
    Exact(u64),
    AtLeast(u64),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub email_verified: bool,
    /// E.164, e.g. `+48123456789`.
    pub phone: Option<String>,
    pub phone_verified: bool,
    pub status: UserStatus,
    pub two_factor: TwoFactorState,
    pub clients: u32,
    /// RFC 3339, UTC.
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPage {
    pub rows: Vec<UserRow>,
    pub total: Total,
    pub page: u32,
    pub per_page: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_keys_round_trip() {
        for s in UserStatus::ALL {
            assert_eq!(UserStatus::from_key(s.key()), Some(s));
        }
        assert_eq!(UserStatus::from_key("deleted"), None);
    }
}
