//! Roster's schema, one migration per step, each written for SQLite and PostgreSQL.
pub use sea_orm_migration::prelude::*;

mod dialect;
mod m20261123_000001_schema;
mod m20261123_000002_search;
mod m20261124_000003_counters;
mod m20261125_000004_clients;
mod m20261125_000005_throttle;
mod m20261125_000006_live;
mod m20261125_000007_users_fts_backfill;
mod m20261126_000008_two_letter_search;
mod m20261126_000009_users_order_version;
mod m20261130_000010_shared_phones;
mod m20261130_000011_dashboard_counts;
mod m20261201_000012_mail;
mod m20261201_000013_staff_admin;
mod m20261201_000014_staff_invitations;
mod m20261201_000015_session_events;
mod m20261202_000016_last_sign_in;
mod m20261202_000017_impersonation;
mod m20261203_000018_api_tokens;
mod m20261207_000019_scim;
mod m20261207_000020_jobs;
mod m20261207_000021_imports;
mod m20261207_000022_user_name_prefixes;
mod m20261207_000023_pending_rows_and_name_statistics;
mod m20261208_000024_passkeys;

pub struct Migrator;

#[async_trait::async_trait]
impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20261123_000001_schema::Migration),
            Box::new(m20261123_000002_search::Migration),
            Box::new(m20261124_000003_counters::Migration),
            Box::new(m20261125_000004_clients::Migration),
            Box::new(m20261125_000005_throttle::Migration),
            Box::new(m20261125_000006_live::Migration),
            Box::new(m20261125_000007_users_fts_backfill::Migration),
            Box::new(m20261126_000008_two_letter_search::Migration),
            Box::new(m20261126_000009_users_order_version::Migration),
            Box::new(m20261130_000010_shared_phones::Migration),
            Box::new(m20261130_000011_dashboard_counts::Migration),
            Box::new(m20261201_000012_mail::Migration),
            Box::new(m20261201_000013_staff_admin::Migration),
            Box::new(m20261201_000014_staff_invitations::Migration),
            Box::new(m20261201_000015_session_events::Migration),
            Box::new(m20261202_000016_last_sign_in::Migration),
            Box::new(m20261202_000017_impersonation::Migration),
            Box::new(m20261203_000018_api_tokens::Migration),
            Box::new(m20261207_000019_scim::Migration),
            Box::new(m20261207_000020_jobs::Migration),
            Box::new(m20261207_000021_imports::Migration),
            Box::new(m20261207_000022_user_name_prefixes::Migration),
            Box::new(m20261207_000023_pending_rows_and_name_statistics::Migration),
            Box::new(m20261208_000024_passkeys::Migration),
        ]
    }
}
