//! The sender task: claims due messages, sends each with its link's token filled in, records
//! the outcome. Runs on every node; without `ROSTER_SMTP_URL` it does not run at all and
//! messages wait in the outbox (readable in the mail log).
use super::outbox::{as_sent, claim, mark_failed, mark_sent};
use super::smtp::{Outgoing, SendError, Transport};
use crate::db::{mail_outbox, Db};
use crate::model::mail::MailStatus;
use futures::StreamExt;
use sea_orm::DbErr;
use std::time::Duration;

/// Messages claimed at a time, and sent at once from one claim.
const BATCH: u64 = 50;
const CONCURRENCY: usize = 4;
/// How often an idle sender looks for due messages.
const POLL: Duration = Duration::from_secs(1);

/// What one pass delivered.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Delivered {
    pub sent: usize,
    pub retrying: usize,
    pub failed: usize,
}

impl Delivered {
    pub fn total(&self) -> usize {
        self.sent + self.retrying + self.failed
    }
}

/// Sends what is due now (one claim of up to `BATCH`).
pub async fn deliver_due(db: &Db, transport: &dyn Transport) -> Result<Delivered, DbErr> {
    let claimed = claim(db, db.now(), BATCH).await?;
    let outcomes: Vec<Result<MailStatus, DbErr>> = futures::stream::iter(claimed)
        .map(|m| deliver_one(db, transport, m))
        .buffer_unordered(CONCURRENCY)
        .collect()
        .await;
    let mut done = Delivered::default();
    for outcome in outcomes {
        match outcome? {
            MailStatus::Sent => done.sent += 1,
            MailStatus::Queued => done.retrying += 1,
            MailStatus::Failed => done.failed += 1,
        }
    }
    Ok(done)
}

async fn deliver_one(
    db: &Db,
    transport: &dyn Transport,
    m: mail_outbox::Model,
) -> Result<MailStatus, DbErr> {
    let Some((text, html)) = as_sent(&m, db.mail()) else {
        let why = "the link's token cannot be opened with this server's secret key";
        return mark_failed(db, &m, false, why, db.now()).await;
    };
    let outgoing = Outgoing {
        id: m.id,
        to: &m.to_address,
        subject: &m.subject,
        text,
        html,
    };
    match transport.send(outgoing).await {
        Ok(()) => mark_sent(db, m.id, db.now())
            .await
            .map(|()| MailStatus::Sent),
        Err(SendError::Temporary(answer)) => mark_failed(db, &m, true, &answer, db.now()).await,
        Err(SendError::Permanent(answer)) => mark_failed(db, &m, false, &answer, db.now()).await,
    }
}

/// Delivers until the process ends: at once while messages are due, then every `POLL`.
pub async fn run(db: Db, transport: Box<dyn Transport>) {
    loop {
        match deliver_due(&db, transport.as_ref()).await {
            Ok(done) if done.total() > 0 => continue,
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "mail sender: database error; retrying"),
        }
        tokio::time::sleep(POLL).await;
    }
}
