//! What a CSV export of Manage Users or Manage Clients holds: its columns (chosen, by default
//! the list's) and whether it is made for Excel. The filters are the list's own.
use serde::{Deserialize, Serialize};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[strum(serialize_all = "snake_case")]
pub enum UserColumn {
    #[strum(message = "ID")]
    Id,
    #[strum(message = "First name")]
    FirstName,
    #[strum(message = "Last name")]
    LastName,
    #[strum(message = "Email")]
    Email,
    #[strum(message = "Email verified")]
    EmailVerified,
    #[strum(message = "Phone")]
    Phone,
    #[strum(message = "Phone verified")]
    PhoneVerified,
    #[strum(message = "Status")]
    Status,
    #[strum(message = "2FA")]
    TwoFactor,
    #[strum(message = "Clients")]
    Clients,
    #[strum(message = "Language")]
    Language,
    #[strum(message = "Created")]
    Created,
    #[strum(message = "Last sign-in")]
    LastSignIn,
}

/// The list's own columns, in its order.
pub const LIST_COLUMNS: &[UserColumn] = &[
    UserColumn::FirstName,
    UserColumn::LastName,
    UserColumn::Email,
    UserColumn::EmailVerified,
    UserColumn::Phone,
    UserColumn::Status,
    UserColumn::TwoFactor,
    UserColumn::Clients,
    UserColumn::Created,
    UserColumn::LastSignIn,
];

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[strum(serialize_all = "snake_case")]
pub enum ClientColumn {
    #[strum(message = "ID")]
    Id,
    #[strum(message = "First name")]
    FirstName,
    #[strum(message = "Last name")]
    LastName,
    #[strum(message = "Company")]
    Company,
    #[strum(message = "Tax ID")]
    TaxId,
    #[strum(message = "Status")]
    Status,
    #[strum(message = "Owner")]
    Owner,
    #[strum(message = "Owner email")]
    OwnerEmail,
    #[strum(message = "Users")]
    Users,
    #[strum(message = "Language")]
    Language,
    #[strum(message = "Created")]
    Created,
}

/// Manage Clients' own columns, in its order (the owner's email added: a sheet has no link).
pub const CLIENT_LIST_COLUMNS: &[ClientColumn] = &[
    ClientColumn::FirstName,
    ClientColumn::LastName,
    ClientColumn::Company,
    ClientColumn::Owner,
    ClientColumn::OwnerEmail,
    ClientColumn::Users,
    ClientColumn::Status,
    ClientColumn::Created,
];

/// `columns=first_name,email`: known columns in the order given, each once; `default` (the
/// list's columns) when none is named.
pub fn columns_from<C: crate::model::Keyed + PartialEq>(
    param: Option<&str>,
    default: &[C],
) -> Vec<C> {
    let mut chosen: Vec<C> = Vec::new();
    for key in param.unwrap_or_default().split(',').map(str::trim) {
        if let Some(column) = C::from_key(key).filter(|c| !chosen.contains(c)) {
            chosen.push(column);
        }
    }
    if chosen.is_empty() {
        chosen = default.to_vec();
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_read_in_order_once_or_default_to_the_lists() {
        assert_eq!(
            columns_from(Some("email, id,email,bogus"), LIST_COLUMNS),
            vec![UserColumn::Email, UserColumn::Id]
        );
        assert_eq!(columns_from(Some(""), LIST_COLUMNS), LIST_COLUMNS.to_vec());
        assert_eq!(
            columns_from(None, CLIENT_LIST_COLUMNS),
            CLIENT_LIST_COLUMNS.to_vec()
        );
        assert_eq!(
            columns_from(Some("owner_email,company"), CLIENT_LIST_COLUMNS),
            vec![ClientColumn::OwnerEmail, ClientColumn::Company]
        );
    }
}
