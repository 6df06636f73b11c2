//! What a CSV export of Manage Users holds: its columns (chosen, by default the list's) and
//! whether it is made for Excel. The filters are the list's own (`UserListQuery`).
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

/// `columns=first_name,email`: known columns in the order given, each once; the list's
/// columns when none is named.
pub fn columns_from(param: Option<&str>) -> Vec<UserColumn> {
    use crate::model::Keyed;
    let mut chosen: Vec<UserColumn> = Vec::new();
    for key in param.unwrap_or_default().split(',').map(str::trim) {
        if let Some(column) = UserColumn::from_key(key).filter(|c| !chosen.contains(c)) {
            chosen.push(column);
        }
    }
    if chosen.is_empty() {
        chosen = LIST_COLUMNS.to_vec();
    }
    chosen
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_read_in_order_once_or_default_to_the_lists() {
        assert_eq!(
            columns_from(Some("email, id,email,bogus")),
            vec![UserColumn::Email, UserColumn::Id]
        );
        assert_eq!(columns_from(Some("")), LIST_COLUMNS.to_vec());
        assert_eq!(columns_from(None), LIST_COLUMNS.to_vec());
    }
}
