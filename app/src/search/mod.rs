//! Search planning for Manage Users and Manage Clients: which index answers a term, capped
//! probes, keyset paging helpers. Entities stay in `db/`; `dialect` is the one place where
//! SQLite and PostgreSQL differ in query text (besides the migrations). Why each path exists,
//! with its measured cost at 1,000,000 users, is told in the files and in BENCHMARKS.md.
mod clients;
mod dialect;
mod pairs;
mod probes;
pub mod scim;
pub mod scim_filter;
mod trigrams;
mod users;

pub use clients::ClientSearch;
pub use dialect::Dialect;
pub use users::{Candidates, Search};
