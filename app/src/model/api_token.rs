//! API tokens as their owner sees them, and the scopes a token can carry. A scope is a subset
//! of its owner's permissions: a token never does what its owner may not do now.
use super::Permission;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// What a token may do; stored as keys in `api_tokens.scopes`.
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
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum ApiScope {
    #[strum(serialize = "users:read", message = "Read users and their clients")]
    #[serde(rename = "users:read")]
    UsersRead,
    #[strum(serialize = "users:write", message = "Create, change and delete users")]
    #[serde(rename = "users:write")]
    UsersWrite,
    #[strum(serialize = "clients:read", message = "Read clients and their users")]
    #[serde(rename = "clients:read")]
    ClientsRead,
    #[strum(
        serialize = "clients:write",
        message = "Create and change clients and their users"
    )]
    #[serde(rename = "clients:write")]
    ClientsWrite,
    #[strum(serialize = "mail:read", message = "Read the mail log")]
    #[serde(rename = "mail:read")]
    MailRead,
    #[strum(serialize = "audit:read", message = "Read the activity log")]
    #[serde(rename = "audit:read")]
    AuditRead,
    #[strum(
        serialize = "scim",
        message = "SCIM provisioning of the users and client accounts SCIM created"
    )]
    #[serde(rename = "scim")]
    Scim,
    #[strum(
        serialize = "scim:all",
        message = "SCIM provisioning of every user and client account (to link existing ones)"
    )]
    #[serde(rename = "scim:all")]
    ScimAll,
}

impl ApiScope {
    /// The owner permissions that let a staff member hold this scope (any one of them). Each
    /// request still needs the permission of what it does (a `users:write` token of someone
    /// who may edit but not delete users cannot delete).
    pub fn grantable_with(self) -> &'static [Permission] {
        match self {
            Self::UsersRead => &[Permission::UsersView],
            Self::UsersWrite => &[
                Permission::UsersCreate,
                Permission::UsersEdit,
                Permission::UsersDelete,
            ],
            Self::ClientsRead => &[Permission::ClientsView],
            Self::ClientsWrite => &[Permission::ClientsEdit],
            Self::MailRead => &[Permission::MailView],
            Self::AuditRead => &[Permission::AuditView],
            Self::Scim => &[Permission::UsersCreate, Permission::UsersEdit],
            // Reaching accounts staff made is editing them.
            Self::ScimAll => &[Permission::UsersEdit],
        }
    }

    /// Whether a staff member with `permissions` may hold this scope.
    pub fn grantable_to(self, permissions: &[Permission]) -> bool {
        self.grantable_with()
            .iter()
            .any(|p| permissions.contains(p))
    }
}

/// One token in its owner's list (never the token itself, which is shown once).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenRow {
    pub id: Uuid,
    pub name: String,
    /// The token's first characters, e.g. `rst_3fA9c1`, to tell tokens apart.
    pub prefix: String,
    pub scopes: Vec<ApiScope>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    pub last_used_ip: Option<String>,
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Past its expiry when the list was read.
    pub expired: bool,
}

/// My tokens, and the scopes my role lets me give a new one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenList {
    pub rows: Vec<ApiTokenRow>,
    pub grantable: Vec<ApiScope>,
}

/// A token just made: the token itself goes to its owner this once, never again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedApiToken {
    pub row: ApiTokenRow,
    pub token: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip_and_match_the_wire() {
        use strum::VariantArray;
        crate::model::keyed::assert_round_trips::<ApiScope>();
        for &s in ApiScope::VARIANTS {
            let key: &str = s.into();
            assert_eq!(serde_json::to_value(s).unwrap(), key);
        }
    }

    #[test]
    fn a_scope_needs_one_of_its_permissions() {
        assert!(ApiScope::UsersWrite.grantable_to(&[Permission::UsersDelete]));
        assert!(!ApiScope::UsersWrite.grantable_to(&[Permission::UsersView]));
        assert!(!ApiScope::AuditRead.grantable_to(&[]));
    }
}
