//! A client account as a SCIM Group, and a Group body as the service's input.
use super::body::{Body, Mode};
use super::{meta, ScimProblem};
use app::model::client::{display_name, ClientPermission};
use app::model::Keyed;
use app::search::scim::{GROUP_EXTENSION, GROUP_SCHEMA};
use app::service::scim::groups::{Group, GroupInput};
use serde_json::{json, Value};
use uuid::Uuid;

/// `requested`: the attributes returned only on request (owner, each member's permissions)
/// were asked for.
pub fn to_json(group: &Group, base: &str, requested: impl Fn(&str) -> bool) -> Value {
    let c = &group.client;
    let user_ref = |id: Uuid| format!("{base}/scim/v2/Users/{id}");
    let mut extension = serde_json::Map::new();
    let permissions: Vec<&str> = c
        .scim_member_permissions
        .as_slice()
        .iter()
        .map(|p| p.key())
        .collect();
    if !permissions.is_empty() {
        extension.insert("newMemberPermissions".into(), json!(permissions));
    }
    let mut out = json!({
        "schemas": [GROUP_SCHEMA, GROUP_EXTENSION],
        "id": c.id,
        "displayName": display_name(&c.first_name, &c.last_name, c.company_name.as_deref()),
        "meta": meta("Group", &format!("{base}/scim/v2/Groups/{}", c.id), c.created_at, c.updated_at, c.version),
    });
    if let Some(members) = group.members.as_ref().filter(|m| !m.is_empty()) {
        out["members"] = members
            .iter()
            .map(|m| json!({ "value": m.user_id, "$ref": user_ref(m.user_id), "type": "User" }))
            .collect();
        let owner = members
            .iter()
            .find(|m| m.owner)
            .filter(|_| requested("owner"));
        if let Some(owner) = owner {
            extension.insert(
                "owner".into(),
                json!({ "value": owner.user_id, "$ref": user_ref(owner.user_id) }),
            );
        }
        let each: Vec<Value> = members
            .iter()
            .map(|m| json!({ "value": m.user_id, "permissions": m.permissions.iter().map(|p| p.key()).collect::<Vec<_>>() }))
            .collect();
        if requested("memberPermissions") {
            extension.insert("memberPermissions".into(), Value::Array(each));
        }
    }
    if !extension.is_empty() {
        out[GROUP_EXTENSION] = Value::Object(extension);
    }
    if let Some(external_id) = &c.external_id {
        out["externalId"] = json!(external_id);
    }
    out
}

/// A Group body read for the service. Member ids that are not ids are left out, like ids of
/// users the token does not reach.
pub fn from_json(body: &Value, mode: Mode) -> Result<GroupInput, ScimProblem> {
    let body = Body::of(body, GROUP_SCHEMA, mode)?;
    let patched = mode == Mode::Patched;
    let members = match body.list("members")? {
        Some(members) => Some(
            members
                .iter()
                .filter_map(|m| m.string("value").ok().flatten())
                .filter_map(|v| Uuid::parse_str(&v).ok())
                .collect(),
        ),
        None => patched.then(Vec::new),
    };
    let permissions = match body.extension(GROUP_EXTENSION)? {
        Some(extension) => extension.strings("newMemberPermissions")?,
        None => None,
    };
    let member_permissions = match permissions {
        Some(keys) => Some(
            keys.iter()
                .map(|k| {
                    ClientPermission::from_key(k).ok_or_else(|| {
                        ScimProblem::bad(
                            "invalidValue",
                            format!("newMemberPermissions: {k} is not a permission."),
                        )
                    })
                })
                .collect::<Result<Vec<_>, _>>()?,
        ),
        None => patched.then(Vec::new),
    };
    Ok(GroupInput {
        display_name: body
            .string("displayName")?
            .ok_or_else(|| ScimProblem::bad("invalidValue", "displayName is required."))?,
        external_id: body.string("externalId")?,
        members,
        member_permissions,
    })
}
