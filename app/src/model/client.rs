//! Clients as staff see them: their status, and what a user may do on a client.
use serde::{Deserialize, Serialize};

/// What an associated user may do on a client (the owner may do everything); the keys are
/// stored as a JSON list in `client_users.permissions`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum ClientPermission {
    #[strum(message = "Modify profile")]
    Profile,
    #[strum(message = "Manage users")]
    Users,
    #[strum(message = "Services")]
    Services,
    #[strum(message = "Domains")]
    Domains,
    #[strum(message = "Invoices")]
    Invoices,
    #[strum(message = "Support tickets")]
    Tickets,
    #[strum(message = "Orders")]
    Orders,
    #[strum(message = "Affiliates")]
    Affiliates,
    #[strum(message = "Quotes")]
    Quotes,
    #[strum(message = "Emails")]
    Emails,
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_value_has_a_key_and_label() {
        use super::*;
        use crate::model::{Keyed, VariantArray};
        super::super::keyed::assert_round_trips::<ClientPermission>();
        super::super::keyed::assert_round_trips::<ClientStatus>();
        for &s in ClientStatus::VARIANTS {
            assert_eq!(serde_json::to_value(s).unwrap(), s.key());
        }
        for &p in ClientPermission::VARIANTS {
            assert_eq!(serde_json::to_value(p).unwrap(), p.key());
        }
    }
}

/// A client's status: NEW, ACTIVE, INACTIVE, CLOSED, FRAUD; stored in `clients.status`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    Default,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
    strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, utoipa::ToSchema))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum ClientStatus {
    #[strum(message = "ACTIVE")]
    Active,
    #[default]
    #[strum(message = "NEW")]
    New,
    #[strum(message = "INACTIVE")]
    Inactive,
    #[strum(message = "CLOSED")]
    Closed,
    #[strum(message = "FRAUD")]
    Fraud,
}

/// A client's display name: its company, else its contact's name.
pub fn display_name(first: &str, last: &str, company: Option<&str>) -> String {
    match company.filter(|c| !c.trim().is_empty()) {
        Some(company) => company.to_owned(),
        None => format!("{first} {last}").trim().to_owned(),
    }
}
