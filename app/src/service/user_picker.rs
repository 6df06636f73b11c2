//! The Associate User picker: the first few users matching what staff type, through the
//! same search as Manage Users (never all users).
use super::user_list::list_users;
use super::ServiceError;
use crate::db::client_users;
use crate::db::Db;
use crate::model::client_page::UserChoice;
use crate::model::user_list::{SortDir, SortKey, UserListQuery};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use std::collections::HashSet;
use uuid::Uuid;

pub const CHOICES: usize = 10;

pub async fn pick_users(
    db: &Db,
    client_id: Uuid,
    term: &str,
) -> Result<Vec<UserChoice>, ServiceError> {
    if term.trim().is_empty() {
        return Ok(Vec::new());
    }
    let query = UserListQuery {
        q: term.to_owned(),
        sort: SortKey::Name,
        dir: SortDir::Asc,
        ..Default::default()
    };
    let mut rows = list_users(db, &query).await?.rows;
    rows.truncate(CHOICES);
    let associated: HashSet<Uuid> = client_users::Entity::find()
        .select_only()
        .column(client_users::Column::UserId)
        .filter(client_users::Column::ClientId.eq(client_id))
        .filter(client_users::Column::UserId.is_in(rows.iter().map(|r| r.id)))
        .into_tuple()
        .all(db)
        .await?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(|r| UserChoice {
            associated: associated.contains(&r.id),
            id: r.id,
            name: format!("{} {}", r.first_name, r.last_name)
                .trim()
                .to_owned(),
            email: r.email,
            status: r.status,
        })
        .collect())
}
