use serde::{Deserialize, Serialize};

/// A staff permission. Roles are sets of these; every server function names the one it needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Permission {
    UsersView,
    UsersCreate,
    UsersEdit,
    UsersDelete,
    ClientsView,
    ClientsEdit,
    StaffManage,
    AuditView,
}

impl Permission {
    pub const ALL: [Permission; 8] = [
        Self::UsersView,
        Self::UsersCreate,
        Self::UsersEdit,
        Self::UsersDelete,
        Self::ClientsView,
        Self::ClientsEdit,
        Self::StaffManage,
        Self::AuditView,
    ];

    /// The key stored in `staff_roles.permissions`.
    pub fn key(self) -> &'static str {
        match self {
            Self::UsersView => "users.view",
            Self::UsersCreate => "users.create",
            Self::UsersEdit => "users.edit",
            Self::UsersDelete => "users.delete",
            Self::ClientsView => "clients.view",
            Self::ClientsEdit => "clients.edit",
            Self::StaffManage => "staff.manage",
            Self::AuditView => "audit.view",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.key() == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for p in Permission::ALL {
            assert_eq!(Permission::from_key(p.key()), Some(p));
        }
        assert_eq!(Permission::from_key("users.fly"), None);
    }
}
