//! The versioned save every edit form uses (users, clients; staff and the API next): a save
//! carries the version its form was opened at, writes only if the record still has it, and
//! otherwise reports who saved in between, so no edit silently overwrites another.
use super::audit::TargetKind;
use super::error::ServiceError;
use crate::db::audit_log;
use crate::model::{Conflict, Versioned};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QueryOrder,
};
use uuid::Uuid;

/// Writes `row` to record `id` only while it is at `version`, moving it one version on.
/// `false`: someone saved in between (the read before is not a lock on every engine).
pub async fn update_at_version<E: EntityTrait>(
    db: &impl ConnectionTrait,
    row: E::ActiveModel,
    (id_column, id): (E::Column, Uuid),
    (version_column, version): (E::Column, i32),
) -> Result<bool, DbErr>
where
    E::ActiveModel: ActiveModelTrait<Entity = E>,
{
    let saved = E::update_many()
        .set(row)
        .filter(id_column.eq(id))
        .filter(version_column.eq(version))
        .exec(db)
        .await?;
    Ok(saved.rows_affected > 0)
}

/// Who saved a record last, as the audit trail names them, for the conflict notice.
pub(crate) async fn last_saved_by(
    db: &impl ConnectionTrait,
    kind: TargetKind,
    id: Uuid,
) -> Result<String, DbErr> {
    let last = audit_log::Entity::find()
        .filter(audit_log::Column::TargetKind.eq(<&str>::from(kind)))
        .filter(audit_log::Column::TargetId.eq(id.to_string()))
        .order_by_desc(audit_log::Column::At)
        .one(db)
        .await?;
    Ok(last.map_or_else(|| "someone".to_owned(), |e| e.actor_label))
}

/// The conflict report for record `id` of `kind`: who saved it last and when, and the
/// record as it is now.
pub async fn changed<R: Versioned>(
    db: &impl ConnectionTrait,
    kind: TargetKind,
    id: Uuid,
    at: chrono::DateTime<chrono::Utc>,
    current: R,
) -> Result<ServiceError, ServiceError> {
    Ok(ServiceError::Changed(Box::new(Conflict {
        by: last_saved_by(db, kind, id).await?,
        at,
        current: current.into_current(),
    })))
}
