//! What the Manage Users list asks for and gets back.
use super::Keyed;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A user's status as staff see it (ACTIVE / INACTIVE / NEW); stored in `users.status`.
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
pub enum UserStatus {
    #[strum(message = "ACTIVE")]
    Active,
    #[strum(message = "INACTIVE")]
    Inactive,
    #[default]
    #[strum(message = "NEW")]
    New,
}

/// The 2FA indicator: off, required but not enrolled yet, or enrolled.
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
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum TwoFactorState {
    Off,
    Required,
    Enrolled,
}

/// A yes/no filter in URLs and forms ("yes", "no"; anything else is "any").
pub fn yes_no_from_key(key: &str) -> Option<bool> {
    match key {
        "yes" => Some(true),
        "no" => Some(false),
        _ => None,
    }
}

pub fn yes_no_key(value: bool) -> &'static str {
    if value {
        "yes"
    } else {
        "no"
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum SortKey {
    Name,
    Email,
    Status,
    Clients,
    #[default]
    Created,
    /// Never signed in first, then the longest ago (ascending).
    LastSignIn,
}

/// The "Last sign-in" filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum SignInRecency {
    /// Never signed in.
    Never,
    /// Signed in, but not in the last `DORMANT_DAYS` days.
    Dormant,
}

/// "No sign-in for 90 days".
pub const DORMANT_DAYS: i64 = 90;

impl SignInRecency {
    pub fn key(self) -> &'static str {
        match self {
            Self::Never => "never",
            Self::Dormant => "dormant",
        }
    }

    pub fn from_key(key: &str) -> Option<Self> {
        [Self::Never, Self::Dormant]
            .into_iter()
            .find(|r| r.key() == key)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum SortDir {
    Asc,
    #[default]
    Desc,
}

pub const PAGE_SIZES: [u32; 3] = [25, 50, 100];
/// The longest page a list serves (the console offers `PAGE_SIZES`; the API up to this).
pub const MAX_PER_PAGE: u32 = 200;

/// `per_page` when it is one a list serves, else the console's default.
pub fn served_per_page(per_page: u32) -> u32 {
    if (1..=MAX_PER_PAGE).contains(&per_page) {
        per_page
    } else {
        PAGE_SIZES[0]
    }
}

/// One view of the list: search, filters, sort and page (all of it lives in the URL).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserListQuery {
    pub q: String,
    pub status: Option<UserStatus>,
    pub two_factor: Option<TwoFactorState>,
    pub email_verified: Option<bool>,
    pub has_clients: Option<bool>,
    pub signed_in: Option<SignInRecency>,
    pub sort: SortKey,
    pub dir: SortDir,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

impl Default for UserListQuery {
    fn default() -> Self {
        Self {
            q: String::new(),
            status: None,
            two_factor: None,
            email_verified: None,
            has_clients: None,
            signed_in: None,
            sort: SortKey::Created,
            dir: SortDir::Desc,
            page: 1,
            per_page: PAGE_SIZES[0],
        }
    }
}

/// How many users match: exact where that is cheap, else a lower bound ("more than N").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Total {
    Exact(u64),
    AtLeast(u64),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserRow {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub email_verified: bool,
    /// International format for reading, e.g. `+48 512 345 678`.
    pub phone: Option<String>,
    pub phone_verified: bool,
    pub status: UserStatus,
    pub two_factor: TwoFactorState,
    /// Has at least one passkey (the list's Passkey badge).
    pub passkey: bool,
    /// Locked after repeated failed sign-ins (staff can unlock).
    pub locked: bool,
    pub clients: u32,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// None: never signed in.
    pub last_sign_in: Option<chrono::DateTime<chrono::Utc>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserPage {
    pub rows: Vec<UserRow>,
    pub total: Total,
    pub page: u32,
    pub per_page: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::VariantArray;

    #[test]
    fn status_keys_round_trip() {
        crate::model::keyed::assert_round_trips::<UserStatus>();
        assert_eq!(UserStatus::Inactive.key(), "inactive");
        // One string form: the wire and audit entries say what the column stores.
        for &s in UserStatus::VARIANTS {
            assert_eq!(serde_json::to_value(s).unwrap(), s.key());
        }
    }
}

/// The list view in the URL (`?q=&status=&tfa=&verified=&clients=&signin=&sort=&dir=&page=&per=`), so
/// reload, back/forward and shared links restore it. Unknown values fall back to defaults.
impl UserListQuery {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let d = Self::default();
        let yes_no = |v: Option<String>| v.as_deref().and_then(yes_no_from_key);
        Self {
            q: get("q").unwrap_or_default(),
            status: get("status").and_then(|s| UserStatus::from_key(&s)),
            two_factor: get("tfa").and_then(|t| TwoFactorState::from_key(&t)),
            email_verified: yes_no(get("verified")),
            has_clients: yes_no(get("clients")),
            signed_in: get("signin").and_then(|s| SignInRecency::from_key(&s)),
            sort: match get("sort").as_deref() {
                Some("name") => SortKey::Name,
                Some("email") => SortKey::Email,
                Some("status") => SortKey::Status,
                Some("clients") => SortKey::Clients,
                Some("signin") => SortKey::LastSignIn,
                _ => d.sort,
            },
            dir: match get("dir").as_deref() {
                Some("asc") => SortDir::Asc,
                _ => d.dir,
            },
            page: get("page")
                .and_then(|p| p.parse().ok())
                .filter(|p| *p >= 1)
                .unwrap_or(1),
            per_page: get("per")
                .and_then(|p| p.parse().ok())
                .filter(|p| PAGE_SIZES.contains(p))
                .unwrap_or(d.per_page),
        }
    }

    /// The URL query string of this view, leaving out defaults.
    pub fn to_params(&self) -> Vec<(&'static str, String)> {
        let d = Self::default();
        let yes_no = |b: bool| yes_no_key(b).to_owned();
        let mut out = Vec::new();
        if !self.q.trim().is_empty() {
            out.push(("q", self.q.clone()));
        }
        if let Some(s) = self.status {
            out.push(("status", s.key().to_owned()));
        }
        if let Some(t) = self.two_factor {
            out.push(("tfa", t.key().to_owned()));
        }
        if let Some(v) = self.email_verified {
            out.push(("verified", yes_no(v)));
        }
        if let Some(v) = self.has_clients {
            out.push(("clients", yes_no(v)));
        }
        if let Some(r) = self.signed_in {
            out.push(("signin", r.key().to_owned()));
        }
        if self.sort != d.sort {
            let key = match self.sort {
                SortKey::Name => "name",
                SortKey::Email => "email",
                SortKey::Status => "status",
                SortKey::Clients => "clients",
                SortKey::Created => "created",
                SortKey::LastSignIn => "signin",
            };
            out.push(("sort", key.to_owned()));
        }
        if self.dir != d.dir {
            out.push(("dir", "asc".to_owned()));
        }
        if self.page > 1 {
            out.push(("page", self.page.to_string()));
        }
        if self.per_page != d.per_page {
            out.push(("per", self.per_page.to_string()));
        }
        out
    }
}

#[cfg(test)]
mod url_tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn url_round_trip_and_defaults() {
        let query = UserListQuery {
            q: "ann lee".into(),
            status: Some(UserStatus::Inactive),
            two_factor: Some(TwoFactorState::Required),
            email_verified: Some(false),
            has_clients: Some(true),
            signed_in: Some(SignInRecency::Dormant),
            sort: SortKey::LastSignIn,
            dir: SortDir::Asc,
            page: 3,
            per_page: 100,
        };
        let params: HashMap<&str, String> = query.to_params().into_iter().collect();
        assert_eq!(
            UserListQuery::from_params(|k| params.get(k).cloned()),
            query
        );
        assert!(UserListQuery::default().to_params().is_empty());
        let junk = UserListQuery::from_params(|k| Some(if k == "page" { "0" } else { "x" }.into()));
        assert_eq!(
            junk,
            UserListQuery {
                q: "x".into(),
                ..Default::default()
            }
        );
    }
}
