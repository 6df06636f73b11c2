//! What the service provider supports and how its resources look (RFC 7643 §5-7): the
//! documents a provider reads before it provisions. The schemas list only what Roster keeps;
//! `required` marks what every user or group has (a provider that leaves one out on PUT
//! keeps the current value, see `user_json`).
use super::{base_url, scim_json, ScimProblem};
use app::model::client::ClientPermission;
use app::model::language::LANGUAGES;
use app::model::Keyed;
use app::model::VariantArray;
use app::search::scim::{GROUP_EXTENSION, GROUP_SCHEMA, USER_EXTENSION, USER_SCHEMA};
use app::service::scim::MAX_RESULTS;
use app::state::AppState;
use axum::extract::{Path, State};
use axum::response::Response;
use serde_json::{json, Value};

const LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

pub async fn service_provider_config(
    State(state): State<AppState>,
    _: super::auth::ScimCall,
) -> Response {
    let base = base_url(&state);
    scim_json(json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
        "documentationUri": format!("{base}/api/docs"),
        "patch": { "supported": true },
        "bulk": { "supported": false, "maxOperations": 0, "maxPayloadSize": 0 },
        "filter": { "supported": true, "maxResults": MAX_RESULTS },
        "changePassword": { "supported": false },
        "sort": { "supported": true },
        "etag": { "supported": true },
        "authenticationSchemes": [{
            "type": "oauthbearertoken",
            "name": "API token",
            "description": "An API token with the scim (or scim:all) scope, as Authorization: Bearer rst_...",
            "primary": true,
        }],
        "meta": {
            "resourceType": "ServiceProviderConfig",
            "location": format!("{base}/scim/v2/ServiceProviderConfig"),
        },
    }))
}

fn resource_types(base: &str) -> Vec<Value> {
    let one = |id: &str, endpoint: &str, schema: &str, extension: &str, description: &str| {
        json!({
            "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"],
            "id": id,
            "name": id,
            "endpoint": format!("/{endpoint}"),
            "description": description,
            "schema": schema,
            "schemaExtensions": [{ "schema": extension, "required": false }],
            "meta": {
                "resourceType": "ResourceType",
                "location": format!("{base}/scim/v2/ResourceTypes/{id}"),
            },
        })
    };
    vec![
        one(
            "User",
            "Users",
            USER_SCHEMA,
            USER_EXTENSION,
            "Users: login identities",
        ),
        one(
            "Group",
            "Groups",
            GROUP_SCHEMA,
            GROUP_EXTENSION,
            "Client accounts, with their users as members",
        ),
    ]
}

pub async fn list_resource_types(
    State(state): State<AppState>,
    _: super::auth::ScimCall,
) -> Response {
    scim_json(list_of(resource_types(&base_url(&state))))
}

pub async fn get_resource_type(
    State(state): State<AppState>,
    _: super::auth::ScimCall,
    Path(id): Path<String>,
) -> Result<Response, ScimProblem> {
    resource_types(&base_url(&state))
        .into_iter()
        .find(|t| t["id"] == id.as_str())
        .map(scim_json)
        .ok_or_else(ScimProblem::not_found)
}

pub async fn list_schemas(State(state): State<AppState>, _: super::auth::ScimCall) -> Response {
    scim_json(list_of(schemas(&base_url(&state))))
}

pub async fn get_schema(
    State(state): State<AppState>,
    _: super::auth::ScimCall,
    Path(id): Path<String>,
) -> Result<Response, ScimProblem> {
    schemas(&base_url(&state))
        .into_iter()
        .find(|s| s["id"] == id.as_str())
        .map(scim_json)
        .ok_or_else(ScimProblem::not_found)
}

fn list_of(resources: Vec<Value>) -> Value {
    json!({
        "schemas": [LIST],
        "totalResults": resources.len(),
        "itemsPerPage": resources.len(),
        "startIndex": 1,
        "Resources": resources,
    })
}

/// One attribute's definition. `flags`: multi-valued, required, case-exact.
struct Attr {
    name: &'static str,
    kind: &'static str,
    multi: bool,
    required: bool,
    mutability: &'static str,
    returned: &'static str,
    uniqueness: &'static str,
    description: &'static str,
    canonical: Vec<String>,
    references: Vec<&'static str>,
    subs: Vec<Attr>,
}

fn attr(name: &'static str, kind: &'static str, description: &'static str) -> Attr {
    Attr {
        name,
        kind,
        multi: false,
        required: false,
        mutability: "readWrite",
        returned: "default",
        uniqueness: "none",
        description,
        canonical: vec![],
        references: vec![],
        subs: vec![],
    }
}

impl Attr {
    fn multi(mut self) -> Self {
        self.multi = true;
        self
    }
    fn required(mut self) -> Self {
        self.required = true;
        self
    }
    fn mutability(mut self, mutability: &'static str) -> Self {
        self.mutability = mutability;
        self
    }
    /// Returned only when `attributes` names it.
    fn on_request(mut self) -> Self {
        self.returned = "request";
        self
    }
    fn unique(mut self) -> Self {
        self.uniqueness = "server";
        self
    }
    fn canonical(mut self, values: impl IntoIterator<Item = impl Into<String>>) -> Self {
        self.canonical = values.into_iter().map(Into::into).collect();
        self
    }
    fn references(mut self, types: Vec<&'static str>) -> Self {
        self.references = types;
        self
    }
    fn subs(mut self, subs: Vec<Attr>) -> Self {
        self.subs = subs;
        self
    }

    fn to_json(&self) -> Value {
        let mut out = json!({
            "name": self.name,
            "type": self.kind,
            "multiValued": self.multi,
            "description": self.description,
            "required": self.required,
            "caseExact": false,
            "mutability": self.mutability,
            "returned": self.returned,
            "uniqueness": self.uniqueness,
        });
        if !self.canonical.is_empty() {
            out["canonicalValues"] = json!(self.canonical);
        }
        if !self.references.is_empty() {
            out["referenceTypes"] = json!(self.references);
        }
        if !self.subs.is_empty() {
            out["subAttributes"] = Value::Array(self.subs.iter().map(Attr::to_json).collect());
        }
        out
    }
}

fn schema(base: &str, id: &str, name: &str, description: &str, attributes: Vec<Attr>) -> Value {
    json!({
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"],
        "id": id,
        "name": name,
        "description": description,
        "attributes": attributes.iter().map(Attr::to_json).collect::<Vec<_>>(),
        "meta": {
            "resourceType": "Schema",
            "location": format!("{base}/scim/v2/Schemas/{id}"),
        },
    })
}

fn schemas(base: &str) -> Vec<Value> {
    let languages = LANGUAGES.iter().map(|(code, _)| *code);
    let permissions = ClientPermission::VARIANTS.iter().map(|p| p.key());
    let user = vec![
        attr(
            "userName",
            "string",
            "The user's email, or the provider's own name for them",
        )
        .required()
        .unique(),
        attr("name", "complex", "The user's name")
            .required()
            .subs(vec![
                attr("givenName", "string", "First name").required(),
                attr("familyName", "string", "Last name").required(),
            ]),
        attr("displayName", "string", "The name the provider shows"),
        attr(
            "emails",
            "complex",
            "The user's email address (one: Roster's sign-in address)",
        )
        .multi()
        .required()
        .subs(vec![
            attr("value", "string", "The address").required(),
            attr("type", "string", "Its kind").canonical(["work"]),
            attr("primary", "boolean", "The primary address"),
        ]),
        attr(
            "phoneNumbers",
            "complex",
            "The user's phone (changed in Roster, where it is checked against numbering plans)",
        )
        .multi()
        .mutability("readOnly")
        .subs(vec![
            attr("value", "string", "E.164 number").mutability("readOnly"),
            attr("type", "string", "Its kind").mutability("readOnly"),
        ]),
        attr(
            "active",
            "boolean",
            "ACTIVE or NEW (true), INACTIVE (false)",
        )
        .required(),
        attr("preferredLanguage", "string", "The client area's language")
            .required()
            .canonical(languages),
    ];
    let user_extension = vec![
        attr(
            "twoFactorRequired",
            "boolean",
            "Two-factor authentication is required at sign-in",
        )
        .required(),
        attr("emailVerified", "boolean", "The email address is verified").required(),
        attr(
            "adminNotes",
            "string",
            "Staff notes (not shown to the user)",
        ),
    ];
    let group = vec![
        attr("displayName", "string", "The client's company name")
            .required()
            .unique(),
        attr("members", "complex", "The users on the client account")
            .multi()
            .subs(vec![
                attr("value", "string", "The user's id").mutability("immutable"),
                attr("$ref", "reference", "The user")
                    .mutability("immutable")
                    .references(vec!["User"]),
                attr("type", "string", "Always User")
                    .mutability("immutable")
                    .canonical(["User"]),
            ]),
    ];
    let group_extension = vec![
        attr(
            "newMemberPermissions",
            "string",
            "What members added through SCIM may do on the client (none when left out)",
        )
        .multi()
        .required()
        .canonical(permissions),
        attr("owner", "complex", "The owner (chosen in Roster)")
            .mutability("readOnly")
            .on_request()
            .subs(vec![
                attr("value", "string", "The owner's id").mutability("readOnly"),
                attr("$ref", "reference", "The owner")
                    .mutability("readOnly")
                    .references(vec!["User"]),
            ]),
        attr(
            "memberPermissions",
            "complex",
            "Each member's permissions on the client",
        )
        .multi()
        .mutability("readOnly")
        .on_request()
        .subs(vec![
            attr("value", "string", "The member's id").mutability("readOnly"),
            attr("permissions", "string", "Their permissions")
                .multi()
                .mutability("readOnly"),
        ]),
    ];
    vec![
        schema(base, USER_SCHEMA, "User", "User Account", user),
        schema(
            base,
            USER_EXTENSION,
            "RosterUser",
            "Roster's user attributes",
            user_extension,
        ),
        schema(
            base,
            GROUP_SCHEMA,
            "Group",
            "Group: a client account",
            group,
        ),
        schema(
            base,
            GROUP_EXTENSION,
            "RosterGroup",
            "Roster's client account attributes",
            group_extension,
        ),
    ]
}
