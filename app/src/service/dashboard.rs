//! The dashboard's figures, each read from what triggers keep (migrations 3 and 11) or from
//! an index that holds only what is counted, so the page costs the same at 1,000,000 users
//! as at ten.
use super::activity::recent_activity;
use super::ServiceError;
use crate::db::{counters, daily_counts, users, Db};
use crate::model::dashboard::{Dashboard, DayCount, DAYS};
use crate::model::user_list::{TwoFactorState, UserStatus};
use crate::model::VariantArray;
use chrono::{Duration, NaiveDate};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::HashMap;

/// Audit entries the dashboard shows.
const RECENT: u64 = 8;

pub async fn dashboard(db: &Db, with_activity: bool) -> Result<Dashboard, ServiceError> {
    let now = db.now();
    let counts: HashMap<String, i64> = counters::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| (c.name, c.value))
        .collect();
    let count = |name: String| counts.get(&name).map_or(0, |n| (*n).max(0) as u64);
    let locked = users::Entity::find()
        .filter(users::Column::LockedUntil.is_not_null())
        .filter(users::Column::LockedUntil.gt(now))
        .count(db)
        .await?;
    let today = now.date_naive();
    let first = today - Duration::days(i64::from(DAYS) - 1);
    Ok(Dashboard {
        users: count("users".into()),
        clients: count("clients".into()),
        by_status: UserStatus::VARIANTS
            .iter()
            .map(|s| (*s, count(format!("status:{}", <&str>::from(*s)))))
            .collect(),
        by_two_factor: TwoFactorState::VARIANTS
            .iter()
            .map(|s| (*s, count(format!("tfa:{}", <&str>::from(*s)))))
            .collect(),
        locked,
        created: per_day(db, "users_created", first, today).await?,
        sign_ins: per_day(db, "sign_ins", first, today).await?,
        recent: match with_activity {
            true => Some(recent_activity(db, RECENT).await?),
            false => None,
        },
    })
}

/// The counts named `name` from `first` to `last`, a zero for each day without a row.
async fn per_day(
    db: &Db,
    name: &str,
    first: NaiveDate,
    last: NaiveDate,
) -> Result<Vec<DayCount>, ServiceError> {
    let key = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    let found: HashMap<String, i64> = daily_counts::Entity::find()
        .filter(daily_counts::Column::Name.eq(name))
        .filter(daily_counts::Column::Day.between(key(first), key(last)))
        .all(db)
        .await?
        .into_iter()
        .map(|row| (row.day, row.n))
        .collect();
    Ok(first
        .iter_days()
        .take_while(|d| *d <= last)
        .map(|day| DayCount {
            day,
            n: found.get(&key(day)).map_or(0, |n| (*n).max(0) as u64),
        })
        .collect())
}
