//! Creating, editing and deleting users: the rules, uniqueness, version conflicts, what each
//! change ends (sessions, 2FA enrolment) and the audit trail, each change in one transaction.
use super::audit::{Actor, AuditAction};
use super::mail::letters::Letter;
use super::mail::outbox::{queue, Recipient};
use super::{transaction, ServiceError};
use crate::auth::password::PasswordHasher;
use crate::db::users;
use crate::db::Db;
use crate::model::user_form::{EditUser, FormMode, UserForm};
use crate::model::user_list::UserStatus;
use crate::model::{validate, Password};
use audit_trail::{diff, record};
use rules::{check_unique, clean, unique_violation};
use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, Set};
use serde_json::json;
use uuid::Uuid;

pub(crate) mod audit_trail;
mod delete;
mod password_policy;
pub mod phone;
pub(crate) mod rules;
mod shared_phone;
mod two_factor;
mod update;

pub(crate) use delete::delete_in;
pub use delete::{client_name, clients_of, delete_user};
pub use password_policy::{is_common, strength};
pub use shared_phone::phone_users;
pub use two_factor::{remove_enrolment, reset_two_factor};
pub use update::{update_user, update_user_with};

/// The user as the Edit User modal opens it.
pub async fn load_for_edit(db: &impl ConnectionTrait, id: Uuid) -> Result<EditUser, ServiceError> {
    let user = users::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    Ok(editable(&user))
}

/// A user as the public API reads them: the form's fields and the list's, from one row.
pub async fn load_with_row(
    db: &Db,
    id: Uuid,
) -> Result<(EditUser, crate::model::user_list::UserRow), ServiceError> {
    let user = users::Entity::find_by_id(id)
        .one(db)
        .await?
        .ok_or(ServiceError::NotFound)?;
    let edit = editable(&user);
    Ok((edit, super::user_list::row(user.into(), db.now())))
}

fn editable(u: &users::Model) -> EditUser {
    let (phone_region, phone) = u.phone.as_deref().map(phone::for_form).unwrap_or_default();
    EditUser {
        id: u.id,
        version: u.version,
        two_factor: super::user_list::two_factor_of(u),
        passkeys: u32::try_from(u.passkey_count).unwrap_or(0),
        form: UserForm {
            email: u.email.clone(),
            password: Default::default(),
            first_name: u.first_name.clone(),
            last_name: u.last_name.clone(),
            phone_region,
            phone,
            language: u.language.clone(),
            admin_notes: u.admin_notes.clone(),
            two_factor_required: u.two_factor_required,
            email_verified: u.email_verified,
            phone_verified: u.phone_verified,
            email_verified_marked: false,
            phone_verified_marked: false,
            status: u.status,
            invite: false,
        },
    }
}

/// Creates a NEW user, audited, with a verification link by mail; or, when the form invites
/// them, with no usable password and an invitation link instead (choosing a password through
/// it also verifies the address).
pub async fn create_user(
    db: &Db,
    hasher: &PasswordHasher,
    form: UserForm,
    actor: &Actor,
) -> Result<Uuid, ServiceError> {
    create_user_with(db, hasher, form, None, actor).await
}

/// What SCIM provisioning adds to a user's form (see `service::scim`): the identity
/// provider's names for the user. A provisioned user is created with the status and verified
/// flag the provider gives (ACTIVE or INACTIVE, not NEW, when it says inactive).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Provisioned {
    /// None: the email is the user name.
    pub user_name: Option<String>,
    pub display_name: Option<String>,
    /// The `primary` flag the provider gave the email, when it said one.
    pub email_primary: Option<bool>,
    pub external_id: Option<String>,
}

impl Provisioned {
    pub(super) fn apply(&self, user: &mut users::ActiveModel) {
        user.scim_user_name_norm = Set(self.user_name.as_deref().map(validate::email_norm));
        user.scim_user_name = Set(self.user_name.clone());
        user.scim_display_name = Set(self.display_name.clone());
        user.scim_email_primary = Set(self.email_primary);
        user.external_id = Set(self.external_id.clone());
    }
}

/// `create_user`, for SCIM with the provider's names (`provisioned`).
pub async fn create_user_with(
    db: &Db,
    hasher: &PasswordHasher,
    form: UserForm,
    provisioned: Option<&Provisioned>,
    actor: &Actor,
) -> Result<Uuid, ServiceError> {
    let clean = clean(&form, FormMode::Create)?;
    check_unique(db, &clean, None, provisioned).await?;
    let password = match form.invite {
        // Nobody knows it: the hash only keeps the column's meaning (argon2id, same timing).
        true => Password::from(unknowable_password().as_str()),
        false => form.password.clone(),
    };
    let hash = hasher
        .hash(password)
        .await
        .map_err(ServiceError::Internal)?;
    let (letter, password_change) = match form.invite {
        true => (Letter::Invitation, "invitation sent"),
        false => (Letter::VerifyEmail, "changed"),
    };
    let (id, at) = (Uuid::now_v7(), db.now());
    transaction::write(db, async |txn| {
        let mut user = users::ActiveModel {
            id: Set(id),
            email: Set(clean.email.clone()),
            email_norm: Set(clean.email_norm),
            password_hash: Set(hash),
            first_name: Set(clean.first_name),
            last_name: Set(clean.last_name),
            phone: Set(clean.phone),
            language: Set(form.language.clone()),
            admin_notes: Set(clean.admin_notes),
            status: Set(UserStatus::New),
            email_verified: Set(false),
            phone_verified: Set(false),
            two_factor_required: Set(form.two_factor_required),
            totp_secret_enc: Set(None),
            totp_enrolled_at: Set(None),
            totp_last_step: Set(None),
            failed_logins: Set(0),
            locked_until: Set(None),
            created_at: Set(at),
            updated_at: Set(at),
            last_login_at: Set(None),
            version: Set(1),
            ..Default::default()
        };
        if let Some(provisioned) = provisioned {
            provisioned.apply(&mut user);
            user.scim_managed = Set(true);
            user.email_verified = Set(form.email_verified);
            if form.status == UserStatus::Inactive {
                user.status = Set(UserStatus::Inactive);
            }
        }
        let own_user_name = provisioned.is_some_and(|p| p.user_name.is_some());
        let user = user
            .insert(txn)
            .await
            .map_err(unique_violation(own_user_name))?;
        let mut changes = diff(None, &user);
        changes.insert("password".into(), json!(password_change));
        record(txn, actor, AuditAction::UserCreate, &user, changes, at).await?;
        queue(txn, db.mail(), &letter, &Recipient::user(&user), at).await?;
        Ok(id)
    })
    .await
}

/// 256 random bits, hex: a password nobody is told.
fn unknowable_password() -> String {
    use rand::RngCore;
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}
