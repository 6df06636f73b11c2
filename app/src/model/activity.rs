//! The Activity page: audit entries, newest first, filtered by staff member, action and
//! target; the filters live in the URL.
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// The actions Roster records, with the words the page shows for them.
pub const ACTIONS: &[(&str, &str)] = &[
    ("user.create", "Created user"),
    ("user.update", "Edited user"),
    ("user.delete", "Deleted user"),
    ("user.unlock", "Unlocked user"),
    ("user.totp_enrol", "Set up 2FA"),
    ("client.create", "Created client"),
    ("client.update", "Edited client"),
    ("client.associate", "Associated user with client"),
    ("client.permissions", "Changed user's client permissions"),
    ("client.transfer_ownership", "Moved client ownership"),
    ("client.remove_user", "Removed user from client"),
    ("staff.create", "Created staff member"),
];

pub fn action_label(key: &str) -> &str {
    ACTIONS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(key, |(_, label)| label)
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
            action: nonempty("action").filter(|a| ACTIONS.iter().any(|(k, _)| k == a)),
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
}
