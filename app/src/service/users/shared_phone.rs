//! Phone numbers may be shared (an office's one line); the form says who else has one.
use super::phone;
use crate::db::users;
use crate::model::user_form::PhoneUser;
use crate::service::ServiceError;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

/// Up to five other users with the number typed as `number` in `region` (none for a number
/// that is not valid: the form says so on its own).
pub async fn phone_users(
    db: &impl ConnectionTrait,
    region: &str,
    number: &str,
    except: Option<Uuid>,
) -> Result<Vec<PhoneUser>, ServiceError> {
    let Ok(Some(e164)) = phone::e164(number, region) else {
        return Ok(Vec::new());
    };
    let mut query = users::Entity::find().filter(users::Column::Phone.eq(e164));
    if let Some(id) = except {
        query = query.filter(users::Column::Id.ne(id));
    }
    Ok(query
        .order_by_asc(users::Column::CreatedAt)
        .limit(5)
        .all(db)
        .await?
        .into_iter()
        .map(|u| PhoneUser {
            id: u.id,
            name: format!("{} {}", u.first_name, u.last_name)
                .trim()
                .to_owned(),
        })
        .collect())
}
