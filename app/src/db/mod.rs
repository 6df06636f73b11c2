//! SeaORM entities: plain data mirroring the migrations, no logic.
pub mod api_idempotency;
pub mod api_tokens;
pub mod audit_log;
pub mod bulk_insert;
pub mod bulk_load;
mod connect;
pub use connect::{
    connect, connect_for_schema, connect_live, connect_pooled, default_pool, reconnect,
};
pub mod client_users;
pub mod clients;
pub mod counters;
pub mod daily_counts;
mod handle;
pub mod import_rows;
pub mod imports;
pub mod job_items;
pub mod jobs;
pub mod link_tokens;
mod listed_user;
pub use listed_user::ListedUser;
pub mod mail_outbox;
pub mod passkey_ceremonies;
pub mod passkeys;
pub use handle::Db;
mod key_list;
pub use key_list::KeyList;
pub mod sessions;
pub mod staff;
pub mod staff_roles;
pub mod user_recovery_codes;
pub mod users;
mod write;
pub use write::begin_write;
