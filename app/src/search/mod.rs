//! Search planning for Manage Users and Manage Clients: which index answers a term, capped
//! probes, keyset paging helpers. Entities stay in `db/`; the few places where SQLite and
//! PostgreSQL differ in query text live here (and in the migrations). Why each path exists,
//! with its measured cost at 1,000,000 users, is told in the files and in BENCHMARKS.md.
mod clients;
mod pairs;
mod probes;
mod trigrams;
mod users;

pub use clients::ClientSearch;
pub use users::{Candidates, Search};
