//! Write transactions. SQLite allows one writer at a time, and a transaction that must wait
//! for the write lock after it has begun reading fails at once with "database is locked",
//! whatever the busy timeout. Queueing this database's writers (`Db::writer`), and keeping a writer's
//! turn until its transaction has really ended (committed, or rolled back when dropped on an
//! error path), avoids that. One process owns a SQLite file; several nodes share
//! PostgreSQL, whose writers run concurrently.
use super::Db;
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbBackend, DbErr, TransactionTrait};
use std::ops::Deref;
use tokio::sync::OwnedSemaphorePermit;

pub struct WriteTxn {
    txn: Option<DatabaseTransaction>,
    turn: Option<OwnedSemaphorePermit>,
}

pub async fn begin_write(db: &Db) -> Result<WriteTxn, DbErr> {
    let turn = match db.get_database_backend() {
        DbBackend::Sqlite => Some(
            db.writer
                .clone()
                .acquire_owned()
                .await
                .map_err(|e| DbErr::Custom(e.to_string()))?,
        ),
        _ => None,
    };
    let txn = db.begin().await?;
    if turn.is_some() {
        // Take the write lock before the transaction reads anything (what BEGIN IMMEDIATE
        // would do): writes outside this queue (single-statement updates such as sign-in
        // counters) then make it wait out the busy timeout instead of failing with
        // SQLITE_BUSY_SNAPSHOT when it writes after reading. A write statement takes the
        // lock even when it changes no row.
        txn.execute_unprepared("UPDATE counters SET value = value WHERE 0")
            .await?;
    }
    Ok(WriteTxn {
        txn: Some(txn),
        turn,
    })
}

impl WriteTxn {
    pub async fn commit(mut self) -> Result<(), DbErr> {
        let result = match self.txn.take() {
            Some(txn) => txn.commit().await,
            None => Ok(()),
        };
        self.turn.take();
        result
    }
}

impl Drop for WriteTxn {
    /// Dropped without commit (an error path): roll back, then give up the turn.
    fn drop(&mut self) {
        if let Some(txn) = self.txn.take() {
            let turn = self.turn.take();
            tokio::spawn(async move {
                let _ = txn.rollback().await;
                drop(turn);
            });
        }
    }
}

impl Deref for WriteTxn {
    type Target = DatabaseTransaction;

    fn deref(&self) -> &DatabaseTransaction {
        self.txn
            .as_ref()
            .expect("a WriteTxn is open until commit or drop")
    }
}
