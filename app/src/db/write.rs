//! Write transactions. SQLite allows one writer at a time, and a deferred transaction whose
//! snapshot went stale while it waited for the write lock fails at once with "database is
//! locked", whatever the busy timeout. Queueing this process's SQLite writers avoids that
//! (one process owns a SQLite file; several nodes share PostgreSQL, whose writers run
//! concurrently).
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbBackend, DbErr, TransactionTrait,
};
use std::ops::Deref;
use tokio::sync::{Semaphore, SemaphorePermit};

static SQLITE_WRITER: Semaphore = Semaphore::const_new(1);

pub struct WriteTxn {
    txn: DatabaseTransaction,
    _turn: Option<SemaphorePermit<'static>>,
}

pub async fn begin_write(db: &DatabaseConnection) -> Result<WriteTxn, DbErr> {
    let turn = match db.get_database_backend() {
        DbBackend::Sqlite => Some(
            SQLITE_WRITER
                .acquire()
                .await
                .map_err(|e| DbErr::Custom(e.to_string()))?,
        ),
        _ => None,
    };
    Ok(WriteTxn {
        txn: db.begin().await?,
        _turn: turn,
    })
}

impl WriteTxn {
    pub async fn commit(self) -> Result<(), DbErr> {
        self.txn.commit().await
    }
}

impl Deref for WriteTxn {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        &self.txn
    }
}
