//! SCIM provisioning (RFC 7643/7644) over the console's own services: a SCIM User is a user,
//! a SCIM Group a client account with its users as members. What a provider writes goes
//! through the same rules, uniqueness, version checks and audit trail as Edit User and Edit
//! Client; this module only maps, and keeps each token within its reach.
use super::ServiceError;
use crate::search::scim::QueryError;
use crate::search::scim_filter::{parse_filter, Filter, FilterError};
use crate::search::Dialect;
use sea_orm::sea_query::{Expr, Order, SimpleExpr};
use sea_orm::{
    ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};

pub mod groups;
pub mod users;

/// What a SCIM token may see and change. A provider reaches what SCIM created (`scope scim`),
/// so it cannot take over an account staff made by matching its email; `scim:all` reaches
/// every user and client, to link a directory to the accounts that were there before it.
/// Staff accounts are never within reach: they are not SCIM resources at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reach {
    Provisioned,
    Everything,
}

#[derive(Debug, thiserror::Error)]
pub enum ScimError {
    /// A filter or sort the server cannot read (`invalidFilter`).
    #[error("{0}")]
    Filter(String),
    /// A value the resource cannot hold (`invalidValue`), said for the provider's operator.
    #[error("{0}")]
    Value(String),
    /// `If-Match` named an older version.
    #[error("changed since the version named")]
    Stale,
    #[error(transparent)]
    Service(#[from] ServiceError),
}

impl From<sea_orm::DbErr> for ScimError {
    fn from(e: sea_orm::DbErr) -> Self {
        Self::Service(e.into())
    }
}

impl From<FilterError> for ScimError {
    fn from(e: FilterError) -> Self {
        Self::Filter(e.to_string())
    }
}

impl From<QueryError> for ScimError {
    fn from(e: QueryError) -> Self {
        Self::Filter(e.to_string())
    }
}

/// A list request: `filter`, `sortBy`/`sortOrder`, `startIndex` (from 1) and `count`.
#[derive(Debug, Clone, Default)]
pub struct ListRequest {
    pub filter: Option<String>,
    pub sort_by: Option<String>,
    pub descending: bool,
    pub start_index: u64,
    pub count: u64,
}

/// The most resources one page holds (ServiceProviderConfig's `filter.maxResults`).
pub const MAX_RESULTS: u64 = 1000;

/// One page of a list and how many match in all.
#[derive(Debug, Clone)]
pub struct Listed<T> {
    pub total: u64,
    pub rows: Vec<T>,
}

impl ListRequest {
    fn filter(&self) -> Result<Option<Filter>, ScimError> {
        Ok(match self.filter.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(parse_filter(text)?),
        })
    }
}

/// How a kind's list reads in SQL.
struct Shape {
    condition: fn(&Filter, Dialect) -> Result<SimpleExpr, QueryError>,
    sort_key: fn(&str, Dialect) -> Result<SimpleExpr, QueryError>,
    /// The order an index gives a filter (e.g. a userName range), used when none is asked:
    /// the first page is then read straight off that index instead of sorting every match.
    natural: fn(&Filter, Dialect) -> Option<SimpleExpr>,
    /// Otherwise: creation order, then the id, which keeps pages stable.
    created: &'static str,
    id: &'static str,
}

/// Runs `query` as the page `request` asks for: its filter and order, then the kind's
/// natural order to keep pages stable.
async fn list<E>(
    db: &impl ConnectionTrait,
    mut query: Select<E>,
    request: &ListRequest,
    shape: Shape,
    known_total: Option<u64>,
) -> Result<Listed<E::Model>, ScimError>
where
    E: EntityTrait,
    E::Model: Sync,
{
    let dialect = Dialect::of(db);
    let filter = request.filter()?;
    if let Some(filter) = &filter {
        query = query.filter((shape.condition)(filter, dialect)?);
    }
    let order = if request.descending {
        Order::Desc
    } else {
        Order::Asc
    };
    let total = match known_total {
        Some(total) => total,
        None => query.clone().count(db).await?,
    };
    if request.count == 0 {
        return Ok(Listed {
            total,
            rows: vec![],
        });
    }
    let asked = request.sort_by.as_deref().filter(|s| !s.is_empty());
    let natural = filter.as_ref().and_then(|f| (shape.natural)(f, dialect));
    query = match (asked, natural) {
        (Some(attribute), _) => {
            query.order_by((shape.sort_key)(attribute, dialect)?, order.clone())
        }
        (None, Some(index_order)) => query.order_by(index_order, order.clone()),
        (None, None) => query,
    };
    let rows = query
        .order_by(Expr::cust(shape.created), order.clone())
        .order_by(Expr::cust(shape.id), order)
        .offset(request.start_index.max(1) - 1)
        .limit(request.count.min(MAX_RESULTS))
        .all(db)
        .await?;
    Ok(Listed { total, rows })
}

/// A provider's text, trimmed; empty as absent.
fn present(value: Option<&str>) -> Option<String> {
    value
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
}

/// An external id or user name: at most `max` characters, no control characters.
fn checked(value: Option<String>, max: usize, what: &str) -> Result<Option<String>, ScimError> {
    match value {
        Some(v) if v.chars().count() > max => Err(ScimError::Value(format!(
            "{what} is longer than {max} characters."
        ))),
        Some(v) if v.chars().any(char::is_control) => Err(ScimError::Value(format!(
            "{what} holds control characters."
        ))),
        v => Ok(v),
    }
}
