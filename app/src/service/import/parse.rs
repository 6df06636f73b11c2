//! An uploaded CSV file read into an import's rows: the delimiter found from the header line
//! (comma, semicolon or tab, as spreadsheets write them), a byte-order mark skipped, records
//! read on a blocking thread and written a batch at a time, so memory stays bounded whatever
//! the file's size.
use crate::db::{import_rows, imports, Db};
use crate::model::messages::Message;
use crate::service::audit::Actor;
use crate::service::{transaction, ServiceError};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use tokio::sync::mpsc;
use uuid::Uuid;

/// Records written per insert.
const BATCH: usize = 1000;
/// The largest file Roster takes (the million users, with room).
pub const MAX_ROWS: u64 = 1_000_000;

enum Read_ {
    Header(Vec<String>),
    Rows(Vec<(u64, Vec<String>)>),
    Failed(Message),
}

/// Stores the CSV file at `path` as a new import named `file_name`; returns its id.
pub async fn store(
    db: &Db,
    path: PathBuf,
    file_name: &str,
    actor: &Actor,
) -> Result<Uuid, ServiceError> {
    let (tx, mut rx) = mpsc::channel::<Read_>(4);
    tokio::task::spawn_blocking(move || read_file(&path, &tx));
    let id = Uuid::now_v7();
    let header = match rx.recv().await {
        Some(Read_::Header(h)) => h,
        Some(Read_::Failed(m)) => return Err(ServiceError::validation("file", m)),
        _ => return Err(ServiceError::validation("file", Message::CsvEmpty)),
    };
    imports::ActiveModel {
        id: Set(id),
        file_name: Set(file_name.chars().take(200).collect()),
        header: Set(serde_json::to_string(&header).unwrap_or_default()),
        row_count: Set(0),
        mapping: Set(None),
        invite: Set(false),
        created_by: Set(actor.id),
        created_by_label: Set(actor.label.clone()),
        created_at: Set(db.now()),
    }
    .insert(db.connection())
    .await?;
    let stored = store_rows(db, id, &mut rx).await;
    match stored {
        Ok(0) => Err(ServiceError::validation("file", Message::CsvEmpty)),
        Ok(_) => Ok(id),
        Err(e) => Err(e),
    }
    .inspect_err(|_| {
        let db = db.clone();
        // What was stored of a refused file goes (its rows with it).
        tokio::spawn(async move { imports::Entity::delete_by_id(id).exec(&db).await });
    })
}

async fn store_rows(
    db: &Db,
    id: Uuid,
    rx: &mut mpsc::Receiver<Read_>,
) -> Result<u64, ServiceError> {
    let mut count = 0u64;
    while let Some(read) = rx.recv().await {
        let rows = match read {
            Read_::Rows(rows) => rows,
            Read_::Failed(m) => return Err(ServiceError::validation("file", m)),
            Read_::Header(_) => continue,
        };
        count += rows.len() as u64;
        let models = rows
            .into_iter()
            .map(|(line, fields)| import_rows::ActiveModel {
                import_id: Set(id),
                line: Set(line as i64),
                fields: Set(serde_json::to_string(&fields).unwrap_or_default()),
                verdict: Set(None),
                reason: Set(None),
                email_norm: Set(None),
                done: Set(false),
                user_id: Set(None),
            });
        transaction::write(db, async |txn| {
            import_rows::Entity::insert_many(models)
                .exec_without_returning(txn)
                .await?;
            imports::Entity::update_many()
                .col_expr(
                    imports::Column::RowCount,
                    sea_orm::sea_query::Expr::value(count as i64),
                )
                .filter(imports::Column::Id.eq(id))
                .exec(txn)
                .await?;
            Ok(())
        })
        .await?;
    }
    Ok(count)
}

/// Reads the file, sending its header, then its records a batch at a time.
fn read_file(path: &std::path::Path, tx: &mpsc::Sender<Read_>) {
    let failed = |line| {
        let _ = tx.blocking_send(Read_::Failed(Message::CsvUnreadable(line)));
    };
    let Ok(file) = std::fs::File::open(path) else {
        return failed(1);
    };
    let mut input = BufReader::new(file);
    let Ok(start) = input.fill_buf() else {
        return failed(1);
    };
    let bom = start.starts_with(b"\xEF\xBB\xBF");
    let first_line = start.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first_line.iter().filter(|b| *b == d).count())
        .unwrap_or(b',');
    if bom {
        input.consume(3);
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(input);
    let mut records = reader.records();
    match records.next() {
        Some(Ok(header)) => {
            let header = header.iter().map(|h| h.trim().to_owned()).collect();
            if tx.blocking_send(Read_::Header(header)).is_err() {
                return;
            }
        }
        Some(Err(_)) => return failed(1),
        None => return,
    }
    let mut batch = Vec::with_capacity(BATCH);
    let mut count = 0u64;
    for record in records {
        let record = match record {
            Ok(r) => r,
            Err(e) => return failed(e.position().map_or(count + 2, |p| p.line())),
        };
        // Blank lines are not records.
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        count += 1;
        if count > MAX_ROWS {
            let _ = tx.blocking_send(Read_::Failed(Message::CsvTooLong(MAX_ROWS)));
            return;
        }
        let line = record.position().map_or(count + 1, |p| p.line());
        batch.push((line, record.iter().map(str::to_owned).collect()));
        if batch.len() == BATCH
            && tx
                .blocking_send(Read_::Rows(std::mem::take(&mut batch)))
                .is_err()
        {
            return;
        }
    }
    if !batch.is_empty() {
        let _ = tx.blocking_send(Read_::Rows(batch));
    }
}
