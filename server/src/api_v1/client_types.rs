//! The clients resource's JSON, and a client's users (memberships).
use app::model::client::{ClientPermission, ClientStatus};
use app::model::client_form::EditClient;
use app::model::client_list::{ClientRow, ClientSortKey};
use app::model::client_page::{ClientDetail, ClientUser};
use app::model::user_clients::UserClient;
use app::model::user_list::{SortDir, TwoFactorState, UserStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// The user owning a client.
#[derive(Debug, Serialize, ToSchema)]
pub struct Owner {
    pub id: Uuid,
    pub name: String,
    pub email: String,
}

/// A client as lists show it.
#[derive(Debug, Serialize, ToSchema)]
pub struct ClientSummary {
    pub id: Uuid,
    pub first_name: String,
    pub last_name: String,
    pub company: Option<String>,
    pub tax_id: Option<String>,
    pub status: ClientStatus,
    pub owner: Option<Owner>,
    /// Users associated with the client.
    pub users: u32,
    pub created_at: DateTime<Utc>,
}

impl From<ClientRow> for ClientSummary {
    fn from(r: ClientRow) -> Self {
        Self {
            id: r.id,
            first_name: r.first_name,
            last_name: r.last_name,
            company: r.company,
            tax_id: r.tax_id,
            status: r.status,
            owner: r.owner.map(|o| Owner {
                id: o.id,
                name: o.name,
                email: o.email,
            }),
            users: r.users,
            created_at: r.created_at,
        }
    }
}

/// One client, with what Edit Client shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct Client {
    pub id: Uuid,
    /// Also the ETag: send it back in If-Match to change the client.
    pub version: i32,
    pub first_name: String,
    pub last_name: String,
    pub company: Option<String>,
    pub tax_id: Option<String>,
    pub status: ClientStatus,
    pub language: String,
    pub admin_notes: String,
    pub users: u32,
    pub created_at: DateTime<Utc>,
}

impl Client {
    pub fn new(edit: EditClient, detail: ClientDetail) -> Self {
        Self {
            id: edit.id,
            version: edit.version,
            first_name: edit.form.first_name,
            last_name: edit.form.last_name,
            company: detail.company,
            tax_id: detail.tax_id,
            status: edit.form.status,
            language: edit.form.language,
            admin_notes: edit.form.admin_notes,
            users: u32::try_from(detail.users.len()).unwrap_or(u32::MAX),
            created_at: detail.created_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClientList {
    pub data: Vec<ClientSummary>,
    /// How many clients match: exact when `total_exact`, else at least this many.
    pub total: u64,
    pub total_exact: bool,
    /// Pass as `cursor` for the next page; null on the last one.
    pub next_cursor: Option<String>,
}

/// The list's search, filter, sort and paging: those of Manage Clients.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ClientListParams {
    /// Words matched in names, company and tax ID.
    pub q: Option<String>,
    pub status: Option<ClientStatus>,
    /// Default `created`.
    pub sort: Option<ClientSortKey>,
    /// Default `desc`.
    pub dir: Option<SortDir>,
    /// Clients per page, 1 to 200 (default 25).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    pub cursor: Option<String>,
}

/// A new client (status `new` unless given).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientCreate {
    #[schema(min_length = 1, max_length = 100)]
    pub first_name: String,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub last_name: String,
    /// Empty: a private person.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub company_name: String,
    #[serde(default)]
    #[schema(max_length = 64)]
    pub tax_id: String,
    pub status: Option<ClientStatus>,
    /// Default `en`.
    pub language: Option<String>,
    #[serde(default)]
    #[schema(max_length = 10000)]
    pub admin_notes: String,
}

/// The fields to change; the others keep their values.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ClientPatch {
    #[schema(min_length = 1, max_length = 100)]
    pub first_name: Option<String>,
    #[schema(max_length = 100)]
    pub last_name: Option<String>,
    #[schema(max_length = 200)]
    pub company_name: Option<String>,
    #[schema(max_length = 64)]
    pub tax_id: Option<String>,
    pub status: Option<ClientStatus>,
    pub language: Option<String>,
    #[schema(max_length = 10000)]
    pub admin_notes: Option<String>,
}

/// A user on a client.
#[derive(Debug, Serialize, ToSchema)]
pub struct Member {
    pub user_id: Uuid,
    pub name: String,
    pub email: String,
    pub status: UserStatus,
    pub two_factor: TwoFactorState,
    /// The owner may do everything, whatever `permissions` says.
    pub owner: bool,
    pub permissions: Vec<ClientPermission>,
}

impl From<ClientUser> for Member {
    fn from(u: ClientUser) -> Self {
        Self {
            user_id: u.id,
            name: u.name,
            email: u.email,
            status: u.status,
            two_factor: u.two_factor,
            owner: u.owner,
            permissions: u.permissions,
        }
    }
}

/// Associates a user with a client.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberCreate {
    pub user_id: Uuid,
    /// Make the user the client's owner (the previous owner stays, as a user).
    #[serde(default)]
    pub owner: bool,
    #[serde(default)]
    #[schema(max_items = 10)]
    pub permissions: Vec<ClientPermission>,
}

/// Changes a user's permissions on a client, or makes them its owner.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberPatch {
    #[schema(max_items = 10)]
    pub permissions: Option<Vec<ClientPermission>>,
    /// `true` moves ownership to this user. Ownership is not given up: make another user
    /// the owner instead.
    pub owner: Option<bool>,
}

/// A client a user belongs to.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserClientItem {
    pub id: Uuid,
    /// The client's contact name.
    pub name: String,
    pub company: Option<String>,
    pub tax_id: Option<String>,
    pub status: ClientStatus,
    pub owner: bool,
}

impl From<UserClient> for UserClientItem {
    fn from(c: UserClient) -> Self {
        Self {
            id: c.id,
            name: c.name,
            company: c.company,
            tax_id: c.tax_id,
            status: c.status,
            owner: c.owner,
        }
    }
}
