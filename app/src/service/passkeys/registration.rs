//! Registering a passkey: the options for `navigator.credentials.create()`, then the
//! browser's answer checked by webauthn-rs and filed under the holder.
use super::ceremony::{self, Purpose};
use super::{count, encode_id, pick, record, records, valid_name, Holder, RelyingParty};
use crate::db::passkeys;
use crate::model::messages::Message;
use crate::model::passkey::{PasskeyChallenge, PasskeyRow};
use crate::service::audit::{Actor, AuditAction};
use crate::service::ServiceError;
use base64::Engine;
use chrono::{DateTime, Utc};
use sea_orm::{ActiveValue::Set, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use serde_json::json;
use uuid::Uuid;
use webauthn_rs::prelude::{PasskeyRegistration, RegisterPublicKeyCredential};

/// Starts a registration for `holder`, shown on the device as `user_name` / `display_name`.
/// Their passkeys already registered are excluded (a device holds one per account).
pub async fn start_registration(
    db: &impl ConnectionTrait,
    rp: &RelyingParty,
    holder: Holder,
    user_name: &str,
    display_name: &str,
    now: DateTime<Utc>,
) -> Result<PasskeyChallenge, ServiceError> {
    let webauthn = rp.webauthn()?;
    let engine = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let exclude = records(db, holder)
        .await?
        .iter()
        .filter_map(|p| engine.decode(&p.credential_id).ok())
        .collect();
    let (options, state) = webauthn
        .start_passkey_registration(holder.id, user_name, display_name, Some(exclude))
        .map_err(internal)?;
    let mut options = serde_json::to_value(options).map_err(internal)?;
    // Signing in without typing an email needs the device to keep the credential
    // (a discoverable credential); webauthn-rs leaves that to the device.
    if let Some(selection) = options.pointer_mut("/publicKey/authenticatorSelection") {
        selection["residentKey"] = json!("required");
        selection["requireResidentKey"] = json!(true);
    }
    let id = ceremony::open(
        db,
        holder.kind,
        Purpose::Register,
        Some(holder.id),
        &state,
        now,
    )
    .await?;
    Ok(PasskeyChallenge {
        ceremony: id,
        options: options.to_string(),
    })
}

/// Checks the browser's `answer` to ceremony `ceremony` and files the passkey as `name`.
#[allow(clippy::too_many_arguments)]
pub async fn finish_registration(
    db: &impl ConnectionTrait,
    rp: &RelyingParty,
    holder: Holder,
    ceremony_id: Uuid,
    answer: &str,
    name: &str,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<PasskeyRow, ServiceError> {
    let webauthn = rp.webauthn()?;
    let name = valid_name(name)?;
    let state: PasskeyRegistration = ceremony::take(
        db,
        holder.kind,
        Purpose::Register,
        Some(holder.id),
        ceremony_id,
        now,
    )
    .await?;
    let answer: RegisterPublicKeyCredential = serde_json::from_str(answer)
        .map_err(|_| ServiceError::validation("passkey", Message::Malformed))?;
    let passkey = webauthn
        .finish_passkey_registration(&answer, &state)
        .map_err(|e| {
            tracing::info!(error = %e, "passkey registration refused");
            ServiceError::validation("passkey", Message::PasskeyNotAccepted)
        })?;
    let credential_id = encode_id(passkey.cred_id());
    let taken = passkeys::Entity::find()
        .filter(passkeys::Column::CredentialId.eq(&credential_id))
        .one(db)
        .await?;
    if taken.is_some() {
        return Err(ServiceError::validation(
            "passkey",
            Message::PasskeyAlreadyRegistered,
        ));
    }
    let (user_id, staff_id) = match holder.kind {
        crate::model::passkey::PasskeyHolder::User => (Some(holder.id), None),
        crate::model::passkey::PasskeyHolder::Staff => (None, Some(holder.id)),
    };
    let model = passkeys::Model {
        id: Uuid::now_v7(),
        user_id,
        staff_id,
        credential_id,
        name,
        credential: serde_json::to_string(&passkey).map_err(internal)?,
        created_at: now,
        last_used_at: None,
    };
    passkeys::Entity::insert(passkeys::ActiveModel {
        id: Set(model.id),
        user_id: Set(model.user_id),
        staff_id: Set(model.staff_id),
        credential_id: Set(model.credential_id.clone()),
        name: Set(model.name.clone()),
        credential: Set(model.credential.clone()),
        created_at: Set(now),
        last_used_at: Set(None),
    })
    .exec_without_returning(db)
    .await?;
    count(db, holder, 1).await?;
    let changes = super::change("passkey", serde_json::Value::Null, json!(model.name));
    let action = pick(
        holder,
        AuditAction::UserPasskeyAdd,
        AuditAction::StaffPasskeyAdd,
    );
    record(db, actor, holder, action, changes, now).await?;
    Ok(super::row(model))
}

pub(super) fn internal(e: impl std::fmt::Display) -> ServiceError {
    ServiceError::Internal(e.to_string())
}
