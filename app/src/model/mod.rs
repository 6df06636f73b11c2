//! Wire types and validation shared by the browser and the server.
pub mod account;
pub mod activity;
pub mod api_token;
pub mod client;
pub mod client_form;
pub mod client_list;
pub mod client_page;
mod conflict;
pub mod countries;
pub mod dashboard;
mod date_style;
mod error;
pub mod export;
pub mod import;
pub mod job;
pub mod keyed;
pub mod language;
pub mod live;
pub mod mail;
pub mod messages;
pub mod passkey;
mod password;
pub use password::Password;
mod permission;
mod staff;
pub mod user_clients;
pub mod user_form;
pub mod user_list;
pub mod validate;

pub use conflict::{Conflict, Current, Versioned};
pub use date_style::DateStyle;
pub use error::AppError;
pub use keyed::{Keyed, Labelled};
pub use permission::{Permission, PermissionGroup};
pub use staff::{
    CreatedStaff, Enrolment, Invitee, RoleForm, RoleRow, SessionRow, StaffForm, StaffMe, StaffRow,
    StaffStatus,
};
pub use strum::VariantArray;
