//! One bulk action on one user, inside the batch's transaction, by the same rules as the
//! console's single-user actions (delete and associate call the same code), audited the same
//! way with the job's actor.
use crate::auth::session::{self, Kind};
use crate::db::{clients, users, Db};
use crate::model::job::{BulkAction, ItemOutcome};
use crate::model::user_list::UserStatus;
use crate::service::audit::{Actor, AuditAction, TargetKind};
use crate::service::mail::letters::Letter;
use crate::service::mail::outbox::{queue, Recipient};
use crate::service::users::audit_trail::{diff, record};
use crate::service::versioned::{last_saved_by, update_at_version};
use crate::service::{associations, users as user_service, ServiceError};
use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, Set};
use serde_json::json;

/// What became of one user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Changed,
    /// Already so: nothing to do.
    Unchanged,
    Failed(ItemOutcome, String),
}

/// What every user of a batch shares.
pub struct Batch<'a> {
    pub db: &'a Db,
    pub action: &'a BulkAction,
    /// The staff member who started the job; the entries carry the job as request id.
    pub actor: &'a Actor,
    /// The client of an Associate job.
    pub client: Option<&'a clients::Model>,
    pub at: DateTime<Utc>,
}

impl Batch<'_> {
    /// Applies the action to `user`, who was at `version` when the selection was frozen.
    pub async fn apply(
        &self,
        txn: &impl ConnectionTrait,
        user: &users::Model,
        version: i32,
    ) -> Result<Outcome, ServiceError> {
        if user.version != version {
            return conflict(txn, user).await;
        }
        match self.action {
            BulkAction::Activate => {
                self.update(txn, user, |u| u.status = UserStatus::Active)
                    .await
            }
            BulkAction::Deactivate => {
                self.update(txn, user, |u| u.status = UserStatus::Inactive)
                    .await
            }
            BulkAction::RequireTwoFactor => {
                self.update(txn, user, |u| u.two_factor_required = true)
                    .await
            }
            BulkAction::MarkEmailVerified => {
                self.update(txn, user, |u| u.email_verified = true).await
            }
            BulkAction::SendVerificationEmail => self.send_verification(txn, user).await,
            BulkAction::Associate { permissions, .. } => {
                let client = self.client.ok_or(ServiceError::NotFound)?;
                if associations::link(txn, client.id, user.id).await?.is_some() {
                    return Ok(Outcome::Unchanged);
                }
                associations::associate_in(
                    txn,
                    client,
                    user,
                    false,
                    permissions,
                    self.actor,
                    self.at,
                )
                .await?;
                Ok(Outcome::Changed)
            }
            BulkAction::Delete => {
                match user_service::delete_in(txn, user, self.actor, self.at).await {
                    Ok(()) => Ok(Outcome::Changed),
                    Err(ServiceError::OwnsClients(owned)) => Ok(Outcome::Failed(
                        ItemOutcome::Refused,
                        format!(
                            "Owns {}: make another user the owner first",
                            owned.join(", ")
                        ),
                    )),
                    Err(e) => Err(e),
                }
            }
        }
    }

    /// Changes fields of `user` at its version, ends their sessions when deactivated, audits.
    async fn update(
        &self,
        txn: &impl ConnectionTrait,
        user: &users::Model,
        change: impl FnOnce(&mut users::Model),
    ) -> Result<Outcome, ServiceError> {
        let mut new = user.clone();
        change(&mut new);
        if new == *user {
            return Ok(Outcome::Unchanged);
        }
        new.updated_at = self.at;
        new.version = user.version + 1;
        let mut row: users::ActiveModel = user.clone().into();
        row.status = Set(new.status);
        row.two_factor_required = Set(new.two_factor_required);
        row.email_verified = Set(new.email_verified);
        row.updated_at = Set(new.updated_at);
        row.version = Set(new.version);
        let key = (users::Column::Id, user.id);
        let at_version = (users::Column::Version, user.version);
        if !update_at_version::<users::Entity>(txn, row, key, at_version).await? {
            return conflict(txn, user).await;
        }
        if new.status == UserStatus::Inactive && user.status != UserStatus::Inactive {
            session::end_all(txn, Kind::User, user.id).await?;
        }
        let changes = diff(Some(user), &new);
        record(
            txn,
            self.actor,
            AuditAction::UserUpdate,
            &new,
            changes,
            self.at,
        )
        .await?;
        Ok(Outcome::Changed)
    }

    async fn send_verification(
        &self,
        txn: &impl ConnectionTrait,
        user: &users::Model,
    ) -> Result<Outcome, ServiceError> {
        if user.email_verified {
            return Ok(Outcome::Unchanged);
        }
        let letter = Letter::VerifyEmail;
        queue(
            txn,
            self.db.mail(),
            &letter,
            &Recipient::user(user),
            self.at,
        )
        .await?;
        let mut changes = serde_json::Map::new();
        changes.insert("mail".into(), json!(letter.kind()));
        record(
            txn,
            self.actor,
            AuditAction::UserMailSend,
            user,
            changes,
            self.at,
        )
        .await?;
        Ok(Outcome::Changed)
    }
}

/// A user saved by someone since the selection was frozen: left as they are, and reported.
async fn conflict(
    txn: &impl ConnectionTrait,
    user: &users::Model,
) -> Result<Outcome, ServiceError> {
    let by = last_saved_by(txn, TargetKind::User, user.id).await?;
    Ok(Outcome::Failed(
        ItemOutcome::Conflict,
        format!(
            "Changed by {by} at {} after the selection was chosen",
            user.updated_at.format("%Y-%m-%d %H:%M UTC")
        ),
    ))
}
