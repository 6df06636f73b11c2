//! `make bench`'s mail case: a burst of messages queued at once (one transaction) drains
//! through the running server's sender to a local SMTP server; messages a second, and the
//! server's memory while it sends.
use crate::live::{rss, rss_kb};
use app::db::{mail_outbox, users};
use app::model::mail::MailStatus;
use app::model::user_list::UserStatus;
use app::service::mail::letters::Letter;
use app::service::mail::outbox::{queue, Recipient};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, TransactionTrait};
use std::collections::HashSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

pub struct Plan {
    pub messages: usize,
    pub server_pid: Option<u32>,
    /// Where the SMTP server writes each message it accepts (one JSON file each).
    pub maildir: PathBuf,
}

/// Prints one Markdown row: messages, time to drain, messages/s, memory before, at its
/// highest while sending, and after; what the SMTP server received.
pub async fn run(db: &app::db::Db, plan: Plan) -> anyhow::Result<()> {
    let people = users_for(db, plan.messages).await?;
    let before = rss(plan.server_pid);
    let txn = db.begin().await?;
    for user in &people {
        queue(
            &txn,
            db.mail(),
            &Letter::PasswordChanged,
            &Recipient::user(user),
            db.now(),
        )
        .await?;
    }
    txn.commit().await?;
    let start = Instant::now();
    let (mut peak_kb, mut sent) = (0u64, 0u64);
    while sent < plan.messages as u64 {
        anyhow::ensure!(
            start.elapsed() < Duration::from_secs(900),
            "the outbox did not drain"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
        peak_kb = peak_kb.max(rss_kb(plan.server_pid));
        sent = mail_outbox::Entity::find()
            .filter(mail_outbox::Column::Status.eq(MailStatus::Sent))
            .count(db)
            .await?;
    }
    let took = start.elapsed();
    let (received, distinct) = received(&plan.maildir)?;
    println!(
        "| {} | {:.1} s | {:.0} | {before} | {:.1} MB | {} | {received} ({distinct} distinct) |",
        plan.messages,
        took.as_secs_f64(),
        plan.messages as f64 / took.as_secs_f64(),
        peak_kb as f64 / 1024.0,
        rss(plan.server_pid),
    );
    Ok(())
}

/// `n` users to write to, inserted 500 to a statement.
async fn users_for(db: &app::db::Db, n: usize) -> anyhow::Result<Vec<users::Model>> {
    let rows: Vec<_> = (0..n)
        .map(|i| {
            app::testing::user_model(&format!("mail-bench-{i}@example.org"), UserStatus::Active)
        })
        .collect();
    for chunk in rows.chunks(500) {
        users::Entity::insert_many(chunk.to_vec()).exec(db).await?;
    }
    Ok(users::Entity::find()
        .filter(users::Column::EmailNorm.starts_with("mail-bench-"))
        .all(db)
        .await?)
}

/// Messages the SMTP server wrote, and how many distinct Message-IDs among them.
fn received(dir: &std::path::Path) -> anyhow::Result<(usize, usize)> {
    let mut ids = HashSet::new();
    let mut count = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.extension().is_some_and(|x| x == "json") {
            let mail: serde_json::Value = serde_json::from_slice(&std::fs::read(&path)?)?;
            ids.insert(mail["message_id"].as_str().unwrap_or_default().to_owned());
            count += 1;
        }
    }
    Ok((count, ids.len()))
}
