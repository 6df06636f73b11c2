//! The mail log: every message, newest first, as staff may see it (links hidden).
use super::letters::TOKEN_MARKER;
use crate::db::{mail_outbox, users};
use crate::model::mail::{MailMessage, MailPage, MailQuery, MailRow, HIDDEN_LINK, MAIL_PAGE};
use crate::service::ServiceError;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

fn row(m: &mail_outbox::Model, user: Option<&users::Model>) -> MailRow {
    MailRow {
        id: m.id,
        kind: m.kind,
        to: m.to_address.clone(),
        subject: m.subject.clone(),
        status: m.status,
        attempts: m.attempts,
        last_error: m.last_error.clone(),
        created_at: m.created_at,
        sent_at: m.sent_at,
        user: user.map(|u| {
            (
                u.id,
                format!("{} {}", u.first_name, u.last_name)
                    .trim()
                    .to_owned(),
            )
        }),
    }
}

pub async fn list(db: &impl ConnectionTrait, q: &MailQuery) -> Result<MailPage, ServiceError> {
    let mut find = mail_outbox::Entity::find().find_also_related(users::Entity);
    if let Some(user) = q.user {
        find = find.filter(mail_outbox::Column::UserId.eq(user));
    }
    if let Some(status) = q.status {
        find = find.filter(mail_outbox::Column::Status.eq(status));
    }
    let mut found = find
        .order_by_desc(mail_outbox::Column::CreatedAt)
        .order_by_desc(mail_outbox::Column::Id)
        .offset(u64::from(q.page.max(1) - 1) * MAIL_PAGE)
        .limit(MAIL_PAGE + 1)
        .all(db)
        .await?;
    let has_next = found.len() as u64 > MAIL_PAGE;
    found.truncate(MAIL_PAGE as usize);
    let rows = found.iter().map(|(m, u)| row(m, u.as_ref())).collect();
    Ok(MailPage { rows, has_next })
}

/// One message as it was sent, its link (if any) replaced by `HIDDEN_LINK`.
pub async fn open(db: &impl ConnectionTrait, id: Uuid) -> Result<MailMessage, ServiceError> {
    let (m, user) = mail_outbox::Entity::find_by_id(id)
        .find_also_related(users::Entity)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(MailMessage {
        row: row(&m, user.as_ref()),
        text_body: m.text_body.replace(TOKEN_MARKER, HIDDEN_LINK),
        html_body: m.html_body.replace(TOKEN_MARKER, HIDDEN_LINK),
    })
}
