use serde::{Deserialize, Serialize};

/// A staff permission. Roles are sets of these (a JSON list of keys in
/// `staff_roles.permissions`); every server function names the one it needs.
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
pub enum Permission {
    #[strum(serialize = "users.view", message = "View users")]
    UsersView,
    #[strum(serialize = "users.create", message = "Create users")]
    UsersCreate,
    #[strum(serialize = "users.edit", message = "Edit users")]
    UsersEdit,
    #[strum(serialize = "users.delete", message = "Delete users")]
    UsersDelete,
    #[strum(serialize = "clients.view", message = "View clients")]
    ClientsView,
    #[strum(serialize = "clients.edit", message = "Edit clients")]
    ClientsEdit,
    #[strum(serialize = "staff.manage", message = "Manage staff")]
    StaffManage,
    #[strum(serialize = "audit.view", message = "View activity")]
    AuditView,
    #[strum(serialize = "mail.view", message = "View the mail log")]
    MailView,
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_round_trip() {
        super::super::keyed::assert_round_trips::<super::Permission>();
    }
}
