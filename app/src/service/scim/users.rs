//! SCIM Users: users as a provider sees and writes them.
use super::{checked, list, present, ListRequest, Listed, Reach, ScimError, Shape};
use crate::auth::password::PasswordHasher;
use crate::db::{users, Db};
use crate::model::language;
use crate::model::user_list::UserStatus;
use crate::model::validate;
use crate::search::scim::{user_condition, user_name_order, user_name_prefix, user_sort};
use crate::service::audit::Actor;
use crate::service::users::{self as service, Provisioned};
use crate::service::ServiceError;
use sea_orm::sea_query::{Alias, Expr, Query};
use sea_orm::{ConnectionTrait, EntityTrait, QueryFilter, Select};
use uuid::Uuid;

/// A User resource as a provider sends it (POST, PUT, or PATCH applied). `None` for a
/// Roster-owned attribute (language, verified flag, 2FA requirement, notes) keeps what the
/// user has (a new user gets the defaults): a provider that does not know them cannot wipe
/// them, e.g. a 2FA requirement staff set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UserInput {
    pub user_name: String,
    pub given_name: String,
    pub family_name: String,
    pub display_name: Option<String>,
    /// The primary email; None: the user name, when it is an email address.
    pub email: Option<String>,
    pub email_primary: Option<bool>,
    pub email_verified: Option<bool>,
    pub active: bool,
    pub language: Option<String>,
    pub external_id: Option<String>,
    pub two_factor_required: Option<bool>,
    pub admin_notes: Option<String>,
}

/// Longest user name and external id a provider may give.
pub const USER_NAME_MAX: usize = 254;
pub const EXTERNAL_ID_MAX: usize = 255;
pub const DISPLAY_NAME_MAX: usize = 200;

fn reachable(reach: Reach) -> Select<users::Entity> {
    let query = users::Entity::find();
    match reach {
        Reach::Provisioned => query.filter(Expr::cust("users.scim_managed")),
        Reach::Everything => query,
    }
}

pub async fn list_users(
    db: &Db,
    reach: Reach,
    request: &ListRequest,
) -> Result<Listed<users::Model>, ScimError> {
    let shape = Shape {
        condition: user_condition,
        sort_key: user_sort,
        natural: user_name_order,
        created: "users.created_at",
        id: "users.id",
    };
    let known_total = match request.filter()?.as_ref().and_then(user_name_prefix) {
        Some(prefix) => prefix_total(db, reach, &prefix).await?,
        None => None,
    };
    list(db, reachable(reach), request, shape, known_total).await
}

/// The longest prefix whose names are counted by triggers (migration 22).
const COUNTED_PREFIX: usize = 3;

/// How many users in reach have a name starting with `prefix`, from the prefix counts; None
/// for a prefix too long (or empty) to be counted there.
async fn prefix_total(db: &Db, reach: Reach, prefix: &str) -> Result<Option<u64>, ScimError> {
    if !(1..=COUNTED_PREFIX).contains(&prefix.chars().count()) {
        return Ok(None);
    }
    let mut query = Query::select();
    query
        .expr(Expr::cust("CAST(COALESCE(SUM(n), 0) AS BIGINT)"))
        .from(Alias::new("user_name_prefixes"))
        .and_where(Expr::col(Alias::new("prefix")).eq(prefix));
    if reach == Reach::Provisioned {
        query.and_where(Expr::col(Alias::new("scim_managed")).eq(true));
    }
    let total: i64 = match db
        .query_one(db.get_database_backend().build(&query))
        .await?
    {
        Some(row) => row.try_get_by_index(0)?,
        None => 0,
    };
    Ok(Some(total.max(0) as u64))
}

pub async fn get_user(db: &Db, reach: Reach, id: Uuid) -> Result<users::Model, ScimError> {
    reachable(reach)
        .filter(Expr::cust("users.id").eq(id))
        .one(db)
        .await?
        .ok_or(ScimError::Service(ServiceError::NotFound))
}

/// Creates a user as the provider describes them; they are invited by mail to choose a
/// password (SCIM carries none here), and reachable by `scim` tokens from now on.
pub async fn create_user(
    db: &Db,
    hasher: &PasswordHasher,
    input: UserInput,
    actor: &Actor,
) -> Result<users::Model, ScimError> {
    let (email, provisioned) = names(&input)?;
    let form = crate::model::user_form::UserForm {
        email,
        first_name: input.given_name,
        last_name: input.family_name,
        language: supported(input.language.as_deref())
            .unwrap_or("en")
            .to_owned(),
        admin_notes: input.admin_notes.unwrap_or_default(),
        two_factor_required: input.two_factor_required.unwrap_or(false),
        email_verified: input.email_verified.unwrap_or(false),
        status: if input.active {
            UserStatus::New
        } else {
            UserStatus::Inactive
        },
        invite: true,
        ..Default::default()
    };
    let id = service::create_user_with(db, hasher, form, Some(&provisioned), actor).await?;
    get_user(db, Reach::Everything, id).await
}

/// Replaces what the provider owns of a user (`version`: the ETag of `If-Match`, if sent).
pub async fn replace_user(
    db: &Db,
    hasher: &PasswordHasher,
    reach: Reach,
    id: Uuid,
    version: Option<i32>,
    input: UserInput,
    actor: &Actor,
) -> Result<users::Model, ScimError> {
    let current = get_user(db, reach, id).await?;
    let (email, provisioned) = names(&input)?;
    let edit = service::load_for_edit(db, id).await?;
    let mut form = edit.form;
    form.email = email;
    form.first_name = input.given_name;
    form.last_name = input.family_name;
    if let Some(code) = supported(input.language.as_deref()) {
        form.language = code.to_owned();
    }
    if let Some(notes) = input.admin_notes {
        form.admin_notes = notes;
    }
    if let Some(required) = input.two_factor_required {
        form.two_factor_required = required;
    }
    if let Some(verified) = input.email_verified {
        form.email_verified = verified;
        form.email_verified_marked = verified;
    }
    form.status = match (input.active, current.status) {
        (false, _) => UserStatus::Inactive,
        (true, UserStatus::New) => UserStatus::New,
        (true, _) => UserStatus::Active,
    };
    let at = version.unwrap_or(current.version);
    let overwrite = version.is_none();
    service::update_user_with(
        db,
        hasher,
        id,
        at,
        form,
        overwrite,
        Some(&provisioned),
        actor,
    )
    .await?;
    get_user(db, Reach::Everything, id).await
}

pub async fn delete_user(
    db: &Db,
    reach: Reach,
    id: Uuid,
    version: Option<i32>,
    actor: &Actor,
) -> Result<(), ScimError> {
    let current = get_user(db, reach, id).await?;
    if version.is_some_and(|v| v != current.version) {
        return Err(ScimError::Stale);
    }
    service::delete_user(db, id, actor).await?;
    Ok(())
}

/// The user's email and the names the provider keeps apart from it. A user name that is the
/// email is not stored twice; one that is not needs an email in `emails`.
fn names(input: &UserInput) -> Result<(String, Provisioned), ScimError> {
    let user_name = present(Some(&input.user_name))
        .ok_or_else(|| ScimError::Value("userName is required.".into()))?;
    let user_name = checked(Some(user_name), USER_NAME_MAX, "userName")?.unwrap_or_default();
    let email = match present(input.email.as_deref()) {
        Some(email) => email,
        None if validate::email(&user_name).is_ok() => user_name.clone(),
        None => {
            return Err(ScimError::Value(
                "emails: give the user's email address (userName is not one).".into(),
            ))
        }
    };
    let same = validate::email_norm(&user_name) == validate::email_norm(&email);
    let display_name = present(input.display_name.as_deref());
    let provisioned = Provisioned {
        user_name: (!same).then_some(user_name),
        display_name: checked(display_name, DISPLAY_NAME_MAX, "displayName")?,
        email_primary: input.email_primary,
        external_id: checked(
            present(input.external_id.as_deref()),
            EXTERNAL_ID_MAX,
            "externalId",
        )?,
    };
    Ok((email, provisioned))
}

/// Roster's language for a provider's tag (`de-CH`, `pt_BR` → `de`, `pt`), if it has one.
/// An unsupported language keeps the user's: a preference should not stop provisioning.
fn supported(tag: Option<&str>) -> Option<&'static str> {
    let primary = tag?.split(['-', '_']).next()?.to_ascii_lowercase();
    language::LANGUAGES
        .iter()
        .map(|(code, _)| *code)
        .find(|code| *code == primary)
}
