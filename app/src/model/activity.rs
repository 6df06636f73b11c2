//! The Activity page: audit entries, newest first, filtered by staff member, action and
//! target; the filters live in the URL.
use super::{Keyed, Labelled};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Every action Roster records in the audit trail: its key stored in `audit_log.action`
/// (existing rows keep theirs) and the words the Activity page shows.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
pub enum AuditAction {
    #[strum(serialize = "user.create", message = "Created user")]
    UserCreate,
    #[strum(serialize = "user.update", message = "Edited user")]
    UserUpdate,
    #[strum(serialize = "user.delete", message = "Deleted user")]
    UserDelete,
    #[strum(serialize = "user.unlock", message = "Unlocked user")]
    UserUnlock,
    #[strum(serialize = "user.password_change", message = "Changed own password")]
    UserPasswordChange,
    #[strum(serialize = "user.totp_enrol", message = "Set up 2FA")]
    UserTotpEnrol,
    #[strum(serialize = "user.totp_off", message = "Turned own 2FA off")]
    UserTotpOff,
    #[strum(serialize = "user.totp_reset", message = "Reset user's 2FA")]
    UserTotpReset,
    #[strum(serialize = "user.email_verify", message = "Verified own email")]
    UserEmailVerify,
    #[strum(
        serialize = "user.password_reset",
        message = "Reset own password by email"
    )]
    UserPasswordReset,
    #[strum(serialize = "user.invitation_accept", message = "Accepted invitation")]
    UserInvitationAccept,
    #[strum(serialize = "user.mail_send", message = "Sent user a link by email")]
    UserMailSend,
    #[strum(serialize = "user.link_expire", message = "Expired user's email link")]
    UserLinkExpire,
    #[strum(serialize = "user.sign_in", message = "User signed in")]
    UserSignIn,
    #[strum(serialize = "user.sign_in_refused", message = "User sign-in refused")]
    UserSignInRefused,
    #[strum(serialize = "users.export", message = "Exported users (CSV)")]
    UsersExport,
    #[strum(serialize = "clients.export", message = "Exported clients (CSV)")]
    ClientsExport,
    #[strum(serialize = "users.bulk", message = "Started a bulk action on users")]
    UsersBulk,
    #[strum(serialize = "users.bulk_cancel", message = "Cancelled a bulk action")]
    UsersBulkCancel,
    #[strum(serialize = "users.import", message = "Imported users (CSV)")]
    UsersImport,
    #[strum(serialize = "client.create", message = "Created client")]
    ClientCreate,
    #[strum(serialize = "client.update", message = "Edited client")]
    ClientUpdate,
    #[strum(
        serialize = "client.associate",
        message = "Associated user with client"
    )]
    ClientAssociate,
    #[strum(
        serialize = "client.permissions",
        message = "Changed user's client permissions"
    )]
    ClientPermissions,
    #[strum(
        serialize = "client.transfer_ownership",
        message = "Moved client ownership"
    )]
    ClientTransferOwnership,
    #[strum(serialize = "client.remove_user", message = "Removed user from client")]
    ClientRemoveUser,
    #[strum(serialize = "staff.create", message = "Created staff member")]
    StaffCreate,
    #[strum(serialize = "staff.totp_enrol", message = "Staff member set up 2FA")]
    StaffTotpEnrol,
    #[strum(serialize = "staff.unlock", message = "Unlocked staff member")]
    StaffUnlock,
    #[strum(serialize = "staff.update", message = "Edited staff member")]
    StaffUpdate,
    #[strum(serialize = "staff.disable", message = "Disabled staff member")]
    StaffDisable,
    #[strum(serialize = "staff.enable", message = "Enabled staff member")]
    StaffEnable,
    #[strum(serialize = "staff.totp_reset", message = "Reset staff member's 2FA")]
    StaffTotpReset,
    #[strum(
        serialize = "staff.password_change",
        message = "Staff member changed password"
    )]
    StaffPasswordChange,
    #[strum(
        serialize = "staff.sessions_end",
        message = "Staff member ended sessions"
    )]
    StaffSessionsEnd,
    #[strum(serialize = "staff.invitation_send", message = "Sent staff invitation")]
    StaffInvitationSend,
    #[strum(serialize = "user.sessions_end", message = "Signed user out")]
    UserSessionsEnd,
    #[strum(serialize = "user.passkey_add", message = "Added a passkey")]
    UserPasskeyAdd,
    #[strum(serialize = "user.passkey_rename", message = "Renamed a passkey")]
    UserPasskeyRename,
    #[strum(serialize = "user.passkey_remove", message = "Removed a passkey")]
    UserPasskeyRemove,
    #[strum(serialize = "user.passkeys_reset", message = "Removed user's passkeys")]
    UserPasskeysReset,
    #[strum(
        serialize = "staff.passkey_add",
        message = "Staff member added a passkey"
    )]
    StaffPasskeyAdd,
    #[strum(
        serialize = "staff.passkey_rename",
        message = "Staff member renamed a passkey"
    )]
    StaffPasskeyRename,
    #[strum(
        serialize = "staff.passkey_remove",
        message = "Staff member removed a passkey"
    )]
    StaffPasskeyRemove,
    #[strum(serialize = "user.impersonation_start", message = "Signed in as user")]
    UserImpersonationStart,
    #[strum(
        serialize = "user.impersonation_end",
        message = "Ended signing in as user"
    )]
    UserImpersonationEnd,
    #[strum(
        serialize = "staff.invitation_accept",
        message = "Staff member accepted invitation"
    )]
    StaffInvitationAccept,
    #[strum(serialize = "role.create", message = "Created role")]
    RoleCreate,
    #[strum(serialize = "role.update", message = "Edited role")]
    RoleUpdate,
    #[strum(serialize = "role.delete", message = "Deleted role")]
    RoleDelete,
    #[strum(serialize = "staff.sign_in", message = "Staff member signed in")]
    StaffSignIn,
    #[strum(serialize = "staff.sign_in_refused", message = "Staff sign-in refused")]
    StaffSignInRefused,
    #[strum(serialize = "api_token.create", message = "Created API token")]
    ApiTokenCreate,
    #[strum(serialize = "api_token.revoke", message = "Revoked API token")]
    ApiTokenRevoke,
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
    pub at: chrono::DateTime<chrono::Utc>,
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
        crate::model::keyed::assert_round_trips::<AuditAction>();
        for &a in <AuditAction as strum::VariantArray>::VARIANTS {
            let label = a.label();
            assert!(
                label.chars().next().is_some_and(char::is_uppercase) && !label.contains(['.', '_']),
                "{a:?}: {label:?} is not words for people"
            );
        }
    }
}
