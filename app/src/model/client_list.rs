//! What the Manage Clients list asks for and gets back.
use super::client::ClientStatus;
use super::user_list::{SortDir, Total, PAGE_SIZES};
use super::Keyed;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
pub enum ClientSortKey {
    Name,
    Company,
    Status,
    Users,
    #[default]
    Created,
}

impl ClientSortKey {
    pub const ALL: [ClientSortKey; 5] = [
        Self::Name,
        Self::Company,
        Self::Status,
        Self::Users,
        Self::Created,
    ];

    /// The value used in URLs.
    pub fn key(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Company => "company",
            Self::Status => "status",
            Self::Users => "users",
            Self::Created => "created",
        }
    }
}

/// One view of the list (`?q=&status=&sort=&dir=&page=&per=`); all of it lives in the URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientListQuery {
    pub q: String,
    pub status: Option<ClientStatus>,
    pub sort: ClientSortKey,
    pub dir: SortDir,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
}

impl Default for ClientListQuery {
    fn default() -> Self {
        Self {
            q: String::new(),
            status: None,
            sort: ClientSortKey::Created,
            dir: SortDir::Desc,
            page: 1,
            per_page: PAGE_SIZES[0],
        }
    }
}

impl ClientListQuery {
    /// Unknown values fall back to defaults.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        let d = Self::default();
        Self {
            q: get("q").unwrap_or_default(),
            status: get("status").and_then(|s| ClientStatus::from_key(&s)),
            sort: get("sort")
                .and_then(|s| ClientSortKey::ALL.into_iter().find(|k| k.key() == s))
                .unwrap_or(d.sort),
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
        let mut out = Vec::new();
        if !self.q.trim().is_empty() {
            out.push(("q", self.q.clone()));
        }
        if let Some(s) = self.status {
            out.push(("status", s.key().to_owned()));
        }
        if self.sort != d.sort {
            out.push(("sort", self.sort.key().to_owned()));
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

/// The user owning a client, as the list shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerSummary {
    pub id: Uuid,
    pub name: String,
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientRow {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub company: Option<String>,
    pub tax_id: Option<String>,
    pub status: ClientStatus,
    pub owner: Option<OwnerSummary>,
    pub users: u32,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientPage {
    pub rows: Vec<ClientRow>,
    pub total: Total,
    pub page: u32,
    pub per_page: u32,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn url_round_trip_and_defaults() {
        let query = ClientListQuery {
            q: "acme".into(),
            status: Some(ClientStatus::Fraud),
            sort: ClientSortKey::Users,
            dir: SortDir::Asc,
            page: 4,
            per_page: 50,
        };
        let params: HashMap<&str, String> = query.to_params().into_iter().collect();
        assert_eq!(
            ClientListQuery::from_params(|k| params.get(k).cloned()),
            query
        );
        assert!(ClientListQuery::default().to_params().is_empty());
    }
}
