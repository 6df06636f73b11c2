//! SCIM through the router: every route refused without a SCIM token or without its owner's
//! permission, a user's and a group's life over HTTP (ETags, PATCH, projections, an empty
//! member list over the wire), and SCIM's own error format.
use crate::test_app::{json_of, TestApp};
use app::model::api_token::ApiScope::{self, *};
use app::model::{Permission, RoleForm};
use app::service::audit::Actor;
use app::service::roles;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::{json, Value};

/// Each SCIM route and the permission its owner needs (discovery: any SCIM token, so one
/// every token owner here has).
const TABLE: &[(&str, &str, Permission)] = &[
    (
        "GET",
        "/scim/v2/ServiceProviderConfig",
        Permission::UsersView,
    ),
    ("GET", "/scim/v2/Schemas", Permission::UsersView),
    ("GET", "/scim/v2/ResourceTypes", Permission::UsersView),
    ("GET", "/scim/v2/Users", Permission::UsersView),
    ("POST", "/scim/v2/Users/.search", Permission::UsersView),
    ("POST", "/scim/v2/Users", Permission::UsersCreate),
    ("GET", "/scim/v2/Users/{user}", Permission::UsersView),
    ("PUT", "/scim/v2/Users/{user}", Permission::UsersEdit),
    ("PATCH", "/scim/v2/Users/{user}", Permission::UsersEdit),
    ("DELETE", "/scim/v2/Users/{user}", Permission::UsersDelete),
    ("GET", "/scim/v2/Groups", Permission::ClientsView),
    ("POST", "/scim/v2/Groups", Permission::ClientsEdit),
    ("GET", "/scim/v2/Groups/{client}", Permission::ClientsView),
    ("PUT", "/scim/v2/Groups/{client}", Permission::ClientsEdit),
    ("PATCH", "/scim/v2/Groups/{client}", Permission::ClientsEdit),
    (
        "DELETE",
        "/scim/v2/Groups/{client}",
        Permission::ClientsEdit,
    ),
    ("POST", "/scim/v2/.search", Permission::UsersView),
];

const USER: &str = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP: &str = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH: &str = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

fn call(method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Request<Body> {
    with_headers(method, path, token, body, &[])
}

fn with_headers(
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<Value>,
    headers: &[(header::HeaderName, &str)],
) -> Request<Body> {
    let mut req = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).unwrap())
        .uri(path)
        .header(header::CONTENT_TYPE, "application/scim+json");
    if let Some(token) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    for (name, value) in headers {
        req = req.header(name, *value);
    }
    req.body(body.map_or_else(Body::empty, |b| Body::from(b.to_string())))
        .unwrap()
}

fn new_user(user_name: &str) -> Value {
    json!({
        "schemas": [USER],
        "userName": user_name,
        "name": { "givenName": "Barbara", "familyName": "Jensen" },
        "emails": [{ "value": format!("{user_name}@example.com"), "type": "work", "primary": true }],
    })
}

async fn scim_error(res: axum::response::Response, status: StatusCode) -> Value {
    assert_eq!(res.status(), status);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/scim+json");
    let body = json_of(res).await;
    assert_eq!(
        body["schemas"],
        json!(["urn:ietf:params:scim:api:messages:2.0:Error"])
    );
    assert_eq!(body["status"], status.as_u16().to_string());
    body
}

#[tokio::test]
async fn every_route_needs_a_scim_token_and_its_owners_permission() {
    let test = TestApp::new().await;
    let ids = test.callers().await;
    // A role that may view and create users, and nothing else: it may hold `scim`.
    let form = RoleForm {
        name: "Onboarding".into(),
        permissions: vec![Permission::UsersView, Permission::UsersCreate],
    };
    roles::create_role(&test.state.db, &form, &Actor::cli())
        .await
        .unwrap();
    let onboarding = test.staff("onboard@roster.test", "Onboarding").await;
    let limited = test.api_token(onboarding, &[Scim]).await;
    let rest_only: Vec<ApiScope> = app::service::api_tokens::grantable(
        &app::auth::guard::load_staff(&test.state.db, ids.admin)
            .await
            .unwrap()
            .unwrap(),
    )
    .into_iter()
    .filter(|s| !matches!(s, Scim | ScimAll))
    .collect();
    let rest = test.api_token(ids.admin, &rest_only).await;
    let everything = test.api_token(ids.admin, &[ScimAll]).await;
    for (method, template, permission) in TABLE {
        let path = template
            .replace("{user}", &ids.user.to_string())
            .replace("{client}", &ids.client.to_string());
        let body = matches!(*method, "POST" | "PUT" | "PATCH").then(|| json!({}));
        let send = |token: Option<&str>| test.send(call(method, &path, token, body.clone()));
        let anonymous = send(None).await;
        assert_eq!(anonymous.headers()[header::WWW_AUTHENTICATE], "Bearer");
        scim_error(anonymous, StatusCode::UNAUTHORIZED).await;
        scim_error(send(Some(&rest)).await, StatusCode::FORBIDDEN).await;
        let limited_status = send(Some(&limited)).await.status();
        let allowed = [Permission::UsersView, Permission::UsersCreate].contains(permission);
        assert_eq!(
            limited_status == StatusCode::FORBIDDEN,
            !allowed,
            "{method} {template} with a token of someone who may view and create users: {limited_status}"
        );
        let status = send(Some(&everything)).await.status();
        assert!(
            status != StatusCode::FORBIDDEN && status != StatusCode::UNAUTHORIZED,
            "{method} {template}: {status}"
        );
    }
    // A plain `scim` token does not reach the user staff made.
    let admin_scim = test.api_token(ids.admin, &[Scim]).await;
    let res = test
        .send(call(
            "GET",
            &format!("/scim/v2/Users/{}", ids.user),
            Some(&admin_scim),
            None,
        ))
        .await;
    scim_error(res, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn a_user_and_a_group_live_through_scim_over_http() {
    let test = TestApp::new().await;
    let ids = test.callers().await;
    let token = test.api_token(ids.admin, &[Scim]).await;
    let t = Some(token.as_str());

    let res = test
        .send(call("POST", "/scim/v2/Users", t, Some(new_user("bjensen"))))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()[header::CONTENT_TYPE], "application/scim+json");
    assert_eq!(res.headers()[header::ETAG], "W/\"1\"");
    let location = res.headers()[header::LOCATION].to_str().unwrap().to_owned();
    let user = json_of(res).await;
    let id = user["id"].as_str().unwrap().to_owned();
    assert!(location.ends_with(&format!("/scim/v2/Users/{id}")));
    assert_eq!(user["meta"]["location"], location);
    assert_eq!(user["active"], true);
    let path = format!("/scim/v2/Users/{id}");

    // Only what `attributes` names, with id and schemas.
    let res = test
        .send(call(
            "GET",
            &format!("{path}?attributes=userName,name.familyName"),
            t,
            None,
        ))
        .await;
    assert_eq!(
        json_of(res).await,
        json!({ "schemas": user["schemas"], "id": id, "userName": "bjensen", "name": { "familyName": "Jensen" } })
    );

    // PATCH: a stale ETag is refused; the current one applies every operation at once.
    let patch = json!({
        "schemas": [PATCH],
        "Operations": [
            { "op": "replace", "path": "active", "value": false },
            { "op": "replace", "path": "emails[type eq \"work\"].value", "value": "barbara@example.org" },
            { "op": "add", "value": { "externalId": "entra-42", "displayName": "Babs" } },
        ],
    });
    let stale = [(header::IF_MATCH, "W/\"7\"")];
    let res = test
        .send(with_headers("PATCH", &path, t, Some(patch.clone()), &stale))
        .await;
    scim_error(res, StatusCode::PRECONDITION_FAILED).await;
    let current = [(header::IF_MATCH, "W/\"1\"")];
    let res = test
        .send(with_headers("PATCH", &path, t, Some(patch), &current))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()[header::ETAG], "W/\"2\"");
    let patched = json_of(res).await;
    assert_eq!(patched["active"], false);
    assert_eq!(patched["emails"][0]["value"], "barbara@example.org");
    assert_eq!(
        (
            patched["externalId"].as_str(),
            patched["displayName"].as_str()
        ),
        (Some("entra-42"), Some("Babs"))
    );

    // Found by its name, case aside; a filter the server cannot read is a SCIM error.
    let res = test
        .send(call(
            "GET",
            "/scim/v2/Users?filter=userName%20eq%20%22BJENSEN%22",
            t,
            None,
        ))
        .await;
    let list = json_of(res).await;
    assert_eq!(
        (
            list["totalResults"].as_u64(),
            list["Resources"][0]["id"].as_str()
        ),
        (Some(1), Some(id.as_str()))
    );
    let res = test
        .send(call("GET", "/scim/v2/Users?filter=userName%20eq", t, None))
        .await;
    assert_eq!(
        scim_error(res, StatusCode::BAD_REQUEST).await["scimType"],
        "invalidFilter"
    );
    let res = test
        .send(call(
            "POST",
            "/scim/v2/Users",
            t,
            Some(json!({ "schemas": [USER], "userName": 7 })),
        ))
        .await;
    let refused = scim_error(res, StatusCode::BAD_REQUEST).await;
    assert_eq!(
        (refused["scimType"].as_str(), refused["detail"].as_str()),
        (Some("invalidValue"), Some("userName must be a string."))
    );
    let res = test
        .send(call("POST", "/scim/v2/Users", t, Some(new_user("bjensen"))))
        .await;
    assert_eq!(
        scim_error(res, StatusCode::CONFLICT).await["scimType"],
        "uniqueness"
    );

    // A group with the user, then an empty member list over the wire: nobody left.
    let group = json!({ "schemas": [GROUP], "displayName": "Acme", "members": [{ "value": id }] });
    let res = test
        .send(call("POST", "/scim/v2/Groups", t, Some(group)))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let group = json_of(res).await;
    assert_eq!(group["members"][0]["value"], id);
    let group_path = format!("/scim/v2/Groups/{}", group["id"].as_str().unwrap());
    let emptied = json!({ "schemas": [GROUP], "displayName": "Acme", "members": [] });
    let res = test.send(call("PUT", &group_path, t, Some(emptied))).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(json_of(res).await.get("members").is_none());

    // Deleted: gone, and the audit trail names the token and its owner.
    let res = test.send(call("DELETE", &path, t, None)).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    scim_error(
        test.send(call("GET", &path, t, None)).await,
        StatusCode::NOT_FOUND,
    )
    .await;
    let res = test
        .send(call("GET", "/scim/v2/Users/not-an-id", t, None))
        .await;
    scim_error(res, StatusCode::NOT_FOUND).await;
    use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
    let entries = app::db::audit_log::Entity::find()
        .filter(app::db::audit_log::Column::TargetId.eq(id.clone()))
        .all(&test.state.db)
        .await
        .unwrap();
    assert_eq!(entries.len(), 3, "created, patched, deleted");
    assert!(entries.iter().all(|e| e
        .actor_label
        .starts_with("SCIM provisioning (token “matrix” of ")));
}
