//! Deleting a user, and the clients the delete dialog names.
use super::audit_trail::{fields, record};
use crate::auth::session::{self, Kind};
use crate::db::{client_users, clients, users, Db};
use crate::service::audit::{Actor, AuditAction};
use crate::service::{transaction, ServiceError};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

/// What the delete dialog shows: the user's clients, and whether they own any.
pub async fn clients_of(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<Vec<(String, bool)>, ServiceError> {
    let links = client_users::Entity::find()
        .filter(client_users::Column::UserId.eq(id))
        .all(db)
        .await?;
    let owner_of: std::collections::HashMap<Uuid, bool> =
        links.iter().map(|l| (l.client_id, l.owner)).collect();
    let mut out: Vec<(String, bool)> = clients::Entity::find()
        .filter(clients::Column::Id.is_in(owner_of.keys().copied()))
        .all(db)
        .await?
        .iter()
        .map(|c| (client_name(c), owner_of[&c.id]))
        .collect();
    out.sort();
    Ok(out)
}

async fn owned_clients(db: &impl ConnectionTrait, id: Uuid) -> Result<Vec<String>, ServiceError> {
    Ok(clients_of(db, id)
        .await?
        .into_iter()
        .filter_map(|(name, owner)| owner.then_some(name))
        .collect())
}

pub fn client_name(c: &clients::Model) -> String {
    crate::model::client::display_name(&c.first_name, &c.last_name, c.company_name.as_deref())
}

/// Deletes a user with their associations, sessions and 2FA data; refused while they own a
/// client. The audit entry keeps their name and email.
pub async fn delete_user(db: &Db, id: Uuid, actor: &Actor) -> Result<(), ServiceError> {
    transaction::write(db, async |txn| {
        let user = users::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(ServiceError::NotFound)?;
        delete_in(txn, &user, actor, db.now()).await
    })
    .await
}

/// `delete_user` in the caller's transaction (bulk jobs delete many users in one).
pub(crate) async fn delete_in(
    txn: &impl ConnectionTrait,
    user: &users::Model,
    actor: &Actor,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
    let id = user.id;
    let owned = owned_clients(txn, id).await?;
    if !owned.is_empty() {
        return Err(ServiceError::OwnsClients(owned));
    }
    // One statement, so that an ownership given meanwhile cannot be cascaded away.
    let deleted = users::Entity::delete_many()
        .filter(users::Column::Id.eq(id))
        .filter(Expr::cust_with_values(
            "NOT EXISTS (SELECT 1 FROM client_users cu WHERE cu.user_id = users.id AND cu.owner)",
            Vec::<sea_orm::Value>::new(),
        ))
        .exec(txn)
        .await?;
    if deleted.rows_affected == 0 {
        return Err(ServiceError::OwnsClients(owned_clients(txn, id).await?));
    }
    session::end_all(txn, Kind::User, id).await?;
    let last_values = fields(user)
        .into_iter()
        .map(|(name, value)| (name.to_owned(), json!({ "old": value })))
        .collect();
    record(txn, actor, AuditAction::UserDelete, user, last_values, at).await?;
    Ok(())
}
