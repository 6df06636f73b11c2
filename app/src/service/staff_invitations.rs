//! Staff invitations by mail (`staff::add_staff` sends the first): the link's page shows whom
//! it is for, choosing a password there uses it up, and an Administrator can send a new one
//! while the member has not chosen a password. The authenticator comes at the first sign-in,
//! as for everyone.
use super::audit::{self, Actor, ActorKind, AuditAction, Origin};
use super::mail::letters::Letter;
use super::mail::links;
use super::mail::outbox::{queue, Recipient};
use super::staff_profile::new_password_hash;
use super::{transaction, ServiceError};
use crate::auth::password::PasswordHasher;
use crate::auth::session::{self, Kind};
use crate::db::{staff, Db};
use crate::model::mail::{LinkError, LinkPurpose};
use crate::model::messages::Message;
use crate::model::{validate, Invitee};
use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;

const PURPOSE: LinkPurpose = LinkPurpose::StaffInvitation;

/// "Send invitation again": a new link (the earlier one stops working), audited.
pub async fn resend_invitation(db: &Db, id: Uuid, actor: &Actor) -> Result<(), ServiceError> {
    if !db.mail().delivers {
        return Err(ServiceError::validation("invite", Message::MailNotSent));
    }
    let now = db.now();
    transaction::write(db, async |txn| {
        let member = staff::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if member.invited_at.is_none() || member.disabled_at.is_some() {
            return Err(ServiceError::validation("invite", Message::NotInvited));
        }
        let letter = Letter::StaffInvitation;
        queue(txn, db.mail(), &letter, &Recipient::staff(&member), now).await?;
        let entry = super::staff::entry(
            AuditAction::StaffInvitationSend,
            &member,
            json!({ "sent_to": member.email }),
        );
        Ok(audit::record(txn, actor, entry, now).await?)
    })
    .await
}

/// Whom a usable invitation is for (its page greets them), or why it cannot be used.
pub async fn invitation(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<Invitee, ServiceError> {
    let member = invited(db, token, now).await?;
    Ok(Invitee {
        name: member.name,
        email: member.email,
    })
}

/// The member a usable link invites, while they are still invited (not disabled, not moved
/// to another address since).
async fn invited(
    db: &impl ConnectionTrait,
    token: &str,
    now: DateTime<Utc>,
) -> Result<staff::Model, ServiceError> {
    let link = links::check(db, token, PURPOSE, now).await?;
    let invalid = || ServiceError::Link(LinkError::Invalid);
    let member = staff::Entity::find_by_id(link.staff_id.ok_or_else(invalid)?)
        .one(db)
        .await?
        .ok_or_else(invalid)?;
    let same_address = validate::email_norm(&member.email) == validate::email_norm(&link.email);
    if member.invited_at.is_none() || member.disabled_at.is_some() || !same_address {
        return Err(invalid());
    }
    Ok(member)
}

/// Accepts the invitation: the member's password (the usual policy), the link used up. They
/// sign in next, and set up their authenticator there.
pub async fn accept_invitation(
    db: &Db,
    hasher: &PasswordHasher,
    token: &str,
    password: &str,
    origin: &Origin,
) -> Result<(), ServiceError> {
    let now = db.now();
    // The link first: an invalid one costs no hashing and says so before the password does.
    let member = invited(db, token, now).await?;
    let hash = new_password_hash(hasher, &member.email, password).await?;
    transaction::write(db, async |txn| {
        let member = invited(txn, token, now).await?;
        links::redeem(txn, token, PURPOSE, now).await?;
        staff::Entity::update_many()
            .col_expr(staff::Column::PasswordHash, Expr::value(hash))
            .col_expr(
                staff::Column::InvitedAt,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(staff::Column::MustChangePassword, Expr::value(false))
            .col_expr(staff::Column::FailedLogins, Expr::value(0))
            .col_expr(
                staff::Column::LockedUntil,
                Expr::value(Option::<DateTime<Utc>>::None),
            )
            .col_expr(staff::Column::UpdatedAt, Expr::value(now))
            .col_expr(
                staff::Column::Version,
                Expr::col(staff::Column::Version).add(1),
            )
            .filter(staff::Column::Id.eq(member.id))
            .exec(txn)
            .await?;
        session::end_all(txn, Kind::Staff, member.id).await?;
        let actor = origin.actor(ActorKind::Staff, member.id, member.name.clone());
        let entry = super::staff::entry(
            AuditAction::StaffInvitationAccept,
            &member,
            json!({ "password": "set" }),
        );
        Ok(audit::record(txn, &actor, entry, now).await?)
    })
    .await
}
