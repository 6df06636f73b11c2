//! The one way a service call becomes a transaction: the change and its audit entry commit
//! together or not at all.
use super::ServiceError;
use crate::db::{begin_write, Db};
use sea_orm::DatabaseTransaction;

/// Runs `work` in a write transaction (on SQLite, in this database's writer queue) and
/// commits it when `work` succeeds; an error rolls everything back.
pub async fn write<T>(
    db: &Db,
    work: impl AsyncFnOnce(&DatabaseTransaction) -> Result<T, ServiceError>,
) -> Result<T, ServiceError> {
    let txn = begin_write(db).await?;
    let out = work(&txn).await?;
    txn.commit().await?;
    Ok(out)
}
