//! Trigger-kept counts (migration 3), so that totals never scan.
use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "counters")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub name: String,
    pub value: i64,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// The number of users.
pub async fn users(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    let row = Entity::find_by_id("users").one(db).await?;
    Ok(row.map_or(0, |r| u64::try_from(r.value).unwrap_or(0)))
}

/// The number of clients.
pub async fn clients(db: &impl ConnectionTrait) -> Result<u64, DbErr> {
    let row = Entity::find_by_id("clients").one(db).await?;
    Ok(row.map_or(0, |r| u64::try_from(r.value).unwrap_or(0)))
}

/// The version of the users' newest-first order (migration 9): changes with every insert,
/// delete and change of a creation time.
pub async fn users_order(db: &impl ConnectionTrait) -> Result<Option<i64>, DbErr> {
    Ok(Entity::find_by_id("users_order")
        .one(db)
        .await?
        .map(|r| r.value))
}
