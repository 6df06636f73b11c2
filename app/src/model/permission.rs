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
    #[strum(
        serialize = "users.view",
        message = "View users",
        detailed_message = "Open Manage Users, a user's details, clients and messages."
    )]
    UsersView,
    #[strum(
        serialize = "users.create",
        message = "Create users",
        detailed_message = "Add users, with a password or an invitation."
    )]
    UsersCreate,
    #[strum(
        serialize = "users.edit",
        message = "Edit users",
        detailed_message = "Change users' details, status, 2FA and email; send them links."
    )]
    UsersEdit,
    #[strum(
        serialize = "users.delete",
        message = "Delete users",
        detailed_message = "Delete users who own no client."
    )]
    UsersDelete,
    #[strum(
        serialize = "users.impersonate",
        message = "Sign in as users",
        detailed_message = "Open the client area as a user for 30 minutes, with a reason that is recorded."
    )]
    UsersImpersonate,
    #[strum(
        serialize = "clients.view",
        message = "View clients",
        detailed_message = "Open Manage Clients and a client's users."
    )]
    ClientsView,
    #[strum(
        serialize = "clients.edit",
        message = "Edit clients",
        detailed_message = "Create and edit clients; associate users, set permissions and the owner."
    )]
    ClientsEdit,
    #[strum(
        serialize = "staff.manage",
        message = "Manage staff",
        detailed_message = "Add, edit, disable and unlock staff members; define roles."
    )]
    StaffManage,
    #[strum(
        serialize = "audit.view",
        message = "View activity",
        detailed_message = "Read the audit trail of every change and sign-in."
    )]
    AuditView,
    #[strum(
        serialize = "mail.view",
        message = "View the mail log",
        detailed_message = "Read the messages Roster sent (their links stay hidden)."
    )]
    MailView,
}

/// The headings permissions are grouped under when a role is edited.
#[derive(Debug, Clone, Copy, PartialEq, Eq, strum::VariantArray, strum::IntoStaticStr)]
pub enum PermissionGroup {
    Users,
    Clients,
    Audit,
    Staff,
    Mail,
}

impl Permission {
    pub fn group(self) -> PermissionGroup {
        match self {
            Self::UsersView
            | Self::UsersCreate
            | Self::UsersEdit
            | Self::UsersDelete
            | Self::UsersImpersonate => PermissionGroup::Users,
            Self::ClientsView | Self::ClientsEdit => PermissionGroup::Clients,
            Self::AuditView => PermissionGroup::Audit,
            Self::StaffManage => PermissionGroup::Staff,
            Self::MailView => PermissionGroup::Mail,
        }
    }

    /// One line on what it allows, under its box in the role form.
    pub fn description(self) -> &'static str {
        strum::EnumMessage::get_detailed_message(&self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_round_trip() {
        super::super::keyed::assert_round_trips::<super::Permission>();
    }

    #[test]
    fn every_permission_says_what_it_allows() {
        use strum::VariantArray;
        for p in super::Permission::VARIANTS {
            assert!(p.description().ends_with('.'), "{p:?}");
        }
    }
}
