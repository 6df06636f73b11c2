//! CSV exports of Manage Users: every row the list's search and filters match, in the list's
//! order, with the columns chosen, written as the database streams them. Memory stays
//! constant at any size: rows are read from one cursor and leave in chunks through a bounded
//! channel, so a slow download holds the reading back instead of piling rows up.
use super::audit::{self, Actor, AuditAction, Entry, TargetKind};
use super::user_list::{matching_in_order, two_factor_of};
use super::user_sign_in::is_locked;
use super::ServiceError;
use crate::db::{users, Db};
use crate::model::export::UserColumn;
use crate::model::user_list::UserListQuery;
use crate::model::{Keyed, Labelled};
use chrono::{DateTime, SecondsFormat, Utc};
use futures::StreamExt;
use serde_json::json;
use tokio::sync::mpsc;

/// A chunk is sent once it holds this many bytes.
const CHUNK: usize = 64 * 1024;

/// How the file is written: plain (UTF-8, commas), or for Excel (a byte-order mark, so it
/// reads UTF-8, and semicolons, which it expects in most European locales).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CsvFormat {
    pub excel: bool,
}

/// Records the export in the audit trail, then writes it to `out` chunk by chunk; returns the
/// number of rows. A download that stops (the receiver gone) ends the export quietly.
pub async fn export_users(
    db: &Db,
    query: &UserListQuery,
    columns: &[UserColumn],
    format: CsvFormat,
    actor: &Actor,
    out: mpsc::Sender<Vec<u8>>,
) -> Result<u64, ServiceError> {
    let entry = Entry {
        action: AuditAction::UsersExport,
        target_kind: TargetKind::User,
        target_id: None,
        target_label: "Manage Users".into(),
        changes: json!({
            "filters": query.to_params().into_iter().collect::<std::collections::BTreeMap<_, _>>(),
            "columns": columns.iter().map(|c| c.key()).collect::<Vec<_>>(),
            "excel": format.excel,
        }),
    };
    audit::record(db, actor, entry, db.now()).await?;
    let select = matching_in_order(db, query).await?;
    let mut rows = select.stream(db.connection()).await?;
    let mut builder = csv::WriterBuilder::new();
    builder.delimiter(if format.excel { b';' } else { b',' });
    let bom = match format.excel {
        true => "\u{feff}".as_bytes().to_vec(),
        false => Vec::new(),
    };
    let mut writer = builder.from_writer(bom);
    writer
        .write_record(columns.iter().map(|c| c.label()))
        .map_err(internal)?;
    let (now, mut count) = (db.now(), 0u64);
    while let Some(user) = rows.next().await {
        let user = user?;
        writer
            .write_record(columns.iter().map(|c| cell(&user, *c, now)))
            .map_err(internal)?;
        count += 1;
        if writer.get_ref().len() >= CHUNK {
            let full = std::mem::replace(
                &mut writer,
                builder.from_writer(Vec::with_capacity(CHUNK * 2)),
            );
            let chunk = full.into_inner().map_err(|e| internal(e.into_error()))?;
            if out.send(chunk).await.is_err() {
                return Ok(count);
            }
        }
    }
    let rest = writer.into_inner().map_err(|e| internal(e.into_error()))?;
    let _ = out.send(rest).await;
    Ok(count)
}

fn internal(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(format!("writing CSV: {e}"))
}

fn cell(u: &users::Model, column: UserColumn, now: DateTime<Utc>) -> String {
    let date = |at: &DateTime<Utc>| at.to_rfc3339_opts(SecondsFormat::Secs, true);
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_owned();
    match column {
        UserColumn::Id => u.id.to_string(),
        UserColumn::FirstName => text(&u.first_name),
        UserColumn::LastName => text(&u.last_name),
        UserColumn::Email => text(&u.email),
        UserColumn::EmailVerified => yes_no(u.email_verified),
        UserColumn::Phone => u.phone.clone().unwrap_or_default(),
        UserColumn::PhoneVerified => yes_no(u.phone_verified),
        UserColumn::Status => match is_locked(u, now) {
            true => format!("{} (locked)", u.status.label()),
            false => u.status.label().to_owned(),
        },
        UserColumn::TwoFactor => two_factor_of(u).key().to_owned(),
        UserColumn::Clients => u.clients_count.to_string(),
        UserColumn::Language => u.language.clone(),
        UserColumn::Created => date(&u.created_at),
        UserColumn::LastSignIn => u.last_login_at.as_ref().map(date).unwrap_or_default(),
    }
}

/// Text as typed, except that a spreadsheet must not read it as a formula (CSV injection):
/// a leading `=`, `+`, `-`, `@`, tab or carriage return gets a quote mark before it.
pub(crate) fn text(value: &str) -> String {
    match value.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        true => format!("'{value}"),
        false => value.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn formulas_are_defused_and_text_kept() {
        assert_eq!(
            text("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(text("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(text("Anna-Maria"), "Anna-Maria");
        assert_eq!(text("Łucja"), "Łucja");
    }
}
