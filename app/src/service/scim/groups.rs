//! SCIM Groups: client accounts, their users as members. A group's name is the client's
//! company name (a provisioned client's contact name follows it until staff change it);
//! members a provider adds get the client's `scim_member_permissions`; the owner is
//! Roster's to choose, so a provider reads it but never moves or removes it.
use super::{checked, list, present, ListRequest, Listed, Reach, ScimError, Shape};
use crate::db::{client_users, clients, users, Db};
use crate::model::client::{ClientPermission, ClientStatus};
use crate::model::client_form::ClientForm;
use crate::search::scim::{group_condition, group_sort};
use crate::service::associations;
use crate::service::audit::Actor;
use crate::service::clients::{self as service, ProvisionedClient};
use crate::service::ServiceError;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, Select};
use std::collections::{BTreeSet, HashSet};
use uuid::Uuid;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GroupInput {
    pub display_name: String,
    pub external_id: Option<String>,
    /// None: the members stay as they are.
    pub members: Option<Vec<Uuid>>,
    /// None: as they are (a new group's members get none).
    pub member_permissions: Option<Vec<ClientPermission>>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub user_id: Uuid,
    pub owner: bool,
    pub permissions: Vec<ClientPermission>,
}

#[derive(Debug, Clone)]
pub struct Group {
    pub client: clients::Model,
    /// Loaded only when asked for (a provider's list often excludes them).
    pub members: Option<Vec<Member>>,
}

/// The longest name a contact's first name takes (the form's limit).
const FIRST_NAME_MAX: usize = 100;
pub const DISPLAY_NAME_MAX: usize = 200;

/// Closed accounts are not groups any more (DELETE closes one: a client's history stays).
fn reachable(reach: Reach) -> Select<clients::Entity> {
    let query = clients::Entity::find().filter(clients::Column::Status.ne(ClientStatus::Closed));
    match reach {
        Reach::Provisioned => query.filter(Expr::cust("clients.scim_managed")),
        Reach::Everything => query,
    }
}

pub async fn list_groups(
    db: &Db,
    reach: Reach,
    request: &ListRequest,
    with_members: bool,
) -> Result<Listed<Group>, ScimError> {
    let shape = Shape {
        condition: group_condition,
        sort_key: group_sort,
        natural: |_, _| None,
        created: "clients.created_at",
        id: "clients.id",
    };
    let page = list(db, reachable(reach), request, shape, None).await?;
    let mut rows = Vec::with_capacity(page.rows.len());
    for client in page.rows {
        rows.push(group(db, reach, client, with_members).await?);
    }
    Ok(Listed {
        total: page.total,
        rows,
    })
}

pub async fn get_group(
    db: &Db,
    reach: Reach,
    id: Uuid,
    with_members: bool,
) -> Result<Group, ScimError> {
    let client = reachable(reach)
        .filter(clients::Column::Id.eq(id))
        .one(db)
        .await?
        .ok_or(ScimError::Service(ServiceError::NotFound))?;
    group(db, reach, client, with_members).await
}

async fn group(
    db: &Db,
    reach: Reach,
    client: clients::Model,
    with_members: bool,
) -> Result<Group, ScimError> {
    let members = match with_members {
        true => Some(members(db, reach, client.id).await?),
        false => None,
    };
    Ok(Group { client, members })
}

/// The members a token reaches: with `scim`, the users SCIM created (staff's own additions
/// stay out of its sight, so a provider's member list never removes them).
async fn members(db: &Db, reach: Reach, client_id: Uuid) -> Result<Vec<Member>, ScimError> {
    let links = client_users::Entity::find()
        .filter(client_users::Column::ClientId.eq(client_id))
        .all(db)
        .await?;
    let mut query =
        users::Entity::find().filter(users::Column::Id.is_in(links.iter().map(|l| l.user_id)));
    if reach == Reach::Provisioned {
        query = query.filter(Expr::cust("users.scim_managed"));
    }
    let reached: HashSet<Uuid> = query.all(db).await?.into_iter().map(|u| u.id).collect();
    Ok(links
        .into_iter()
        .filter(|link| reached.contains(&link.user_id))
        .map(|link| Member {
            user_id: link.user_id,
            owner: link.owner,
            permissions: link.permissions.into_vec(),
        })
        .collect())
}

pub async fn create_group(
    db: &Db,
    reach: Reach,
    input: GroupInput,
    actor: &Actor,
) -> Result<Group, ScimError> {
    let name = display_name(&input)?;
    let provisioned = provisioned(&input, Vec::new())?;
    let form = ClientForm {
        first_name: name.chars().take(FIRST_NAME_MAX).collect(),
        company_name: name,
        status: ClientStatus::Active,
        ..Default::default()
    };
    let id = service::create_client_with(db, form, Some(&provisioned), actor).await?;
    with_members(
        db,
        reach,
        id,
        &input,
        &provisioned.member_permissions,
        actor,
    )
    .await
}

pub async fn replace_group(
    db: &Db,
    reach: Reach,
    id: Uuid,
    version: Option<i32>,
    input: GroupInput,
    actor: &Actor,
) -> Result<Group, ScimError> {
    let current = at_version(db, reach, id, version).await?;
    let name = display_name(&input)?;
    let kept = current.scim_member_permissions.clone().into_vec();
    let provisioned = provisioned(&input, kept)?;
    let mut form = service::load_for_edit(db, id).await?.form;
    if current.scim_managed {
        form.first_name = name.chars().take(FIRST_NAME_MAX).collect();
    }
    form.company_name = name;
    service::update_client_with(
        db,
        id,
        current.version,
        form,
        false,
        Some(&provisioned),
        actor,
    )
    .await?;
    with_members(
        db,
        reach,
        id,
        &input,
        &provisioned.member_permissions,
        actor,
    )
    .await
}

/// After a group's own fields: its members as `input` lists them (when it does), then the
/// group as it is now.
async fn with_members(
    db: &Db,
    reach: Reach,
    id: Uuid,
    input: &GroupInput,
    permissions: &[ClientPermission],
    actor: &Actor,
) -> Result<Group, ScimError> {
    if let Some(wanted) = &input.members {
        set_members(db, reach, id, wanted, permissions, actor).await?;
    }
    get_group(db, reach, id, true).await
}

/// Closes the client: it leaves SCIM, its history stays in Roster.
pub async fn delete_group(
    db: &Db,
    reach: Reach,
    id: Uuid,
    version: Option<i32>,
    actor: &Actor,
) -> Result<(), ScimError> {
    let current = at_version(db, reach, id, version).await?;
    let mut form = service::load_for_edit(db, id).await?.form;
    form.status = ClientStatus::Closed;
    service::update_client(db, id, current.version, form, false, actor).await?;
    Ok(())
}

/// The client a write names, unless `version` (If-Match's) is not its own.
async fn at_version(
    db: &Db,
    reach: Reach,
    id: Uuid,
    version: Option<i32>,
) -> Result<clients::Model, ScimError> {
    let current = get_group(db, reach, id, false).await?.client;
    match version.is_some_and(|v| v != current.version) {
        true => Err(ScimError::Stale),
        false => Ok(current),
    }
}

/// Makes the members a token reaches exactly `wanted`: adds the missing with `permissions`,
/// removes the others (never the owner). Ids of users it cannot reach are left out, as if
/// they did not exist.
async fn set_members(
    db: &Db,
    reach: Reach,
    client_id: Uuid,
    wanted: &[Uuid],
    permissions: &[ClientPermission],
    actor: &Actor,
) -> Result<(), ScimError> {
    let current: BTreeSet<Uuid> = members(db, reach, client_id)
        .await?
        .into_iter()
        .map(|m| m.user_id)
        .collect();
    let wanted: BTreeSet<Uuid> = wanted.iter().copied().collect();
    let mut reachable =
        users::Entity::find().filter(users::Column::Id.is_in(wanted.difference(&current).copied()));
    if reach == Reach::Provisioned {
        reachable = reachable.filter(Expr::cust("users.scim_managed"));
    }
    for user in reachable.all(db).await? {
        associations::associate_user(db, client_id, user.id, false, permissions, actor).await?;
    }
    for gone in current.difference(&wanted) {
        associations::remove_user(db, client_id, *gone, actor).await?;
    }
    Ok(())
}

fn display_name(input: &GroupInput) -> Result<String, ScimError> {
    let name = present(Some(&input.display_name))
        .ok_or_else(|| ScimError::Value("displayName is required.".into()))?;
    Ok(checked(Some(name), DISPLAY_NAME_MAX, "displayName")?.unwrap_or_default())
}

/// What SCIM writes of a client besides its form; `kept`: the member permissions when the
/// input names none.
fn provisioned(
    input: &GroupInput,
    kept: Vec<ClientPermission>,
) -> Result<ProvisionedClient, ScimError> {
    let external_id = checked(
        present(input.external_id.as_deref()),
        super::users::EXTERNAL_ID_MAX,
        "externalId",
    )?;
    Ok(ProvisionedClient {
        external_id,
        member_permissions: input.member_permissions.clone().unwrap_or(kept),
    })
}
