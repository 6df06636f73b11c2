//! The outbox: a message is a row written in the transaction of the change that causes it, so
//! a change and its mail commit together or not at all. Senders claim due rows with a lease
//! (`next_attempt_at` moves past the lease), send them outside any transaction, and record
//! the outcome. On PostgreSQL several nodes claim at once without taking the same row (`FOR
//! UPDATE SKIP LOCKED`). A sender that dies between sending and recording leaves the row to
//! be claimed again when its lease ends: such a message may go out twice, never zero times.
use super::letters::{render, Letter, TOKEN_MARKER};
use super::links::{self, LinkHolder};
use super::MailContext;
use crate::db::mail_outbox::{self, Column};
use crate::db::{begin_write, Db};
use crate::model::mail::MailStatus;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::{Expr, LockBehavior, LockType, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DbBackend, DbErr, EntityTrait, QueryFilter, QueryOrder,
    QuerySelect, Set,
};
use uuid::Uuid;

/// Who a message goes to.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub holder: LinkHolder,
    pub address: String,
    /// How the message greets them: their first name, or their address without one.
    pub name: String,
    pub language: String,
}

impl Recipient {
    pub fn user(u: &crate::db::users::Model) -> Self {
        Self::at(u, &u.email)
    }

    /// The user at another address (the old one, after a change of email).
    pub fn at(u: &crate::db::users::Model, address: &str) -> Self {
        let name = if u.first_name.trim().is_empty() {
            address
        } else {
            u.first_name.trim()
        };
        Self {
            holder: LinkHolder::User(u.id),
            address: address.to_owned(),
            name: name.to_owned(),
            language: u.language.clone(),
        }
    }

    /// A staff member, in the console's language.
    pub fn staff(member: &crate::db::staff::Model) -> Self {
        Self {
            holder: LinkHolder::Staff(member.id),
            address: member.email.clone(),
            name: member.name.clone(),
            language: "en".to_owned(),
        }
    }
}

/// How long a claimed message is a sender's before another may take it (a sender that died).
pub const LEASE: Duration = Duration::minutes(5);
/// Temporary failures are retried this long after a message was queued, then it fails.
pub const GIVE_UP_AFTER: Duration = Duration::hours(24);

/// Queues `letter` to `to` in `db`'s transaction; a letter with a link gets a fresh token,
/// sealed in the row until the message is sent.
pub async fn queue(
    db: &impl ConnectionTrait,
    mail: &MailContext,
    letter: &Letter,
    to: &Recipient,
    now: DateTime<Utc>,
) -> Result<Uuid, DbErr> {
    let token = match letter.link() {
        Some(kind) => Some(links::issue(db, kind, to.holder, &to.address, now).await?),
        None => None,
    };
    let r = render(
        letter,
        &to.language,
        &to.name,
        &mail.brand,
        &mail.public_url,
    );
    let id = Uuid::now_v7();
    mail_outbox::Entity::insert(mail_outbox::ActiveModel {
        id: Set(id),
        kind: Set(letter.kind()),
        user_id: Set(to.holder.user_id()),
        to_address: Set(to.address.clone()),
        language: Set(to.language.clone()),
        subject: Set(r.subject),
        text_body: Set(r.text),
        html_body: Set(r.html),
        link_secret: Set(token.map(|t| mail.secrets.seal(t.as_bytes()))),
        status: Set(MailStatus::Queued),
        attempts: Set(0),
        next_attempt_at: Set(now),
        last_error: Set(None),
        created_at: Set(now),
        sent_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    Ok(id)
}

/// Claims up to `limit` due messages for `LEASE`, oldest due first.
pub async fn claim(
    db: &Db,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<mail_outbox::Model>, DbErr> {
    let mut due = Query::select();
    due.column(Column::Id)
        .from(mail_outbox::Entity)
        .and_where(Column::Status.eq(MailStatus::Queued))
        .and_where(Column::NextAttemptAt.lte(now))
        .order_by(Column::NextAttemptAt, sea_orm::Order::Asc)
        .limit(limit);
    let lease = || {
        mail_outbox::Entity::update_many().col_expr(Column::NextAttemptAt, Expr::value(now + LEASE))
    };
    if db.get_database_backend() == DbBackend::Postgres {
        due.lock_with_behavior(LockType::Update, LockBehavior::SkipLocked);
        return lease()
            .filter(Column::Id.in_subquery(due))
            .exec_with_returning(db)
            .await;
    }
    // SQLite: one writer at a time, so choosing and leasing in one write transaction is enough
    // (and sea-orm does not use SQLite's RETURNING).
    let txn = begin_write(db).await?;
    let ids: Vec<Uuid> = mail_outbox::Entity::find()
        .select_only()
        .column(Column::Id)
        .filter(Column::Id.in_subquery(due))
        .into_tuple()
        .all(&*txn)
        .await?;
    lease()
        .filter(Column::Id.is_in(ids.clone()))
        .exec(&*txn)
        .await?;
    let claimed = mail_outbox::Entity::find()
        .filter(Column::Id.is_in(ids))
        .order_by_asc(Column::NextAttemptAt)
        .all(&*txn)
        .await?;
    txn.commit().await?;
    Ok(claimed)
}

/// The message as it goes out: its link's token in place of the marker. None when a link's
/// token cannot be opened (the server's key changed since it was queued).
pub fn as_sent(m: &mail_outbox::Model, mail: &MailContext) -> Option<(String, String)> {
    let Some(sealed) = &m.link_secret else {
        return Some((m.text_body.clone(), m.html_body.clone()));
    };
    let token = String::from_utf8(mail.secrets.open(sealed)?).ok()?;
    Some((
        m.text_body.replace(TOKEN_MARKER, &token),
        m.html_body.replace(TOKEN_MARKER, &token),
    ))
}

/// Sent: the token's sealed copy goes, the body keeps only the marker.
pub async fn mark_sent(
    db: &impl ConnectionTrait,
    id: Uuid,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    mail_outbox::Entity::update_many()
        .col_expr(Column::Status, Expr::value(MailStatus::Sent))
        .col_expr(Column::SentAt, Expr::value(now))
        .col_expr(Column::LinkSecret, Expr::value(Option::<Vec<u8>>::None))
        .filter(Column::Id.eq(id))
        .exec(db)
        .await?;
    Ok(())
}

/// A failed attempt: retried with backoff (1, 2, 4 … minutes, at most an hour apart) while
/// `temporary` and younger than `GIVE_UP_AFTER`; otherwise failed for good.
pub async fn mark_failed(
    db: &impl ConnectionTrait,
    m: &mail_outbox::Model,
    temporary: bool,
    answer: &str,
    now: DateTime<Utc>,
) -> Result<MailStatus, DbErr> {
    let attempts = m.attempts + 1;
    let next = now + backoff(attempts);
    let retry = temporary && next < m.created_at + GIVE_UP_AFTER;
    let status = if retry {
        MailStatus::Queued
    } else {
        MailStatus::Failed
    };
    let mut update = mail_outbox::Entity::update_many()
        .col_expr(Column::Attempts, Expr::value(attempts))
        .col_expr(
            Column::LastError,
            Expr::value(answer.chars().take(500).collect::<String>()),
        )
        .col_expr(Column::Status, Expr::value(status))
        .col_expr(Column::NextAttemptAt, Expr::value(next));
    if !retry {
        update = update.col_expr(Column::LinkSecret, Expr::value(Option::<Vec<u8>>::None));
    }
    update.filter(Column::Id.eq(m.id)).exec(db).await?;
    Ok(status)
}

/// The wait before attempt `attempts + 1`.
pub fn backoff(attempts: i32) -> Duration {
    Duration::minutes(1i64 << attempts.clamp(1, 7).saturating_sub(1)).min(Duration::hours(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_up_to_an_hour() {
        let minutes: Vec<i64> = (1..=9).map(|n| backoff(n).num_minutes()).collect();
        assert_eq!(minutes, [1, 2, 4, 8, 16, 32, 60, 60, 60]);
    }
}
