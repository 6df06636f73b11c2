//! One database as the services use it: the connection pool plus what belongs to this
//! database rather than to the process (the SQLite writer queue, the deep-page landmarks) and
//! the clock, and how the mail it queues is addressed. Two databases in one process (tests, a migration tool) share none of it.
use crate::clock::{Clock, SystemClock};
use crate::service::mail::MailContext;
use crate::service::user_pages::Landmarks;
use chrono::{DateTime, Utc};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DbBackend, DbErr, ExecResult, QueryResult, Statement,
};
use std::ops::Deref;
use std::sync::{Arc, Mutex};
use tokio::sync::Semaphore;

#[derive(Clone)]
pub struct Db {
    conn: DatabaseConnection,
    /// SQLite has one writer at a time: this database's write transactions queue here.
    pub(crate) writer: Arc<Semaphore>,
    pub(crate) landmarks: Arc<Mutex<Option<Landmarks>>>,
    clock: Arc<dyn Clock>,
    mail: Arc<MailContext>,
}

impl Db {
    pub fn new(conn: DatabaseConnection) -> Self {
        Self {
            conn,
            writer: Arc::new(Semaphore::new(1)),
            landmarks: Arc::default(),
            clock: Arc::new(SystemClock),
            mail: Arc::new(MailContext::default()),
        }
    }

    pub fn with_mail(self, mail: MailContext) -> Self {
        Self {
            mail: Arc::new(mail),
            ..self
        }
    }

    /// What queuing a message needs (the services that cause mail queue it themselves).
    pub fn mail(&self) -> &MailContext {
        &self.mail
    }

    pub fn with_clock(self, clock: Arc<dyn Clock>) -> Self {
        Self { clock, ..self }
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    pub fn connection(&self) -> &DatabaseConnection {
        &self.conn
    }

    pub fn into_connection(self) -> DatabaseConnection {
        self.conn
    }
}

impl Deref for Db {
    type Target = DatabaseConnection;

    fn deref(&self) -> &DatabaseConnection {
        &self.conn
    }
}

#[async_trait::async_trait]
impl ConnectionTrait for Db {
    fn get_database_backend(&self) -> DbBackend {
        self.conn.get_database_backend()
    }

    async fn execute(&self, stmt: Statement) -> Result<ExecResult, DbErr> {
        self.conn.execute(stmt).await
    }

    async fn execute_unprepared(&self, sql: &str) -> Result<ExecResult, DbErr> {
        self.conn.execute_unprepared(sql).await
    }

    async fn query_one(&self, stmt: Statement) -> Result<Option<QueryResult>, DbErr> {
        self.conn.query_one(stmt).await
    }

    async fn query_all(&self, stmt: Statement) -> Result<Vec<QueryResult>, DbErr> {
        self.conn.query_all(stmt).await
    }
}
