//! Manage Users: one query for a page of users, one grouped query for their client counts,
//! and a total that is exact where cheap and capped where not.
use super::ServiceError;
use crate::db::{client_users, search, users};
use crate::model::user_list::{
    SortDir, SortKey, Total, TwoFactorState, UserListQuery, UserPage, UserRow, UserStatus,
    PAGE_SIZES,
};
use sea_orm::sea_query::{Condition, Expr, Order, SimpleExpr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use std::collections::HashMap;
use uuid::Uuid;

/// Above this many matches the total is shown as "more than" (SEARCH.md: exact counts of big
/// result sets are what makes admin lists slow).
pub const COUNT_CAP: u64 = 1000;

const HAS_CLIENTS: &str = "EXISTS (SELECT 1 FROM client_users cu WHERE cu.user_id = users.id)";
const CLIENTS_COUNT: &str = "(SELECT count(*) FROM client_users cu WHERE cu.user_id = users.id)";

pub async fn list_users(
    db: &impl ConnectionTrait,
    query: &UserListQuery,
) -> Result<UserPage, ServiceError> {
    let per_page = if PAGE_SIZES.contains(&query.per_page) {
        query.per_page
    } else {
        PAGE_SIZES[0]
    };
    let page = query.page.max(1);
    let filter = conditions(db.get_database_backend(), query);

    let order = match query.dir {
        SortDir::Asc => Order::Asc,
        SortDir::Desc => Order::Desc,
    };
    let mut select = users::Entity::find().filter(filter.clone());
    for key in sort_exprs(query.sort) {
        select = select.order_by(key, order.clone());
    }
    let found = select
        .order_by(users::Column::Id, order)
        .offset(u64::from(page - 1) * u64::from(per_page))
        .limit(u64::from(per_page))
        .all(db)
        .await?;

    let total = if filter.is_empty() {
        Total::Exact(users::Entity::find().count(db).await?)
    } else {
        let ids: Vec<Uuid> = users::Entity::find()
            .select_only()
            .column(users::Column::Id)
            .filter(filter)
            .limit(COUNT_CAP + 1)
            .into_tuple()
            .all(db)
            .await?;
        match ids.len() as u64 {
            n if n > COUNT_CAP => Total::AtLeast(COUNT_CAP),
            n => Total::Exact(n),
        }
    };

    let counts = client_counts(db, found.iter().map(|u| u.id).collect()).await?;
    let rows = found
        .into_iter()
        .map(|u| {
            let clients = counts.get(&u.id).copied().unwrap_or(0);
            row(u, clients)
        })
        .collect();
    Ok(UserPage {
        rows,
        total,
        page,
        per_page,
    })
}

fn conditions(backend: sea_orm::DbBackend, query: &UserListQuery) -> Condition {
    let mut all = Condition::all();
    if !query.q.trim().is_empty() {
        all = all.add(search::matches(backend, &query.q));
    }
    if let Some(status) = query.status {
        all = all.add(users::Column::Status.eq(status.key()));
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
        Some(true) => all.add(Expr::cust(HAS_CLIENTS)),
        Some(false) => all.add(Expr::cust(HAS_CLIENTS).not()),
        None => all,
    }
}

fn sort_exprs(key: SortKey) -> Vec<SimpleExpr> {
    let col = |c: users::Column| Expr::col((users::Entity, c)).into();
    match key {
        SortKey::Name => vec![col(users::Column::FirstName), col(users::Column::LastName)],
        SortKey::Email => vec![col(users::Column::EmailNorm)],
        SortKey::Status => vec![col(users::Column::Status), col(users::Column::CreatedAt)],
        SortKey::Clients => vec![Expr::cust(CLIENTS_COUNT), col(users::Column::CreatedAt)],
        SortKey::Created => vec![col(users::Column::CreatedAt)],
    }
}

/// Client counts of a page of users, in one grouped query.
async fn client_counts(
    db: &impl ConnectionTrait,
    ids: Vec<Uuid>,
) -> Result<HashMap<Uuid, u32>, ServiceError> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let counts: Vec<(Uuid, i64)> = client_users::Entity::find()
        .select_only()
        .column(client_users::Column::UserId)
        .column_as(client_users::Column::ClientId.count(), "n")
        .filter(client_users::Column::UserId.is_in(ids))
        .group_by(client_users::Column::UserId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(counts
        .into_iter()
        .map(|(id, n)| (id, u32::try_from(n).unwrap_or(u32::MAX)))
        .collect())
}

fn row(u: users::Model, clients: u32) -> UserRow {
    let two_factor = match (u.totp_enrolled_at.is_some(), u.two_factor_required) {
        (true, _) => TwoFactorState::Enrolled,
        (false, true) => TwoFactorState::Required,
        (false, false) => TwoFactorState::Off,
    };
    UserRow {
        id: u.id,
        first_name: u.first_name,
        last_name: u.last_name,
        email: u.email,
        email_verified: u.email_verified,
        phone: u.phone,
        phone_verified: u.phone_verified,
        status: UserStatus::from_key(&u.status).unwrap_or_default(),
        two_factor,
        clients,
        created_at: u.created_at.to_rfc3339(),
    }
}
