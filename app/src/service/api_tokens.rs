//! Public API tokens: 256 random bits shown once, only their SHA-256 on file with a short
//! visible prefix. A token carries scopes chosen from what its owner's role allows, and every
//! request re-checks the owner as they are now: a disabled owner's tokens stop working, and a
//! scope whose permissions the role lost does nothing.
use super::audit::{self, Actor, ActorKind, AuditAction, Entry, Origin, TargetKind};
use super::{transaction, ServiceError};
use crate::auth::guard::load_staff;
use crate::db::{api_tokens, staff, Db, KeyList};
use crate::model::api_token::{ApiScope, ApiTokenRow};
use crate::model::messages::Message;
use crate::model::{Keyed, Permission, StaffMe};
use base64::Engine;
use chrono::{DateTime, Duration, Utc};
use rand::RngCore;
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde_json::json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub const NAME_MAX: usize = 100;
/// The longest a token may last; "never expires" is chosen by giving no lifetime.
pub const LIFETIME_MAX_DAYS: i64 = 3650;
/// Every token starts so, which lets secret scanners and people recognise one.
const TOKEN_PREFIX: &str = "rst_";
/// Characters of the token kept in the clear to tell tokens apart (`rst_` and six more).
const VISIBLE: usize = 10;
/// `last_used_at` is written at most this often per token (it is for people, not accounting).
const USE_RECORD_EVERY: Duration = Duration::seconds(60);

fn hash(token: &str) -> Vec<u8> {
    Sha256::digest(token.as_bytes()).to_vec()
}

/// What a staff member asks for.
#[derive(Debug, Clone)]
pub struct NewToken {
    pub name: String,
    pub scopes: Vec<ApiScope>,
    /// None: the token does not expire.
    pub lifetime_days: Option<i64>,
}

/// A request's caller: the token and its owner as they are now.
#[derive(Debug, Clone)]
pub struct ApiCaller {
    pub token_id: Uuid,
    pub token_name: String,
    pub staff: StaffMe,
    /// The token's scopes that the owner's role still allows.
    pub scopes: Vec<ApiScope>,
}

impl ApiCaller {
    /// Whether this caller may do something that needs `scope` and the owner's `permission`.
    pub fn may(&self, scope: ApiScope, permission: Permission) -> bool {
        self.scopes.contains(&scope) && self.staff.can(permission)
    }

    /// The audit trail's actor: the owner, through this token.
    pub fn actor(&self, origin: &Origin) -> Actor {
        let label = format!("{} (API token “{}”)", self.staff.name, self.token_name);
        origin.actor(ActorKind::Staff, self.staff.id, label)
    }

    /// The audit trail's actor for SCIM: provisioning by this token, on its owner's authority.
    pub fn provisioning_actor(&self, origin: &Origin) -> Actor {
        let label = format!(
            "SCIM provisioning (token “{}” of {})",
            self.token_name, self.staff.name
        );
        origin.actor(ActorKind::Staff, self.staff.id, label)
    }
}

/// The scopes `owner` may give a token.
pub fn grantable(owner: &StaffMe) -> Vec<ApiScope> {
    use strum::VariantArray;
    ApiScope::VARIANTS
        .iter()
        .copied()
        .filter(|s| s.grantable_to(&owner.permissions))
        .collect()
}

/// Creates a token for `owner`; returns its row and the token, which is never shown again.
pub async fn create(
    db: &Db,
    owner: &StaffMe,
    new: NewToken,
    actor: &Actor,
) -> Result<(ApiTokenRow, String), ServiceError> {
    let name = new.name.trim().to_owned();
    if name.is_empty() || name.chars().count() > NAME_MAX {
        return Err(ServiceError::validation(
            "name",
            Message::TokenNameLength(NAME_MAX),
        ));
    }
    if new.scopes.is_empty() {
        return Err(ServiceError::validation("scopes", Message::ScopesMissing));
    }
    if let Some(refused) = new
        .scopes
        .iter()
        .find(|s| !s.grantable_to(&owner.permissions))
    {
        let message = Message::ScopeNotAllowed(refused.key().to_owned());
        return Err(ServiceError::validation("scopes", message));
    }
    if new
        .lifetime_days
        .is_some_and(|d| !(1..=LIFETIME_MAX_DAYS).contains(&d))
    {
        let message = Message::TokenLifetime(LIFETIME_MAX_DAYS);
        return Err(ServiceError::validation("lifetime_days", message));
    }
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = format!(
        "{TOKEN_PREFIX}{}",
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
    );
    let now = db.now();
    let model = api_tokens::Model {
        id: Uuid::now_v7(),
        staff_id: owner.id,
        name,
        prefix: token[..VISIBLE].to_owned(),
        token_hash: hash(&token),
        scopes: KeyList::new(&new.scopes),
        created_at: now,
        expires_at: new.lifetime_days.map(|d| now + Duration::days(d)),
        last_used_at: None,
        last_used_ip: None,
        revoked_at: None,
    };
    let row = row(model.clone(), now);
    transaction::write(db, async |txn| {
        api_tokens::Entity::insert(api_tokens::ActiveModel::from(model))
            .exec_without_returning(txn)
            .await?;
        let changes = json!({
            "owner": owner.email,
            "scopes": row.scopes.iter().map(|s| s.key()).collect::<Vec<_>>(),
            "expires_at": row.expires_at,
        });
        record(txn, actor, AuditAction::ApiTokenCreate, &row, changes, now).await
    })
    .await?;
    Ok((row, token))
}

/// A staff member's tokens, newest first (revoked ones too, marked so).
pub async fn list(db: &Db, staff_id: Uuid) -> Result<Vec<ApiTokenRow>, ServiceError> {
    let found = api_tokens::Entity::find()
        .filter(api_tokens::Column::StaffId.eq(staff_id))
        .order_by_desc(api_tokens::Column::CreatedAt)
        .all(db)
        .await?;
    Ok(found.into_iter().map(|t| row(t, db.now())).collect())
}

/// Every token with its owner's email, for the command line.
pub async fn list_all(db: &Db) -> Result<Vec<(ApiTokenRow, String)>, ServiceError> {
    let found = api_tokens::Entity::find()
        .order_by_asc(api_tokens::Column::CreatedAt)
        .all(db)
        .await?;
    let owners: std::collections::HashMap<Uuid, String> = staff::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|s| (s.id, s.email))
        .collect();
    Ok(found
        .into_iter()
        .map(|t| {
            let email = owners.get(&t.staff_id).cloned().unwrap_or_default();
            (row(t, db.now()), email)
        })
        .collect())
}

/// Revokes token `id` at once; `owner` limits it to that staff member's tokens (the command
/// line passes None). Revoking a revoked token changes nothing.
pub async fn revoke(
    db: &Db,
    id: Uuid,
    owner: Option<Uuid>,
    actor: &Actor,
) -> Result<(), ServiceError> {
    let now = db.now();
    transaction::write(db, async |txn| {
        let token = api_tokens::Entity::find_by_id(id)
            .one(txn)
            .await?
            .filter(|t| owner.is_none_or(|o| o == t.staff_id))
            .ok_or(ServiceError::NotFound)?;
        if token.revoked_at.is_some() {
            return Ok(());
        }
        api_tokens::Entity::update_many()
            .col_expr(api_tokens::Column::RevokedAt, Expr::value(now))
            .filter(api_tokens::Column::Id.eq(id))
            .exec(txn)
            .await?;
        let row = row(token, now);
        record(
            txn,
            actor,
            AuditAction::ApiTokenRevoke,
            &row,
            json!({}),
            now,
        )
        .await
    })
    .await
}

/// The caller behind `Authorization: Bearer <token>`: `NotSignedIn` for an unknown, revoked
/// or expired token and for one whose owner is disabled or gone.
pub async fn authenticate(
    db: &Db,
    token: &str,
    ip: Option<&str>,
) -> Result<ApiCaller, ServiceError> {
    if !token.starts_with(TOKEN_PREFIX) || token.len() > 100 {
        return Err(ServiceError::NotSignedIn);
    }
    let now = db.now();
    let found = api_tokens::Entity::find()
        .filter(api_tokens::Column::TokenHash.eq(hash(token)))
        .one(db)
        .await?
        .filter(|t| t.revoked_at.is_none() && t.expires_at.is_none_or(|at| at > now))
        .ok_or(ServiceError::NotSignedIn)?;
    let staff = load_staff(db, found.staff_id)
        .await?
        .ok_or(ServiceError::NotSignedIn)?;
    note_use(db, &found, ip, now).await?;
    let scopes = found
        .scopes
        .into_vec()
        .into_iter()
        .filter(|s| s.grantable_to(&staff.permissions))
        .collect();
    Ok(ApiCaller {
        token_id: found.id,
        token_name: found.name,
        staff,
        scopes,
    })
}

/// Records when and from where the token was last used, at most once a minute per token
/// unless the address changed. The condition is in the update, so nodes do not race.
async fn note_use(
    db: &Db,
    token: &api_tokens::Model,
    ip: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let stale = token
        .last_used_at
        .is_none_or(|at| now - at >= USE_RECORD_EVERY);
    if !stale && token.last_used_ip.as_deref() == ip {
        return Ok(());
    }
    let due = Condition::any()
        .add(api_tokens::Column::LastUsedAt.is_null())
        .add(api_tokens::Column::LastUsedAt.lte(now - USE_RECORD_EVERY))
        .add(api_tokens::Column::LastUsedIp.ne(ip.unwrap_or_default()));
    api_tokens::Entity::update_many()
        .col_expr(api_tokens::Column::LastUsedAt, Expr::value(now))
        .col_expr(api_tokens::Column::LastUsedIp, Expr::value(ip))
        .filter(api_tokens::Column::Id.eq(token.id))
        .filter(due)
        .exec(db)
        .await?;
    Ok(())
}

fn row(t: api_tokens::Model, now: DateTime<Utc>) -> ApiTokenRow {
    ApiTokenRow {
        expired: t.expires_at.is_some_and(|at| at <= now),
        id: t.id,
        name: t.name,
        prefix: t.prefix,
        scopes: t.scopes.into_vec(),
        created_at: t.created_at,
        expires_at: t.expires_at,
        last_used_at: t.last_used_at,
        last_used_ip: t.last_used_ip,
        revoked_at: t.revoked_at,
    }
}

async fn record(
    txn: &impl sea_orm::ConnectionTrait,
    actor: &Actor,
    action: AuditAction,
    token: &ApiTokenRow,
    changes: serde_json::Value,
    now: DateTime<Utc>,
) -> Result<(), ServiceError> {
    let entry = Entry {
        action,
        target_kind: TargetKind::ApiToken,
        target_id: Some(token.id.to_string()),
        target_label: format!("{} ({}…)", token.name, token.prefix),
        changes,
    };
    audit::record(txn, actor, entry, now).await?;
    Ok(())
}
