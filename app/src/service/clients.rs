//! Creating and editing clients: the rules, unique company name and tax ID, version
//! conflicts and the audit trail, each change in one transaction.
use super::audit::{self, Actor, AuditAction, Entry, TargetKind};
use super::users::client_name;
use super::versioned::{changed, update_at_version};
use super::{transaction, ServiceError};
use crate::db::Db;
use crate::db::{clients, KeyList};
use crate::model::client::ClientPermission;
use crate::model::client_form::{ClientForm, EditClient};
use crate::model::Keyed;
use chrono::{DateTime, Utc};
use rules::{check_unique, clean, unique_violation};
use sea_orm::{ActiveModelTrait, ConnectionTrait, DbErr, EntityTrait, Set};
use serde_json::{json, Map, Value};
use uuid::Uuid;

mod detail;
mod rules;

pub use detail::client_detail;

/// The client as the Edit Client modal opens it.
pub async fn load_for_edit(
    db: &impl ConnectionTrait,
    id: Uuid,
) -> Result<EditClient, ServiceError> {
    let client = clients::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(editable(&client))
}

fn editable(c: &clients::Model) -> EditClient {
    EditClient {
        id: c.id,
        version: c.version,
        form: ClientForm {
            first_name: c.first_name.clone(),
            last_name: c.last_name.clone(),
            company_name: c.company_name.clone().unwrap_or_default(),
            tax_id: c.tax_id.clone().unwrap_or_default(),
            status: c.status,
            language: c.language.clone(),
            admin_notes: c.admin_notes.clone(),
        },
    }
}

pub async fn create_client(db: &Db, form: ClientForm, actor: &Actor) -> Result<Uuid, ServiceError> {
    create_client_with(db, form, None, actor).await
}

/// What SCIM provisioning adds to a client's form (see `service::scim`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProvisionedClient {
    pub external_id: Option<String>,
    /// What members added through SCIM may do on this client.
    pub member_permissions: Vec<ClientPermission>,
}

impl ProvisionedClient {
    fn apply(&self, client: &mut clients::ActiveModel) {
        client.external_id = Set(self.external_id.clone());
        client.scim_member_permissions = Set(KeyList::new(&self.member_permissions));
    }
}

/// `create_client`, for SCIM (`provisioned`).
pub async fn create_client_with(
    db: &Db,
    form: ClientForm,
    provisioned: Option<&ProvisionedClient>,
    actor: &Actor,
) -> Result<Uuid, ServiceError> {
    let clean = clean(&form)?;
    check_unique(db, &clean, None).await?;
    let (id, at) = (Uuid::now_v7(), db.now());
    transaction::write(db, async |txn| {
        let mut client = clients::ActiveModel {
            id: Set(id),
            first_name: Set(clean.first_name),
            last_name: Set(clean.last_name),
            company_name: Set(clean.company_name),
            tax_id: Set(clean.tax_id),
            status: Set(form.status),
            language: Set(form.language),
            admin_notes: Set(form.admin_notes),
            created_at: Set(at),
            updated_at: Set(at),
            version: Set(1),
            ..Default::default()
        };
        if let Some(provisioned) = provisioned {
            provisioned.apply(&mut client);
            client.scim_managed = Set(true);
        }
        let client = client.insert(txn).await.map_err(unique_violation)?;
        let changes = audit::diff(None, fields(&client));
        record(txn, actor, AuditAction::ClientCreate, &client, changes, at).await?;
        Ok(id)
    })
    .await
}

/// Saves the Edit Client form opened at `version`; unless `overwrite`, a client saved by
/// someone else since then is not overwritten.
pub async fn update_client(
    db: &Db,
    id: Uuid,
    version: i32,
    form: ClientForm,
    overwrite: bool,
    actor: &Actor,
) -> Result<(), ServiceError> {
    update_client_with(db, id, version, form, overwrite, None, actor).await
}

/// `update_client`, for SCIM (`provisioned`).
pub async fn update_client_with(
    db: &Db,
    id: Uuid,
    version: i32,
    form: ClientForm,
    overwrite: bool,
    provisioned: Option<&ProvisionedClient>,
    actor: &Actor,
) -> Result<(), ServiceError> {
    let clean = clean(&form)?;
    check_unique(db, &clean, Some(id)).await?;
    let at = db.now();
    transaction::write(db, async |txn| {
        let old = find(txn, id).await?;
        if old.version != version && !overwrite {
            return Err(conflict(txn, &old).await?);
        }
        let mut client: clients::ActiveModel = old.clone().into();
        client.first_name = Set(clean.first_name);
        client.last_name = Set(clean.last_name);
        client.company_name = Set(clean.company_name);
        client.tax_id = Set(clean.tax_id);
        client.status = Set(form.status);
        client.language = Set(form.language);
        client.admin_notes = Set(form.admin_notes);
        if let Some(provisioned) = provisioned {
            provisioned.apply(&mut client);
        }
        client.updated_at = Set(at);
        client.version = Set(old.version + 1);
        let key = (clients::Column::Id, id);
        let at_version = (clients::Column::Version, old.version);
        let saved = update_at_version::<clients::Entity>(txn, client, key, at_version)
            .await
            .map_err(unique_violation)?;
        if !saved {
            let current = find(txn, id).await?;
            return Err(conflict(txn, &current).await?);
        }
        let new = find(txn, id).await?;
        let changes = audit::diff(Some(fields(&old)), fields(&new));
        if !changes.is_empty() {
            record(txn, actor, AuditAction::ClientUpdate, &new, changes, at).await?;
        }
        Ok(())
    })
    .await
}

async fn find(db: &impl ConnectionTrait, id: Uuid) -> Result<clients::Model, ServiceError> {
    clients::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)
}

/// The conflict report: who saved the client last and when, and the client as it is now.
async fn conflict(
    db: &impl ConnectionTrait,
    current: &clients::Model,
) -> Result<ServiceError, ServiceError> {
    changed(
        db,
        TargetKind::Client,
        current.id,
        current.updated_at,
        editable(current),
    )
    .await
}

/// The audited fields.
fn fields(c: &clients::Model) -> Vec<(&'static str, Value)> {
    vec![
        ("first_name", json!(c.first_name)),
        ("last_name", json!(c.last_name)),
        ("company_name", json!(c.company_name)),
        ("tax_id", json!(c.tax_id)),
        ("status", json!(c.status.key())),
        ("language", json!(c.language)),
        ("admin_notes", json!(c.admin_notes)),
        ("external_id", json!(c.external_id)),
        (
            "scim_member_permissions",
            json!(c
                .scim_member_permissions
                .as_slice()
                .iter()
                .map(|p| p.key())
                .collect::<Vec<_>>()),
        ),
    ]
}

async fn record(
    db: &impl ConnectionTrait,
    actor: &Actor,
    action: AuditAction,
    client: &clients::Model,
    changes: Map<String, Value>,
    at: DateTime<Utc>,
) -> Result<(), DbErr> {
    let entry = Entry {
        action,
        target_kind: TargetKind::Client,
        target_id: Some(client.id.to_string()),
        target_label: client_name(client),
        changes: Value::Object(changes),
    };
    audit::record(db, actor, entry, at).await
}
