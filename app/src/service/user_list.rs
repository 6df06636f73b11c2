//! Manage Users: one query for a page of users (client counts are a trigger-kept column) and
//! a total that is exact where cheap and capped where not (ARCHITECTURE.md, Search).
use super::paging::{capped_total, page_of, SortColumn};
use super::user_pages;
use super::ServiceError;
use crate::db::{counters, users, Db, ListedUser};
use crate::model::user_list::{
    served_per_page, SignInRecency, SortDir, SortKey, Total, TwoFactorState, UserListQuery,
    UserPage, UserRow, DORMANT_DAYS,
};
use crate::model::Keyed;
use crate::search::{Candidates, Dialect, Search};
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};

/// Above this many matches the total is shown as "more than" (BENCHMARKS.md: exact counts of big
/// result sets are what makes admin lists slow).
pub const COUNT_CAP: u64 = 1000;

pub async fn list_users(db: &Db, query: &UserListQuery) -> Result<UserPage, ServiceError> {
    let per_page = served_per_page(query.per_page);
    let page = query.page.max(1);
    let (scope, total) = scope(db, query, db.now()).await?;
    let found = match deep_page_of_all(db, query, total, page, per_page).await? {
        Some(found) => found,
        None => {
            let scope = users::Entity::find().filter(scope);
            let keys = sort_keys(query.sort);
            page_of::<ListedUser>(db, scope, keys, query.dir, total, page, per_page).await?
        }
    };
    Ok(UserPage {
        rows: found.into_iter().map(|u| row(u, db.now())).collect(),
        total,
        page,
        per_page,
    })
}

/// Every user `query` matches (its search and filters, not its page), in its order: what an
/// export writes.
pub(crate) async fn matching_in_order(
    db: &Db,
    query: &UserListQuery,
) -> Result<sea_orm::Select<users::Entity>, ServiceError> {
    let scope = matching(db, query).await?;
    let order = match query.dir {
        SortDir::Asc => sea_orm::Order::Asc,
        SortDir::Desc => sea_orm::Order::Desc,
    };
    let mut select = users::Entity::find().filter(scope);
    for key in sort_keys(query.sort) {
        select = key.order(select, order.clone());
    }
    Ok(sea_orm::QueryOrder::order_by(
        select,
        users::Column::Id,
        order,
    ))
}

/// The condition selecting every user `query` matches (its search and filters): what a bulk
/// job's "select all matching" freezes.
pub(crate) async fn matching(db: &Db, query: &UserListQuery) -> Result<Condition, ServiceError> {
    Ok(scope(db, query, db.now()).await?.0)
}

/// A page of all users, newest first, from a remembered landmark (`user_pages`); `None`
/// for other lists, and for pages `page_of` reads cheaply from the far end.
async fn deep_page_of_all(
    db: &Db,
    query: &UserListQuery,
    total: Total,
    page: u32,
    per_page: u32,
) -> Result<Option<Vec<ListedUser>>, ServiceError> {
    let offset = u64::from(page - 1) * u64::from(per_page);
    let everyone = query.q.trim().is_empty() && filters(db, query, None, db.now()).is_empty();
    let newest_first = query.sort == SortKey::Created && query.dir == SortDir::Desc;
    match total {
        Total::Exact(n) if everyone && newest_first && offset <= n / 2 => {
            Ok(user_pages::newest_first(db, offset, per_page.into()).await?)
        }
        _ => Ok(None),
    }
}

/// The condition selecting the listed users, and how many there are.
async fn scope(
    db: &impl ConnectionTrait,
    query: &UserListQuery,
    now: DateTime<Utc>,
) -> Result<(Condition, Total), ServiceError> {
    let counting = filters(db, query, None, now);
    let walking = filters(db, query, Some(query.sort), now);
    let Some(search) = Search::parse(&query.q) else {
        let total = if counting.is_empty() {
            Total::Exact(counters::users(db).await?)
        } else {
            capped_total::<users::Entity>(db, counting, COUNT_CAP).await?
        };
        return Ok((walking, total));
    };
    Ok(match search.candidates(db, &counting, COUNT_CAP).await? {
        // A rare term: sort its few matches.
        Candidates::Few(ids) => {
            let total = Total::Exact(ids.len() as u64);
            (Condition::all().add(users::Column::Id.is_in(ids)), total)
        }
        // A common term (or a term and filters common together): walk the sort's index,
        // testing rows until the page is full.
        Candidates::Many(more_than) => (
            walking.add(search.scan(Dialect::of(db))),
            Total::AtLeast(more_than),
        ),
    })
}

/// The filters other than the search term, for counting (`walk: None`) or for walking the
/// index of the sort key `walk`.
fn filters(
    db: &impl ConnectionTrait,
    query: &UserListQuery,
    walk: Option<SortKey>,
    now: DateTime<Utc>,
) -> Condition {
    let mut all = Condition::all();
    if let Some(recency) = query.signed_in {
        all = all.add(signed_in(Dialect::of(db), recency, walk, now));
    }
    if let Some(status) = query.status {
        all = all.add(
            if matches!(walk, None | Some(SortKey::Created | SortKey::Status)) {
                users::Column::Status.eq(status.key())
            } else {
                // No status is rare (each is 10% or more of users), so walking the sort's index
                // fills a page after a few hundred rows. Given a usable status index, SQLite would
                // instead collect all of one status's users and sort them (200 ms at 1,000,000);
                // `|| ''` keeps that index out of the plan on both engines.
                Expr::expr(Expr::cust("(users.status || '')")).eq(status.key())
            },
        );
    }
    all = match query.two_factor {
        None => all,
        Some(TwoFactorState::Enrolled) => all.add(users::Column::TotpEnrolledAt.is_not_null()),
        Some(TwoFactorState::Required) => all
            .add(users::Column::TwoFactorRequired.eq(true))
            .add(users::Column::TotpEnrolledAt.is_null()),
        Some(TwoFactorState::Off) => all
            .add(users::Column::TwoFactorRequired.eq(false))
            .add(users::Column::TotpEnrolledAt.is_null()),
    };
    if let Some(verified) = query.email_verified {
        all = all.add(users::Column::EmailVerified.eq(verified));
    }
    match query.has_clients {
        Some(true) => all.add(users::Column::ClientsCount.gt(0)),
        Some(false) => all.add(users::Column::ClientsCount.eq(0)),
        None => all,
    }
}

/// The "Last sign-in" filter. Its index (`users_last_sign_in_idx`) serves counting, sorting by
/// last sign-in, and on SQLite never-signed-in users newest first (`IS NULL` acts as an equality
/// there, so the index is also in created order). Walking another sort's index, it is tested
/// row by row instead: both groups are common (a page fills after a few dozen rows), whereas
/// collecting a whole group from the index and sorting it costs hundreds of milliseconds at
/// 1,000,000 users. SQLite takes an index whenever it can, and `+column` keeps it out;
/// PostgreSQL weighs the plans with its statistics.
fn signed_in(
    dialect: Dialect,
    recency: SignInRecency,
    walk: Option<SortKey>,
    now: DateTime<Utc>,
) -> Condition {
    let column = |name: &str, indexed: bool| {
        let prefix = if indexed || dialect == Dialect::Postgres {
            ""
        } else {
            "+"
        };
        Expr::expr(Expr::cust(format!("{prefix}users.{name}")))
    };
    let by_sign_in = matches!(walk, None | Some(SortKey::LastSignIn));
    let by_created = walk == Some(SortKey::Created);
    let cutoff = now - Duration::days(DORMANT_DAYS);
    match recency {
        SignInRecency::Never => {
            Condition::all().add(column("last_login_at", by_sign_in || by_created).is_null())
        }
        // Nobody signs in before they exist, so only users created before the cutoff can be
        // dormant: walking newest first starts there, not at the newest users, who all signed
        // in lately (PostgreSQL at 1,000,000 users: 38 ms -> 2 ms).
        SignInRecency::Dormant => Condition::all()
            .add(column("last_login_at", by_sign_in).lt(cutoff))
            .add(column("created_at", by_created).lt(cutoff)),
    }
}

/// A sort's columns (the id follows them), each with its nulls ordering.
fn sort_keys(key: SortKey) -> Vec<SortColumn> {
    let col = |c: users::Column| SortColumn::from(Expr::col((users::Entity, c)));
    match key {
        SortKey::Name => vec![col(users::Column::FirstName), col(users::Column::LastName)],
        SortKey::Email => vec![col(users::Column::EmailNorm)],
        SortKey::Status => vec![col(users::Column::Status), col(users::Column::CreatedAt)],
        SortKey::Clients => vec![
            col(users::Column::ClientsCount),
            col(users::Column::CreatedAt),
        ],
        SortKey::Created => vec![col(users::Column::CreatedAt)],
        SortKey::LastSignIn => vec![
            SortColumn::nulls_first(Expr::col((users::Entity, users::Column::LastLoginAt))),
            col(users::Column::CreatedAt),
        ],
    }
}

/// The 2FA indicator of a user.
pub fn two_factor_of(u: &users::Model) -> TwoFactorState {
    two_factor_state(u.totp_enrolled_at.is_some(), u.two_factor_required)
}

/// The 2FA badge of a user who has (or has not) enrolled and is (or is not) required to.
pub fn two_factor_state(enrolled: bool, required: bool) -> TwoFactorState {
    match (enrolled, required) {
        (true, _) => TwoFactorState::Enrolled,
        (false, true) => TwoFactorState::Required,
        (false, false) => TwoFactorState::Off,
    }
}

pub(crate) fn row(u: ListedUser, now: chrono::DateTime<chrono::Utc>) -> UserRow {
    let two_factor = two_factor_state(u.totp_enrolled_at.is_some(), u.two_factor_required);
    UserRow {
        locked: super::lockout::is_locked(u.failed_logins, u.locked_until, now),
        id: u.id,
        first_name: u.first_name,
        last_name: u.last_name,
        email: u.email,
        email_verified: u.email_verified,
        phone: u.phone.as_deref().map(international),
        phone_verified: u.phone_verified,
        status: u.status,
        two_factor,
        passkey: u.passkey_count > 0,
        clients: u32::try_from(u.clients_count).unwrap_or(0),
        created_at: u.created_at,
        last_sign_in: u.last_login_at,
    }
}

/// "+14155550123" -> "+1 415-555-0123"; a number the library cannot read stays as stored.
pub fn international(e164: &str) -> String {
    phonenumber::parse(None, e164)
        .map(|n| {
            n.format()
                .mode(phonenumber::Mode::International)
                .to_string()
        })
        .unwrap_or_else(|_| e164.to_owned())
}
