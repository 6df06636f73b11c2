//! Manage Clients: a page of clients with their owners (two queries; user counts are a
//! trigger-kept column) and a total that is exact where cheap and capped where not, as in
//! Manage Users.
use super::paging::{capped_total, page_of, SortColumn};
use super::user_list::COUNT_CAP;
use super::ServiceError;
use crate::db::{client_users, clients, counters, users};
use crate::model::client_list::{
    ClientListQuery, ClientPage, ClientRow, ClientSortKey, OwnerSummary,
};
use crate::model::user_list::{served_per_page, SortDir, Total};
use crate::model::Keyed;
use crate::search::{Candidates, ClientSearch, Dialect};
use sea_orm::sea_query::{Condition, Expr, SimpleExpr};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

pub async fn list_clients(
    db: &impl ConnectionTrait,
    query: &ClientListQuery,
) -> Result<ClientPage, ServiceError> {
    let per_page = served_per_page(query.per_page);
    let page = query.page.max(1);
    let (scope, total) = scope(db, query).await?;
    let scope = clients::Entity::find().filter(scope);
    let keys = sort_exprs(query.sort)
        .into_iter()
        .map(SortColumn::from)
        .collect();
    let found =
        page_of::<clients::Model>(db, scope, keys, query.dir, total, page, per_page).await?;
    let owners = owners(db, found.iter().map(|c| c.id)).await?;
    let rows = found
        .into_iter()
        .map(|c| ClientRow {
            owner: owners.get(&c.id).cloned(),
            id: c.id,
            first_name: c.first_name,
            last_name: c.last_name,
            company: c.company_name,
            tax_id: c.tax_id,
            status: c.status,
            users: u32::try_from(c.users_count).unwrap_or(0),
            created_at: c.created_at,
        })
        .collect();
    Ok(ClientPage {
        rows,
        total,
        page,
        per_page,
    })
}

/// Every client `query` matches (its search and filter, not its page), in its order: what an
/// export writes.
pub(crate) async fn matching_in_order(
    db: &impl ConnectionTrait,
    query: &ClientListQuery,
) -> Result<sea_orm::Select<clients::Entity>, ServiceError> {
    let (scope, _) = scope(db, query).await?;
    let order = match query.dir {
        SortDir::Asc => sea_orm::Order::Asc,
        SortDir::Desc => sea_orm::Order::Desc,
    };
    let mut select = clients::Entity::find().filter(scope);
    for key in sort_exprs(query.sort) {
        select = SortColumn::from(key).order(select, order.clone());
    }
    Ok(sea_orm::QueryOrder::order_by(
        select,
        clients::Column::Id,
        order,
    ))
}

/// The condition selecting the listed clients, and how many there are.
async fn scope(
    db: &impl ConnectionTrait,
    query: &ClientListQuery,
) -> Result<(Condition, Total), ServiceError> {
    let mut filters = Condition::all();
    if let Some(status) = query.status {
        filters = filters.add(clients::Column::Status.eq(status.key()));
    }
    let Some(search) = ClientSearch::parse(&query.q) else {
        let total = if query.status.is_none() {
            Total::Exact(counters::clients(db).await?)
        } else {
            capped_total::<clients::Entity>(db, filters.clone(), COUNT_CAP).await?
        };
        return Ok((filters, total));
    };
    Ok(match search.candidates(db, &filters, COUNT_CAP).await? {
        Candidates::Few(ids) => {
            let total = Total::Exact(ids.len() as u64);
            (Condition::all().add(clients::Column::Id.is_in(ids)), total)
        }
        Candidates::Many(more_than) => (
            filters.add(search.scan(Dialect::of(db))),
            Total::AtLeast(more_than),
        ),
    })
}

fn sort_exprs(key: ClientSortKey) -> Vec<SimpleExpr> {
    let col = |c: clients::Column| Expr::col((clients::Entity, c)).into();
    match key {
        ClientSortKey::Name => vec![
            col(clients::Column::FirstName),
            col(clients::Column::LastName),
        ],
        ClientSortKey::Company => vec![col(clients::Column::CompanyName)],
        ClientSortKey::Status => vec![
            col(clients::Column::Status),
            col(clients::Column::CreatedAt),
        ],
        ClientSortKey::Users => vec![
            col(clients::Column::UsersCount),
            col(clients::Column::CreatedAt),
        ],
        ClientSortKey::Created => vec![col(clients::Column::CreatedAt)],
    }
}

/// The owner of each of `ids` that has one.
pub(crate) async fn owners(
    db: &impl ConnectionTrait,
    ids: impl Iterator<Item = Uuid>,
) -> Result<HashMap<Uuid, OwnerSummary>, ServiceError> {
    // One user may own several clients of a page.
    let owned: Vec<(Uuid, Uuid)> = client_users::Entity::find()
        .filter(client_users::Column::ClientId.is_in(ids))
        .filter(client_users::Column::Owner.eq(true))
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.client_id, l.user_id))
        .collect();
    let people: HashMap<Uuid, OwnerSummary> = users::Entity::find()
        .filter(users::Column::Id.is_in(owned.iter().map(|(_, user)| *user)))
        .all(db)
        .await?
        .into_iter()
        .map(|u| {
            let summary = OwnerSummary {
                id: u.id,
                name: format!("{} {}", u.first_name, u.last_name)
                    .trim()
                    .to_owned(),
                email: u.email,
            };
            (u.id, summary)
        })
        .collect();
    Ok(owned
        .into_iter()
        .filter_map(|(client, user)| Some((client, people.get(&user)?.clone())))
        .collect())
}
