//! A job's report as CSV: every user a bulk action could not change, or every row an import
//! refused, with the reason; written page by page through a bounded channel (a report can be
//! as long as the selection).
use super::failures;
use crate::db::Db;
use crate::model::import::Verdict;
use crate::service::export::text;
use crate::service::{import, ServiceError};
use sea_orm::EntityTrait;
use tokio::sync::mpsc;
use uuid::Uuid;

const PAGE: u64 = 1000;

/// Writes job `id`'s report to `out`; returns the number of rows. A download that stops
/// (the receiver gone) ends it quietly.
pub async fn report_csv(
    db: &Db,
    id: Uuid,
    out: mpsc::Sender<Vec<u8>>,
) -> Result<u64, ServiceError> {
    let job = crate::db::jobs::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    if import::is_import(&job.kind) {
        let target: import::ImportTarget = serde_json::from_str(&job.selection)
            .map_err(|e| ServiceError::Internal(format!("job row: {e}")))?;
        return refused_rows_csv(db, target.import, out).await;
    }
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(["User ID", "User", "Outcome", "Reason"])
        .map_err(internal)?;
    let (mut after, mut count) = (None, 0u64);
    loop {
        let page = failures(db, id, after, PAGE).await?;
        for f in &page {
            let outcome: &str = f.outcome.into();
            writer
                .write_record([
                    f.user_id.to_string(),
                    text(&f.user),
                    outcome.to_owned(),
                    text(&f.reason),
                ])
                .map_err(internal)?;
        }
        count += page.len() as u64;
        let chunk = std::mem::replace(&mut writer, csv::Writer::from_writer(Vec::new()));
        let chunk = chunk.into_inner().map_err(|e| internal(e.into_error()))?;
        if out.send(chunk).await.is_err() {
            return Ok(count);
        }
        match page.last() {
            Some(last) if page.len() as u64 == PAGE => after = Some(last.user_id),
            _ => return Ok(count),
        }
    }
}

fn internal(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(format!("writing CSV: {e}"))
}

/// An import's refused rows: line, email and reason.
async fn refused_rows_csv(
    db: &Db,
    import_id: Uuid,
    out: mpsc::Sender<Vec<u8>>,
) -> Result<u64, ServiceError> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(["Line", "Email", "Reason"])
        .map_err(internal)?;
    let (mut after, mut count) = (0u64, 0u64);
    loop {
        let page = import::rows(db, import_id, Verdict::Refuse, after, PAGE).await?;
        for r in &page {
            let reason = r.reason.clone().unwrap_or_default();
            writer
                .write_record([r.line.to_string(), text(&r.email), text(&reason)])
                .map_err(internal)?;
        }
        count += page.len() as u64;
        let chunk = std::mem::replace(&mut writer, csv::Writer::from_writer(Vec::new()));
        let chunk = chunk.into_inner().map_err(|e| internal(e.into_error()))?;
        if out.send(chunk).await.is_err() {
            return Ok(count);
        }
        match page.last() {
            Some(last) if page.len() as u64 == PAGE => after = last.line,
            _ => return Ok(count),
        }
    }
}
