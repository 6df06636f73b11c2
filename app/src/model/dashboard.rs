//! The dashboard staff land on at `/admin`: counts at a glance, users created and sign-ins
//! per day, and the latest activity.
use super::activity::ActivityEntry;
use super::user_list::{TwoFactorState, UserStatus};
use serde::{Deserialize, Serialize};

/// Days the charts cover, today included.
pub const DAYS: u32 = 90;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dashboard {
    pub users: u64,
    pub clients: u64,
    pub by_status: Vec<(UserStatus, u64)>,
    pub by_two_factor: Vec<(TwoFactorState, u64)>,
    /// Users locked out by repeated failed sign-ins, now.
    pub locked: u64,
    /// Users created per day (UTC), oldest first, `DAYS` of them, days without any included.
    pub created: Vec<DayCount>,
    /// Completed client-area sign-ins per day, the same days.
    pub sign_ins: Vec<DayCount>,
    /// The latest audit entries; `None` for staff without `audit.view`.
    pub recent: Option<Vec<ActivityEntry>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayCount {
    pub day: chrono::NaiveDate,
    pub n: u64,
}
