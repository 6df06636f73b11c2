//! The users resource's JSON: what the API sends and accepts. The enums are the model's own
//! (their schemas derive from them), so the document and the console cannot disagree.
use app::model::user_form::EditUser;
use app::model::user_list::{SignInRecency, SortDir, SortKey, TwoFactorState, UserRow, UserStatus};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A user as lists show them.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserSummary {
    pub id: Uuid,
    pub email: String,
    pub email_verified: bool,
    pub first_name: String,
    pub last_name: String,
    /// International format, e.g. `+48 512 345 678`.
    pub phone: Option<String>,
    pub phone_verified: bool,
    pub status: UserStatus,
    pub two_factor: TwoFactorState,
    /// Locked after repeated failed sign-ins (staff can unlock).
    pub locked: bool,
    /// Clients the user is associated with.
    pub clients: u32,
    pub created_at: DateTime<Utc>,
    /// Null: never signed in.
    pub last_sign_in: Option<DateTime<Utc>>,
}

impl From<UserRow> for UserSummary {
    fn from(r: UserRow) -> Self {
        Self {
            id: r.id,
            email: r.email,
            email_verified: r.email_verified,
            first_name: r.first_name,
            last_name: r.last_name,
            phone: r.phone,
            phone_verified: r.phone_verified,
            status: r.status,
            two_factor: r.two_factor,
            locked: r.locked,
            clients: r.clients,
            created_at: r.created_at,
            last_sign_in: r.last_sign_in,
        }
    }
}

/// One user, with what Edit User shows.
#[derive(Debug, Serialize, ToSchema)]
pub struct User {
    #[serde(flatten)]
    pub summary: UserSummary,
    /// Also the ETag: send it back in If-Match to change or delete the user.
    pub version: i32,
    /// Staff require 2FA of this user (whether they have set it up is `two_factor`).
    pub two_factor_required: bool,
    /// The client area's language: en, de, fr, pl or uk.
    pub language: String,
    pub admin_notes: String,
}

impl User {
    pub fn new(edit: EditUser, row: UserRow) -> Self {
        Self {
            summary: row.into(),
            version: edit.version,
            two_factor_required: edit.form.two_factor_required,
            language: edit.form.language,
            admin_notes: edit.form.admin_notes,
        }
    }
}

/// A page of users.
#[derive(Debug, Serialize, ToSchema)]
pub struct UserList {
    pub data: Vec<UserSummary>,
    /// How many users match: exact when `total_exact`, else at least this many.
    pub total: u64,
    pub total_exact: bool,
    /// Pass as `cursor` for the next page; null on the last one.
    pub next_cursor: Option<String>,
}

/// The list's search, filters, sort and paging: those of Manage Users.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct UserListParams {
    /// Words matched in names, email, phone and company, as the console's search box.
    pub q: Option<String>,
    pub status: Option<UserStatus>,
    pub two_factor: Option<TwoFactorState>,
    pub email_verified: Option<bool>,
    pub has_clients: Option<bool>,
    /// `never`: never signed in; `dormant`: not in the last 90 days.
    pub sign_in: Option<SignInRecency>,
    /// Default `created`.
    pub sort: Option<SortKey>,
    /// Default `desc`.
    pub dir: Option<SortDir>,
    /// Users per page, 1 to 200 (default 25).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// From the previous page's `next_cursor`; the other parameters must stay the same.
    pub cursor: Option<String>,
}

/// A new user. Give a `password`, or `invite: true` to send an invitation link instead.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserCreate {
    #[schema(format = "email", max_length = 254, example = "ann.lee@example.com")]
    pub email: String,
    #[schema(min_length = 1, max_length = 100)]
    pub first_name: String,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub last_name: String,
    /// 12 to 128 characters, not a common password; never returned.
    #[schema(write_only, min_length = 12, max_length = 128)]
    pub password: Option<String>,
    #[serde(default)]
    pub invite: bool,
    /// International (`+48 512 345 678`), or national with `phone_region`.
    #[serde(default)]
    pub phone: String,
    /// ISO 3166-1 alpha-2 country of a national number, e.g. `PL`.
    #[serde(default)]
    #[schema(max_length = 2)]
    pub phone_region: String,
    /// Default `en`.
    pub language: Option<String>,
    #[serde(default)]
    #[schema(max_length = 10000)]
    pub admin_notes: String,
    #[serde(default)]
    pub two_factor_required: bool,
}

/// The fields to change; the others keep their values.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserPatch {
    #[schema(format = "email", max_length = 254)]
    pub email: Option<String>,
    #[schema(min_length = 1, max_length = 100)]
    pub first_name: Option<String>,
    #[schema(max_length = 100)]
    pub last_name: Option<String>,
    /// Sets a new password (never returned).
    #[schema(write_only, min_length = 12, max_length = 128)]
    pub password: Option<String>,
    /// An empty string removes the number.
    pub phone: Option<String>,
    #[schema(max_length = 2)]
    pub phone_region: Option<String>,
    pub language: Option<String>,
    #[schema(max_length = 10000)]
    pub admin_notes: Option<String>,
    pub two_factor_required: Option<bool>,
    pub email_verified: Option<bool>,
    pub phone_verified: Option<bool>,
    /// `active` or `inactive` (a user is `new` until first activated).
    pub status: Option<UserStatus>,
}
