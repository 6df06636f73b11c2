//! Saving the Edit User form: versions, what a change ends, the audit entry.
use super::audit_trail::{diff, record};
use super::rules::{check_unique, clean, unique_violation};
use super::{editable, Provisioned};
use crate::auth::password::PasswordHasher;
use crate::auth::session::{self, Kind};
use crate::db::users;
use crate::db::Db;
use crate::model::mail::LinkPurpose;
use crate::model::messages::Message;
use crate::model::user_form::{FieldError, FormMode, UserForm};
use crate::model::user_list::UserStatus;
use crate::service::audit::{Actor, AuditAction, TargetKind};
use crate::service::mail::letters::Letter;
use crate::service::mail::links::{self, LinkHolder};
use crate::service::mail::outbox::{queue, Recipient};
use crate::service::versioned::{changed, update_at_version};
use crate::service::{transaction, ServiceError};
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use serde_json::json;
use uuid::Uuid;

/// Saves the Edit User form. `version` is the one the form was opened with; unless
/// `overwrite` is set, a user saved by someone else since then is not overwritten.
pub async fn update_user(
    db: &Db,
    hasher: &PasswordHasher,
    id: Uuid,
    version: i32,
    form: UserForm,
    overwrite: bool,
    actor: &Actor,
) -> Result<(), ServiceError> {
    update_user_with(db, hasher, id, version, form, overwrite, None, actor).await
}

/// `update_user`, for SCIM with the provider's names (`provisioned`).
#[allow(clippy::too_many_arguments)]
pub async fn update_user_with(
    db: &Db,
    hasher: &PasswordHasher,
    id: Uuid,
    version: i32,
    form: UserForm,
    overwrite: bool,
    provisioned: Option<&Provisioned>,
    actor: &Actor,
) -> Result<(), ServiceError> {
    let clean = clean(&form, FormMode::Edit)?;
    check_unique(db, &clean, Some(id), provisioned).await?;
    let new_hash = if form.password.is_empty() {
        None
    } else {
        Some(
            hasher
                .hash(form.password.clone())
                .await
                .map_err(ServiceError::Internal)?,
        )
    };
    let at = db.now();
    transaction::write(db, async |txn| {
        let old = users::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(ServiceError::NotFound)?;
        if old.version != version && !overwrite {
            return Err(conflict(txn, &old).await?);
        }
        // NEW ends at the first sign-in; staff choose between ACTIVE and INACTIVE. (After the
        // version check: a form opened before that sign-in gets the conflict notice first.)
        if form.status == UserStatus::New && old.status != UserStatus::New {
            return Err(ServiceError::Fields(vec![FieldError::new(
                "status",
                Message::ActiveOrInactive,
            )]));
        }
        let email_changed = clean.email_norm != old.email_norm;
        let phone_changed = clean.phone != old.phone;
        let has_phone = clean.phone.is_some();
        let mut user: users::ActiveModel = old.clone().into();
        user.email = Set(clean.email);
        user.email_norm = Set(clean.email_norm);
        user.first_name = Set(clean.first_name);
        user.last_name = Set(clean.last_name);
        user.phone = Set(clean.phone);
        user.language = Set(form.language.clone());
        user.admin_notes = Set(clean.admin_notes);
        let email_verified = still_verified(
            form.email_verified,
            form.email_verified_marked,
            email_changed,
        );
        let phone_verified = has_phone
            && still_verified(
                form.phone_verified,
                form.phone_verified_marked,
                phone_changed,
            );
        user.email_verified = Set(email_verified);
        user.phone_verified = Set(phone_verified);
        user.two_factor_required = Set(form.two_factor_required);
        user.status = Set(form.status);
        // The toggle is the staff requirement only: an enrolment (the user's own or a required
        // one) is never touched by a save; ending it is "Reset 2FA" (`reset_two_factor`).
        if let Some(hash) = &new_hash {
            user.password_hash = Set(hash.clone());
        }
        if let Some(provisioned) = provisioned {
            provisioned.apply(&mut user);
        }
        user.updated_at = Set(at);
        user.version = Set(old.version + 1);
        let key = (users::Column::Id, id);
        let at_version = (users::Column::Version, old.version);
        let saved = update_at_version::<users::Entity>(txn, user, key, at_version)
            .await
            .map_err(unique_violation(
                provisioned.is_some_and(|p| p.user_name.is_some()),
            ))?;
        if !saved {
            let now_current = users::Entity::find_by_id(id)
                .one(txn)
                .await?
                .ok_or(ServiceError::NotFound)?;
            return Err(conflict(txn, &now_current).await?);
        }
        let new = users::Entity::find_by_id(id)
            .one(txn)
            .await?
            .ok_or(ServiceError::NotFound)?;
        let mut changes = diff(Some(&old), &new);
        explain_verified_flags(
            &mut changes,
            [
                (
                    email_changed,
                    old.email_verified,
                    email_verified,
                    "email_verified",
                ),
                (
                    phone_changed,
                    old.phone_verified,
                    phone_verified,
                    "phone_verified",
                ),
            ],
        );
        if new_hash.is_some() {
            changes.insert("password".into(), json!("changed"));
        }
        // A new password or deactivation ends the user's sessions.
        let deactivated = new.status == UserStatus::Inactive && old.status != new.status;
        if new_hash.is_some() || deactivated {
            session::end_all(txn, Kind::User, id).await?;
        }
        if !changes.is_empty() {
            record(txn, actor, AuditAction::UserUpdate, &new, changes, at).await?;
        }
        notify(txn, db, &old, &new, new_hash.is_some(), at).await?;
        Ok(())
    })
    .await
}

/// The mail a staff edit causes: a new address is told to the old one and asked to verify
/// itself (unless staff marked it verified); a new password is told to the user. Links sent
/// to an old address, and reset links after a new password, stop working.
async fn notify(
    txn: &impl ConnectionTrait,
    db: &Db,
    old: &users::Model,
    new: &users::Model,
    password_changed: bool,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<(), ServiceError> {
    let email_changed = new.email_norm != old.email_norm;
    if email_changed || password_changed {
        for purpose in [LinkPurpose::ResetPassword, LinkPurpose::Invitation] {
            links::expire(txn, LinkHolder::User(new.id), purpose, at).await?;
        }
    }
    if email_changed {
        let letter = Letter::EmailChanged {
            new_address: new.email.clone(),
        };
        queue(txn, db.mail(), &letter, &Recipient::at(new, &old.email), at).await?;
        if !new.email_verified {
            queue(
                txn,
                db.mail(),
                &Letter::VerifyEmail,
                &Recipient::user(new),
                at,
            )
            .await?;
        }
    }
    if password_changed {
        queue(
            txn,
            db.mail(),
            &Letter::PasswordChanged,
            &Recipient::user(new),
            at,
        )
        .await?;
    }
    Ok(())
}

/// A new address: the audit says whether its verified flag was cleared or confirmed by staff.
/// Each flag: (address changed, verified before, verified now, key).
fn explain_verified_flags(
    changes: &mut serde_json::Map<String, serde_json::Value>,
    flags: [(bool, bool, bool, &str); 2],
) {
    for (changed, was, now_verified, key) in flags {
        if changed && (was || now_verified) {
            let why = if now_verified {
                "marked verified with the new address"
            } else {
                "address changed"
            };
            let note = json!({ "old": was, "new": now_verified, "why": why });
            changes.insert(key.into(), note);
        }
    }
}

/// A verified flag after a save: a changed address is unverified unless this save marked it
/// verified; an unchanged one keeps what the form says.
fn still_verified(flag: bool, marked: bool, address_changed: bool) -> bool {
    flag && (!address_changed || marked)
}

/// The conflict report: who saved the user last and when, and the user as it is now.
async fn conflict(
    db: &impl ConnectionTrait,
    current: &users::Model,
) -> Result<ServiceError, ServiceError> {
    changed(
        db,
        TargetKind::User,
        current.id,
        current.updated_at,
        editable(current),
    )
    .await
}
