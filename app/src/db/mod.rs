//! SeaORM entities: plain data mirroring the migrations, no logic.
pub mod audit_log;
mod connect;
pub use connect::{connect, connect_live, connect_pooled, default_pool, reconnect};
pub mod client_users;
pub mod clients;
pub mod counters;
pub mod daily_counts;
mod handle;
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
