//! The User Clients dialog: a user and their clients, in two queries.
use super::user_list::international;
use super::ServiceError;
use crate::db::{client_users, clients, users};
use crate::model::user_clients::{UserClient, UserClients};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

pub async fn user_clients(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<UserClients, ServiceError> {
    let user = users::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let owner_of: HashMap<Uuid, bool> = client_users::Entity::find()
        .filter(client_users::Column::UserId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.client_id, l.owner))
        .collect();
    let mut list: Vec<UserClient> = clients::Entity::find()
        .filter(clients::Column::Id.is_in(owner_of.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|c| UserClient {
            id: c.id,
            owner: owner_of[&c.id],
            name: format!("{} {}", c.first_name, c.last_name)
                .trim()
                .to_owned(),
            company: c.company_name,
            tax_id: c.tax_id,
            status: c.status,
        })
        .collect();
    // Owned clients first, then by name.
    list.sort_by(|a, b| (!a.owner, &a.company, &a.name).cmp(&(!b.owner, &b.company, &b.name)));
    Ok(UserClients {
        id,
        name: format!("{} {}", user.first_name, user.last_name)
            .trim()
            .to_owned(),
        email: user.email,
        phone: user.phone.as_deref().map(international),
        clients: list,
    })
}
