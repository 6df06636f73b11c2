//! Single-use link tokens: 256 random bits in the link, only their SHA-256 on file, bound to
//! one purpose, one holder (a user or a staff member) and the address they were sent to. A
//! new link of a purpose replaces the holder's earlier unused ones, so "send again" leaves one
//! working link.
use super::letters::LinkKind;
use crate::db::link_tokens;
use crate::model::mail::LinkError;
use crate::model::mail::LinkPurpose;
use crate::service::ServiceError;
use base64::Engine;
use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, Set};
use sha2::{Digest, Sha256};
use uuid::Uuid;

fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// Whose link it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkHolder {
    User(Uuid),
    Staff(Uuid),
}

impl LinkHolder {
    pub fn user_id(self) -> Option<Uuid> {
        match self {
            LinkHolder::User(id) => Some(id),
            LinkHolder::Staff(_) => None,
        }
    }

    fn staff_id(self) -> Option<Uuid> {
        match self {
            LinkHolder::Staff(id) => Some(id),
            LinkHolder::User(_) => None,
        }
    }

    fn filter(self) -> sea_orm::Condition {
        let condition = sea_orm::Condition::all();
        match self {
            LinkHolder::User(id) => condition.add(link_tokens::Column::UserId.eq(id)),
            LinkHolder::Staff(id) => condition.add(link_tokens::Column::StaffId.eq(id)),
        }
    }
}

/// A new token for `holder` to do `kind` at `email`; earlier unused ones of that purpose end.
pub async fn issue(
    db: &impl ConnectionTrait,
    kind: LinkKind,
    holder: LinkHolder,
    email: &str,
    now: DateTime<Utc>,
) -> Result<String, DbErr> {
    expire(db, holder, kind.purpose, now).await?;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes);
    link_tokens::Entity::insert(link_tokens::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(holder.user_id()),
        staff_id: Set(holder.staff_id()),
        purpose: Set(kind.purpose),
        token_hash: Set(hash(&token)),
        email: Set(email.to_owned()),
        created_at: Set(now),
        expires_at: Set(now + kind.lifetime),
        used_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    Ok(token)
}

/// Ends every unused link of `purpose` the holder has (a new one replaces them, or the thing
/// they were for happened another way); how many there were.
pub async fn expire(
    db: &impl ConnectionTrait,
    holder: LinkHolder,
    purpose: LinkPurpose,
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    let ended = link_tokens::Entity::delete_many()
        .filter(holder.filter())
        .filter(link_tokens::Column::Purpose.eq(purpose))
        .filter(link_tokens::Column::UsedAt.is_null())
        .filter(link_tokens::Column::ExpiresAt.gt(now))
        .exec(db)
        .await?;
    Ok(ended.rows_affected)
}

/// The link's record if it can still be used (to show its page), without using it.
pub async fn check(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: LinkPurpose,
    now: DateTime<Utc>,
) -> Result<link_tokens::Model, ServiceError> {
    let found = link_tokens::Entity::find()
        .filter(link_tokens::Column::TokenHash.eq(hash(token)))
        .filter(link_tokens::Column::Purpose.eq(purpose))
        .one(db)
        .await?
        .ok_or(ServiceError::Link(LinkError::Invalid))?;
    if found.used_at.is_some() {
        return Err(ServiceError::Link(LinkError::Used));
    }
    if found.expires_at <= now {
        return Err(ServiceError::Link(LinkError::Expired));
    }
    Ok(found)
}

/// Uses the link: exactly one caller succeeds, however many open it at once (the update is
/// conditional on its being unused and unexpired).
pub async fn redeem(
    db: &impl ConnectionTrait,
    token: &str,
    purpose: LinkPurpose,
    now: DateTime<Utc>,
) -> Result<link_tokens::Model, ServiceError> {
    let found = check(db, token, purpose, now).await?;
    let used = link_tokens::Entity::update_many()
        .col_expr(link_tokens::Column::UsedAt, Expr::value(now))
        .filter(link_tokens::Column::Id.eq(found.id))
        .filter(link_tokens::Column::UsedAt.is_null())
        .exec(db)
        .await?;
    if used.rows_affected != 1 {
        return Err(ServiceError::Link(LinkError::Used));
    }
    Ok(found)
}
