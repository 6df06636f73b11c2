//! Clients as staff see them: their status, and what a user may do on a client.
use serde::{Deserialize, Serialize};

/// What an associated user may do on a client (the owner may do everything).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum ClientPermission {
    Profile,
    Users,
    Services,
    Domains,
    Invoices,
    Tickets,
    Orders,
    Affiliates,
    Quotes,
    Emails,
}

impl ClientPermission {
    pub const ALL: [ClientPermission; 10] = [
        Self::Profile,
        Self::Users,
        Self::Services,
        Self::Domains,
        Self::Invoices,
        Self::Tickets,
        Self::Orders,
        Self::Affiliates,
        Self::Quotes,
        Self::Emails,
    ];

    /// The key stored in `client_users.permissions`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Profile => "profile",
            Self::Users => "users",
            Self::Services => "services",
            Self::Domains => "domains",
            Self::Invoices => "invoices",
            Self::Tickets => "tickets",
            Self::Orders => "orders",
            Self::Affiliates => "affiliates",
            Self::Quotes => "quotes",
            Self::Emails => "emails",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Profile => "Modify profile",
            Self::Users => "Manage users",
            Self::Services => "Services",
            Self::Domains => "Domains",
            Self::Invoices => "Invoices",
            Self::Tickets => "Support tickets",
            Self::Orders => "Orders",
            Self::Affiliates => "Affiliates",
            Self::Quotes => "Quotes",
            Self::Emails => "Emails",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.key() == key)
    }
}

/// Permission keys as stored: a JSON list in the order of `ClientPermission::ALL`.
pub fn permissions_json(permissions: &[ClientPermission]) -> String {
    let keys: Vec<&str> = ClientPermission::ALL
        .into_iter()
        .filter(|p| permissions.contains(p))
        .map(ClientPermission::key)
        .collect();
    serde_json::to_string(&keys).unwrap_or_else(|_| "[]".into())
}

/// The stored list read back; unknown keys are dropped.
pub fn permissions_from_json(json: &str) -> Vec<ClientPermission> {
    let keys: Vec<String> = serde_json::from_str(json).unwrap_or_default();
    ClientPermission::ALL
        .into_iter()
        .filter(|p| keys.iter().any(|k| k == p.key()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permissions_round_trip_in_a_fixed_order() {
        let chosen = [ClientPermission::Emails, ClientPermission::Profile];
        let json = permissions_json(&chosen);
        assert_eq!(json, r#"["profile","emails"]"#);
        assert_eq!(
            permissions_from_json(&json),
            [ClientPermission::Profile, ClientPermission::Emails]
        );
        assert_eq!(
            permissions_from_json(r#"["nope","users"]"#),
            [ClientPermission::Users]
        );
        for p in ClientPermission::ALL {
            assert_eq!(ClientPermission::from_key(p.key()), Some(p));
        }
    }
}

/// A client's status: NEW, ACTIVE, INACTIVE, CLOSED, FRAUD.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
pub enum ClientStatus {
    #[default]
    New,
    Active,
    Inactive,
    Closed,
    Fraud,
}

impl ClientStatus {
    pub const ALL: [ClientStatus; 5] = [
        Self::Active,
        Self::New,
        Self::Inactive,
        Self::Closed,
        Self::Fraud,
    ];

    /// The value stored in `clients.status`.
    pub fn key(self) -> &'static str {
        match self {
            Self::New => "new",
            Self::Active => "active",
            Self::Inactive => "inactive",
            Self::Closed => "closed",
            Self::Fraud => "fraud",
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
            Self::Closed => "CLOSED",
            Self::Fraud => "FRAUD",
        }
    }
}

/// A client's display name: its company, else its contact's name.
pub fn display_name(first: &str, last: &str, company: Option<&str>) -> String {
    match company.filter(|c| !c.trim().is_empty()) {
        Some(company) => company.to_owned(),
        None => format!("{first} {last}").trim().to_owned(),
    }
}
