//! A client's page: the client and its users, in three queries.
use crate::db::{client_users, clients, users};
use crate::model::client_page::{ClientDetail, ClientUser};
use crate::service::user_list::two_factor_of;
use crate::service::users::client_name;
use crate::service::ServiceError;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use std::collections::HashMap;
use uuid::Uuid;

pub async fn client_detail(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<ClientDetail, ServiceError> {
    let client = clients::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let links: HashMap<Uuid, client_users::Model> = client_users::Entity::find()
        .filter(client_users::Column::ClientId.eq(id))
        .all(db)
        .await?
        .into_iter()
        .map(|l| (l.user_id, l))
        .collect();
    let mut list: Vec<ClientUser> = users::Entity::find()
        .filter(users::Column::Id.is_in(links.keys().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|u| {
            let link = &links[&u.id];
            ClientUser {
                id: u.id,
                name: format!("{} {}", u.first_name, u.last_name)
                    .trim()
                    .to_owned(),
                status: u.status,
                two_factor: two_factor_of(&u),
                email: u.email,
                owner: link.owner,
                permissions: link.permissions.as_slice().to_vec(),
            }
        })
        .collect();
    list.sort_by(|a, b| (!a.owner, &a.name, &a.email).cmp(&(!b.owner, &b.name, &b.email)));
    Ok(ClientDetail {
        id,
        name: client_name(&client),
        first_name: client.first_name,
        last_name: client.last_name,
        company: client.company_name,
        tax_id: client.tax_id,
        status: client.status,
        created_at: client.created_at,
        users: list,
    })
}
