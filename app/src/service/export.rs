//! CSV exports of Manage Users and Manage Clients: every row the list's search and filters
//! match, in the list's order, with the columns chosen, written as the database streams them. Memory stays
//! constant at any size: rows are read from one cursor and leave in chunks through a bounded
//! channel, so a slow download holds the reading back instead of piling rows up.
use super::audit::{self, Actor, AuditAction, Entry, TargetKind};
use super::client_list;
use super::lockout::is_locked;
use super::user_list::{matching_in_order, two_factor_state};
use super::ServiceError;
use crate::db::{clients, Db, ListedUser};
use crate::model::client_list::{ClientListQuery, OwnerSummary};
use crate::model::export::{ClientColumn, UserColumn};
use crate::model::user_list::UserListQuery;
use crate::model::{Keyed, Labelled};
use chrono::{DateTime, SecondsFormat, Utc};
use futures::StreamExt;
use sea_orm::QuerySelect;
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
    let filters = query.to_params().into_iter().collect();
    let list = (AuditAction::UsersExport, TargetKind::User, "Manage Users");
    audit_export(db, actor, list, filters, columns, format).await?;
    let select = matching_in_order(db, query).await?;
    let mut rows = select
        .select_only()
        .columns(ListedUser::COLUMNS)
        .into_model::<ListedUser>()
        .stream(db.connection())
        .await?;
    let mut csv = CsvOut::new(format, out, columns.iter().map(|c| c.label()))?;
    let now = db.now();
    while let Some(user) = rows.next().await {
        let user = user?;
        if !csv
            .write(columns.iter().map(|c| cell(&user, *c, now)))
            .await?
        {
            break;
        }
    }
    csv.finish().await
}

/// Manage Clients' export: as the users', with each client's owner looked up a page at a time.
pub async fn export_clients(
    db: &Db,
    query: &ClientListQuery,
    columns: &[ClientColumn],
    format: CsvFormat,
    actor: &Actor,
    out: mpsc::Sender<Vec<u8>>,
) -> Result<u64, ServiceError> {
    let filters = query.to_params().into_iter().collect();
    let list = (
        AuditAction::ClientsExport,
        TargetKind::Client,
        "Manage Clients",
    );
    audit_export(db, actor, list, filters, columns, format).await?;
    let select = client_list::matching_in_order(db, query).await?;
    let mut rows = select.stream(db.connection()).await?.chunks(OWNER_PAGE);
    let mut csv = CsvOut::new(format, out, columns.iter().map(|c| c.label()))?;
    while let Some(page) = rows.next().await {
        let page = page.into_iter().collect::<Result<Vec<_>, _>>()?;
        let owners = client_list::owners(db, page.iter().map(|c| c.id)).await?;
        for client in &page {
            let owner = owners.get(&client.id);
            if !csv
                .write(columns.iter().map(|c| client_cell(client, owner, *c)))
                .await?
            {
                return Ok(csv.rows);
            }
        }
    }
    csv.finish().await
}

/// Clients whose owners are looked up at once.
const OWNER_PAGE: usize = 500;

/// Records an export of `list` (its audit action, kind and name).
async fn audit_export<C: Keyed>(
    db: &Db,
    actor: &Actor,
    (action, kind, list): (AuditAction, TargetKind, &str),
    filters: std::collections::BTreeMap<&'static str, String>,
    columns: &[C],
    format: CsvFormat,
) -> Result<(), ServiceError> {
    let entry = Entry {
        action,
        target_kind: kind,
        target_id: None,
        target_label: list.into(),
        changes: json!({
            "filters": filters,
            "columns": columns.iter().map(|c| c.key()).collect::<Vec<_>>(),
            "excel": format.excel,
        }),
    };
    Ok(audit::record(db, actor, entry, db.now()).await?)
}

/// A CSV file written to a channel in chunks of about `CHUNK` bytes.
struct CsvOut {
    builder: csv::WriterBuilder,
    writer: csv::Writer<Vec<u8>>,
    out: mpsc::Sender<Vec<u8>>,
    rows: u64,
}

impl CsvOut {
    fn new<'a>(
        format: CsvFormat,
        out: mpsc::Sender<Vec<u8>>,
        header: impl Iterator<Item = &'a str>,
    ) -> Result<Self, ServiceError> {
        let mut builder = csv::WriterBuilder::new();
        builder.delimiter(if format.excel { b';' } else { b',' });
        let bom = match format.excel {
            true => "\u{feff}".as_bytes().to_vec(),
            false => Vec::new(),
        };
        let mut writer = builder.from_writer(bom);
        writer.write_record(header).map_err(internal)?;
        Ok(Self {
            builder,
            writer,
            out,
            rows: 0,
        })
    }

    /// Writes a row; false once the download has stopped.
    async fn write<I: AsRef<[u8]>>(
        &mut self,
        record: impl IntoIterator<Item = I>,
    ) -> Result<bool, ServiceError> {
        self.writer.write_record(record).map_err(internal)?;
        self.rows += 1;
        if self.writer.get_ref().len() < CHUNK {
            return Ok(true);
        }
        let fresh = self.builder.from_writer(Vec::with_capacity(CHUNK * 2));
        let full = std::mem::replace(&mut self.writer, fresh);
        let chunk = full.into_inner().map_err(|e| internal(e.into_error()))?;
        Ok(self.out.send(chunk).await.is_ok())
    }

    async fn finish(self) -> Result<u64, ServiceError> {
        let rest = self
            .writer
            .into_inner()
            .map_err(|e| internal(e.into_error()))?;
        let _ = self.out.send(rest).await;
        Ok(self.rows)
    }
}

fn internal(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(format!("writing CSV: {e}"))
}

fn date(at: &DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Secs, true)
}

fn client_cell(c: &clients::Model, owner: Option<&OwnerSummary>, column: ClientColumn) -> String {
    match column {
        ClientColumn::Id => c.id.to_string(),
        ClientColumn::FirstName => text(&c.first_name),
        ClientColumn::LastName => text(&c.last_name),
        ClientColumn::Company => text(c.company_name.as_deref().unwrap_or_default()),
        ClientColumn::TaxId => text(c.tax_id.as_deref().unwrap_or_default()),
        ClientColumn::Status => c.status.label().to_owned(),
        ClientColumn::Owner => owner.map(|o| text(&o.name)).unwrap_or_default(),
        ClientColumn::OwnerEmail => owner.map(|o| text(&o.email)).unwrap_or_default(),
        ClientColumn::Users => c.users_count.to_string(),
        ClientColumn::Language => c.language.clone(),
        ClientColumn::Created => date(&c.created_at),
    }
}

fn cell(u: &ListedUser, column: UserColumn, now: DateTime<Utc>) -> String {
    let yes_no = |b: bool| if b { "yes" } else { "no" }.to_owned();
    match column {
        UserColumn::Id => u.id.to_string(),
        UserColumn::FirstName => text(&u.first_name),
        UserColumn::LastName => text(&u.last_name),
        UserColumn::Email => text(&u.email),
        UserColumn::EmailVerified => yes_no(u.email_verified),
        UserColumn::Phone => u.phone.clone().unwrap_or_default(),
        UserColumn::PhoneVerified => yes_no(u.phone_verified),
        UserColumn::Status => match is_locked(u.failed_logins, u.locked_until, now) {
            true => format!("{} (locked)", u.status.label()),
            false => u.status.label().to_owned(),
        },
        UserColumn::TwoFactor => {
            two_factor_state(u.totp_enrolled_at.is_some(), u.two_factor_required)
                .key()
                .to_owned()
        }
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
