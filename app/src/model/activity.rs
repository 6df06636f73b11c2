//! The Activity page: audit entries, newest first, filtered by staff member, action and
//! target; the filters live in the URL.
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Every action Roster records in the audit trail: its stored key and the words the
/// Activity page shows. The label is a `match`, so an action cannot exist without one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AuditAction {
    UserCreate,
    UserUpdate,
    UserDelete,
    UserUnlock,
    UserPasswordChange,
    UserTotpEnrol,
    UserTotpOff,
    UserTotpReset,
    UserSignIn,
    UserSignInRefused,
    ClientCreate,
    ClientUpdate,
    ClientAssociate,
    ClientPermissions,
    ClientTransferOwnership,
    ClientRemoveUser,
    StaffCreate,
    StaffTotpEnrol,
    StaffUnlock,
    StaffSignIn,
    StaffSignInRefused,
}

impl AuditAction {
    pub const ALL: [AuditAction; 21] = [
        Self::UserCreate,
        Self::UserUpdate,
        Self::UserDelete,
        Self::UserUnlock,
        Self::UserPasswordChange,
        Self::UserTotpEnrol,
        Self::UserTotpOff,
        Self::UserTotpReset,
        Self::UserSignIn,
        Self::UserSignInRefused,
        Self::ClientCreate,
        Self::ClientUpdate,
        Self::ClientAssociate,
        Self::ClientPermissions,
        Self::ClientTransferOwnership,
        Self::ClientRemoveUser,
        Self::StaffCreate,
        Self::StaffTotpEnrol,
        Self::StaffUnlock,
        Self::StaffSignIn,
        Self::StaffSignInRefused,
    ];

    /// The key stored in `audit_log.action` (existing rows keep theirs).
    pub fn key(self) -> &'static str {
        match self {
            Self::UserCreate => "user.create",
            Self::UserUpdate => "user.update",
            Self::UserDelete => "user.delete",
            Self::UserUnlock => "user.unlock",
            Self::UserPasswordChange => "user.password_change",
            Self::UserTotpEnrol => "user.totp_enrol",
            Self::UserTotpOff => "user.totp_off",
            Self::UserTotpReset => "user.totp_reset",
            Self::UserSignIn => "user.sign_in",
            Self::UserSignInRefused => "user.sign_in_refused",
            Self::ClientCreate => "client.create",
            Self::ClientUpdate => "client.update",
            Self::ClientAssociate => "client.associate",
            Self::ClientPermissions => "client.permissions",
            Self::ClientTransferOwnership => "client.transfer_ownership",
            Self::ClientRemoveUser => "client.remove_user",
            Self::StaffCreate => "staff.create",
            Self::StaffTotpEnrol => "staff.totp_enrol",
            Self::StaffUnlock => "staff.unlock",
            Self::StaffSignIn => "staff.sign_in",
            Self::StaffSignInRefused => "staff.sign_in_refused",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::UserCreate => "Created user",
            Self::UserUpdate => "Edited user",
            Self::UserDelete => "Deleted user",
            Self::UserUnlock => "Unlocked user",
            Self::UserPasswordChange => "Changed own password",
            Self::UserTotpEnrol => "Set up 2FA",
            Self::UserTotpOff => "Turned own 2FA off",
            Self::UserTotpReset => "Reset user's 2FA",
            Self::UserSignIn => "User signed in",
            Self::UserSignInRefused => "User sign-in refused",
            Self::ClientCreate => "Created client",
            Self::ClientUpdate => "Edited client",
            Self::ClientAssociate => "Associated user with client",
            Self::ClientPermissions => "Changed user's client permissions",
            Self::ClientTransferOwnership => "Moved client ownership",
            Self::ClientRemoveUser => "Removed user from client",
            Self::StaffCreate => "Created staff member",
            Self::StaffTotpEnrol => "Staff member set up 2FA",
            Self::StaffUnlock => "Unlocked staff member",
            Self::StaffSignIn => "Staff member signed in",
            Self::StaffSignInRefused => "Staff sign-in refused",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.key() == key)
    }
}

/// The words for a stored action key; an unknown key (from a newer version) shows as itself.
pub fn action_label(key: &str) -> &str {
    match AuditAction::from_key(key) {
        Some(action) => action.label(),
        None => key,
    }
}

pub const PER_PAGE: u64 = 50;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct ActivityQuery {
    /// A staff member's id.
    pub actor: Option<Uuid>,
    pub action: Option<String>,
    /// The id of the user (or other record) whose history to show.
    pub target: Option<String>,
    pub page: u32,
}

impl ActivityQuery {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let nonempty = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        Self {
            actor: nonempty("actor").and_then(|v| Uuid::parse_str(&v).ok()),
            action: nonempty("action").filter(|a| AuditAction::from_key(a).is_some()),
            target: nonempty("target").map(|t| t.chars().take(64).collect()),
            page: nonempty("page")
                .and_then(|v| v.parse().ok())
                .unwrap_or(1)
                .max(1),
        }
    }

    pub fn href(&self) -> String {
        let mut pairs = Vec::new();
        if let Some(a) = self.actor {
            pairs.push(format!("actor={a}"));
        }
        if let Some(a) = &self.action {
            pairs.push(format!("action={a}"));
        }
        if let Some(t) = &self.target {
            let safe: String = t
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            pairs.push(format!("target={safe}"));
        }
        if self.page > 1 {
            pairs.push(format!("page={}", self.page));
        }
        if pairs.is_empty() {
            "/admin/activity".into()
        } else {
            format!("/admin/activity?{}", pairs.join("&"))
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityEntry {
    pub id: Uuid,
    /// RFC 3339, UTC.
    pub at: String,
    pub actor: String,
    pub action: String,
    pub target: String,
    pub target_id: Option<String>,
    /// "field: old → new" lines; secrets only as "changed".
    pub changes: Vec<String>,
    pub ip: Option<String>,
    pub request_id: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivityPage {
    pub entries: Vec<ActivityEntry>,
    pub has_next: bool,
    /// Staff members for the filter: (id, name).
    pub staff: Vec<(Uuid, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_round_trip() {
        let q = ActivityQuery {
            actor: Some(Uuid::nil()),
            action: Some("user.update".into()),
            target: Some("0190a3b2-1c00-7000-8000-000000000000".into()),
            page: 3,
        };
        let href = q.href();
        let params: Vec<(String, String)> = href
            .split_once('?')
            .unwrap()
            .1
            .split('&')
            .map(|p| {
                p.split_once('=')
                    .map(|(k, v)| (k.to_owned(), v.to_owned()))
                    .unwrap()
            })
            .collect();
        let back = ActivityQuery::from_params(|k| {
            params.iter().find(|(n, _)| n == k).map(|(_, v)| v.clone())
        });
        assert_eq!(back, q);
        let junk = ActivityQuery::from_params(|k| (k == "action").then(|| "drop table".to_owned()));
        assert_eq!(junk.action, None);
    }

    #[test]
    fn every_action_has_its_own_key_and_a_human_label() {
        let mut keys = std::collections::HashSet::new();
        for a in AuditAction::ALL {
            assert!(keys.insert(a.key()), "{a:?}: key used twice");
            assert_eq!(AuditAction::from_key(a.key()), Some(a));
            let label = a.label();
            assert!(
                label.chars().next().is_some_and(char::is_uppercase) && !label.contains(['.', '_']),
                "{a:?}: {label:?} is not words for people"
            );
        }
    }
}
