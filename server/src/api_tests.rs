//! The public API through the router: the scope table (every operation of the document, each
//! refused without a token, with a token lacking one of its scopes, and when the token's owner
//! lacks the permission), ETags, idempotent retries, the rate limit, CORS, the audit trail, and
//! errors that never carry database text.
use crate::test_app::{body_text, json_of, TestApp};
use app::auth::guard::load_staff;
use app::model::api_token::ApiScope::{self, *};
use app::model::{Permission, RoleForm};
use app::service::api_tokens;
use app::service::audit::Actor;
use app::service::roles;
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::response::Response;
use sea_orm::EntityTrait;
use serde_json::{json, Value};
use std::collections::BTreeSet;

/// Each operation of `/api/v1` and the scopes it needs (every one of them).
const TABLE: &[(&str, &str, &[ApiScope])] = &[
    ("GET", "/api/v1/users", &[UsersRead]),
    ("POST", "/api/v1/users", &[UsersWrite]),
    ("GET", "/api/v1/users/{id}", &[UsersRead]),
    ("PATCH", "/api/v1/users/{id}", &[UsersWrite]),
    ("DELETE", "/api/v1/users/{id}", &[UsersWrite]),
    (
        "GET",
        "/api/v1/users/{id}/clients",
        &[UsersRead, ClientsRead],
    ),
    ("GET", "/api/v1/users/{id}/sessions", &[UsersRead]),
    ("POST", "/api/v1/users/{id}/logout", &[UsersWrite]),
    (
        "DELETE",
        "/api/v1/users/{id}/sessions/{session_id}",
        &[UsersWrite],
    ),
    ("GET", "/api/v1/users/{id}/links", &[UsersRead]),
    ("POST", "/api/v1/users/{id}/links", &[UsersWrite]),
    (
        "DELETE",
        "/api/v1/users/{id}/links/{purpose}",
        &[UsersWrite],
    ),
    ("GET", "/api/v1/clients", &[ClientsRead]),
    ("POST", "/api/v1/clients", &[ClientsWrite]),
    ("GET", "/api/v1/clients/{id}", &[ClientsRead]),
    ("PATCH", "/api/v1/clients/{id}", &[ClientsWrite]),
    ("GET", "/api/v1/clients/{id}/users", &[ClientsRead]),
    ("POST", "/api/v1/clients/{id}/users", &[ClientsWrite]),
    (
        "PATCH",
        "/api/v1/clients/{id}/users/{user_id}",
        &[ClientsWrite],
    ),
    (
        "DELETE",
        "/api/v1/clients/{id}/users/{user_id}",
        &[ClientsWrite],
    ),
    ("GET", "/api/v1/mail", &[MailRead]),
    ("GET", "/api/v1/mail/{id}", &[MailRead]),
    ("GET", "/api/v1/audit", &[AuditRead]),
];

fn call(method: &str, path: &str, token: Option<&str>, body: Option<Value>) -> Request<Body> {
    let mut req = Request::builder()
        .method(Method::from_bytes(method.as_bytes()).unwrap())
        .uri(path)
        .header(header::IF_MATCH, "*");
    if let Some(token) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    match body {
        Some(json) => req
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json.to_string()))
            .unwrap(),
        None => req.body(Body::empty()).unwrap(),
    }
}

#[tokio::test]
async fn the_table_covers_every_operation_of_the_document() {
    let test = TestApp::new().await;
    let res = test
        .send(call("GET", "/api/v1/openapi.json", None, None))
        .await;
    assert_eq!(res.status(), StatusCode::OK, "the document needs no token");
    let doc = json_of(res).await;
    assert_eq!(doc["openapi"], "3.1.0");
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_uppercase(), path.clone()))
        })
        .collect();
    let table: BTreeSet<(String, String)> = TABLE
        .iter()
        .map(|(m, p, _)| ((*m).to_owned(), (*p).to_owned()))
        .collect();
    assert_eq!(
        documented, table,
        "every operation has its row, and only those"
    );
}

#[tokio::test]
async fn each_operation_needs_its_scopes_and_its_owners_permission() {
    let test = TestApp::new().await;
    let ids = test.callers().await;
    let every = api_tokens::grantable(
        &load_staff(&test.state.db, ids.admin)
            .await
            .unwrap()
            .unwrap(),
    );
    // A role that may create users but not delete them, holding users:write.
    let form = RoleForm {
        name: "Onboarding".into(),
        permissions: vec![Permission::UsersView, Permission::UsersCreate],
    };
    roles::create_role(&test.state.db, &form, &Actor::cli())
        .await
        .unwrap();
    let onboarding = test.staff("onboard@roster.test", "Onboarding").await;
    let creator = test.api_token(onboarding, &[UsersRead, UsersWrite]).await;
    for (method, template, needs) in TABLE {
        let path = template
            .replace(
                "{id}",
                &if template.starts_with("/api/v1/clients") {
                    ids.client
                } else {
                    ids.user
                }
                .to_string(),
            )
            .replace("{user_id}", &ids.user.to_string())
            .replace("{session_id}", "not-a-session")
            .replace("{purpose}", "reset_password");
        let body = matches!(*method, "POST" | "PATCH").then(|| json!({}));
        let status = |res: Response| res.status();
        let anonymous = test.send(call(method, &path, None, body.clone())).await;
        assert_eq!(
            anonymous.status(),
            StatusCode::UNAUTHORIZED,
            "{method} {template}"
        );
        assert!(anonymous.headers().contains_key(header::WWW_AUTHENTICATE));
        for missing in *needs {
            let others: Vec<ApiScope> = every.iter().copied().filter(|s| s != missing).collect();
            let t = test.api_token(ids.admin, &others).await;
            let res = test.send(call(method, &path, Some(&t), body.clone())).await;
            assert_eq!(
                status(res),
                StatusCode::FORBIDDEN,
                "{method} {template} without {missing:?}"
            );
        }
        let exactly = test.api_token(ids.admin, needs).await;
        let res = test
            .send(call(method, &path, Some(&exactly), body.clone()))
            .await;
        let got = status(res);
        assert!(
            got != StatusCode::FORBIDDEN && got != StatusCode::UNAUTHORIZED,
            "{method} {template} with {needs:?}: {got}"
        );
    }
    // The scope is not enough: each request also needs the owner's permission.
    let delete = format!("/api/v1/users/{}", ids.user);
    let res = test
        .send(call("DELETE", &delete, Some(&creator), None))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::FORBIDDEN,
        "users:write without users.delete"
    );
    let body =
        json!({"email": "new@x.test", "first_name": "New", "password": "a long enough password"});
    let res = test
        .send(call("POST", "/api/v1/users", Some(&creator), Some(body)))
        .await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "users:write with users.create"
    );
}

#[tokio::test]
async fn an_edit_needs_the_etag_it_read() {
    let test = TestApp::new().await;
    let ids = test.callers().await;
    let t = test.api_token(ids.admin, &[UsersRead, UsersWrite]).await;
    let body =
        json!({"email": "etag@x.test", "first_name": "Eve", "password": "a long enough password"});
    let res = test
        .send(call("POST", "/api/v1/users", Some(&t), Some(body)))
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let location = res.headers()[header::LOCATION].to_str().unwrap().to_owned();
    let first = res.headers()[header::ETAG].to_str().unwrap().to_owned();
    let created = json_of(res).await;
    assert_eq!(
        location,
        format!("/api/v1/users/{}", created["id"].as_str().unwrap())
    );
    assert_eq!(first, format!("\"{}\"", created["version"]));
    assert!(created.get("password").is_none(), "{created}");

    let patch = |tag: Option<&str>, body: Value| {
        let mut req = Request::patch(location.as_str())
            .header(header::AUTHORIZATION, format!("Bearer {t}"))
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(tag) = tag {
            req = req.header(header::IF_MATCH, tag);
        }
        req.body(Body::from(body.to_string())).unwrap()
    };
    let res = test.send(patch(None, json!({"last_name": "Lee"}))).await;
    assert_eq!(res.status(), StatusCode::PRECONDITION_REQUIRED);
    let res = test
        .send(patch(Some("\"999\""), json!({"last_name": "Lee"})))
        .await;
    assert_eq!(res.status(), StatusCode::PRECONDITION_FAILED);
    let res = test
        .send(patch(Some(&first), json!({"last_name": "Lee"})))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let second = res.headers()[header::ETAG].to_str().unwrap().to_owned();
    assert_ne!(second, first);
    assert_eq!(json_of(res).await["last_name"], "Lee");
    // Someone else's edit came first: the stale tag is refused, nothing is overwritten.
    let res = test
        .send(patch(Some(&first), json!({"last_name": "Overwrite"})))
        .await;
    assert_eq!(res.status(), StatusCode::PRECONDITION_FAILED);
    let problem = json_of(res).await;
    assert_eq!(problem["status"], 412);
    // Invalid input: 422 with each field's message; what was sent is not half-saved.
    let res = test
        .send(patch(
            Some(&second),
            json!({"email": "nope", "first_name": " "}),
        ))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );
    let fields: Vec<String> = json_of(res).await["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(fields, ["email", "first_name"]);

    // PostgreSQL cannot store NUL: it is refused as input on both engines, never a 500.
    let res = test
        .send(patch(Some(&second), json!({"first_name": "A\u{0}"})))
        .await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);

    let delete = |tag: &str| {
        Request::delete(location.as_str())
            .header(header::AUTHORIZATION, format!("Bearer {t}"))
            .header(header::IF_MATCH, tag)
            .body(Body::empty())
            .unwrap()
    };
    assert_eq!(
        test.send(delete(&first)).await.status(),
        StatusCode::PRECONDITION_FAILED
    );
    assert_eq!(
        test.send(delete(&second)).await.status(),
        StatusCode::NO_CONTENT
    );
    let res = test.send(call("GET", &location, Some(&t), None)).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_retried_post_is_answered_once_and_audited_with_token_and_owner() {
    let test = TestApp::new().await;
    let ids = test.callers().await;
    let t = test
        .api_token(ids.admin, &[ClientsRead, ClientsWrite])
        .await;
    let post = |key: &str, company: &str| {
        Request::post("/api/v1/clients")
            .header(header::AUTHORIZATION, format!("Bearer {t}"))
            .header(header::CONTENT_TYPE, "application/json")
            .header("idempotency-key", key)
            .body(Body::from(
                json!({"first_name": "Ola", "company_name": company}).to_string(),
            ))
            .unwrap()
    };
    let first = test.send(post("order-77", "Retry Ltd")).await;
    assert_eq!(first.status(), StatusCode::CREATED);
    let first_body = body_text(first).await;
    let again = test.send(post("order-77", "Retry Ltd")).await;
    assert_eq!(again.status(), StatusCode::CREATED);
    assert_eq!(again.headers()["idempotent-replayed"], "true");
    assert!(again.headers().contains_key(header::LOCATION));
    assert_eq!(
        body_text(again).await,
        first_body,
        "the first answer, again"
    );
    let res = test.send(post("order-77", "Other Ltd")).await;
    assert_eq!(
        res.status(),
        StatusCode::UNPROCESSABLE_ENTITY,
        "same key, other request"
    );
    let list = test
        .send(call("GET", "/api/v1/clients?q=Retry", Some(&t), None))
        .await;
    assert_eq!(json_of(list).await["total"], 1, "created once");

    let id = serde_json::from_str::<Value>(&first_body).unwrap()["id"].clone();
    let entries = app::db::audit_log::Entity::find()
        .all(&test.state.db)
        .await
        .unwrap();
    let created: Vec<_> = entries
        .iter()
        .filter(|e| {
            e.action == "client.create" && Some(id.as_str().unwrap()) == e.target_id.as_deref()
        })
        .collect();
    assert_eq!(created.len(), 1);
    assert_eq!(created[0].actor_id, Some(ids.admin));
    assert!(
        created[0].actor_label.ends_with("(API token “matrix”)"),
        "{}",
        created[0].actor_label
    );
}

#[tokio::test]
async fn a_token_over_its_limit_waits() {
    let test = TestApp::with(|s| s.api.per_minute = 3).await;
    let ids = test.callers().await;
    let t = test.api_token(ids.admin, &[UsersRead]).await;
    for _ in 0..3 {
        let res = test
            .send(call("GET", "/api/v1/users", Some(&t), None))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let res = test
        .send(call("GET", "/api/v1/users", Some(&t), None))
        .await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let wait: u64 = res.headers()[header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    // Another token has its own count.
    let other = test.api_token(ids.admin, &[UsersRead]).await;
    let res = test
        .send(call("GET", "/api/v1/users", Some(&other), None))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn only_listed_origins_may_call_from_a_browser() {
    let test = TestApp::with(|s| s.api.cors_origins = vec!["https://shop.example".into()]).await;
    let preflight = |origin: &str| {
        Request::builder()
            .method(Method::OPTIONS)
            .uri("/api/v1/users")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "GET")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization")
            .body(Body::empty())
            .unwrap()
    };
    let res = test.send(preflight("https://shop.example")).await;
    assert_eq!(
        res.headers()[header::ACCESS_CONTROL_ALLOW_ORIGIN],
        "https://shop.example"
    );
    let res = test.send(preflight("https://evil.example")).await;
    assert!(!res
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN));
    let closed = TestApp::new().await;
    let res = closed.send(preflight("https://shop.example")).await;
    assert!(
        !res.headers()
            .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN),
        "off by default"
    );
}

#[tokio::test]
async fn errors_never_carry_database_text_and_the_reference_page_is_served() {
    let test = TestApp::new().await;
    let ids = test.callers().await;
    let t = test.api_token(ids.admin, &[ClientsRead]).await;
    test.drop_table("clients").await;
    let res = test
        .send(call("GET", "/api/v1/clients", Some(&t), None))
        .await;
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let text = body_text(res).await;
    assert!(
        text.contains("request_id") && !text.to_lowercase().contains("table"),
        "{text}"
    );

    let res = test.send(call("GET", "/api/docs", None, None)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let policy = res.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        policy.contains("script-src 'self'") && !policy.contains("unsafe-eval"),
        "{policy}"
    );
    assert!(body_text(res)
        .await
        .contains("/api-docs/swagger-ui-bundle.js"));
    let res = test
        .send(call("GET", "/api/v1/nothing-here", Some(&t), None))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );
}

#[tokio::test]
async fn links_go_out_by_mail_and_the_log_shows_them_with_the_link_hidden() {
    let test = TestApp::new().await;
    let ids = test.callers().await;
    let t = test
        .api_token(ids.admin, &[UsersRead, UsersWrite, MailRead])
        .await;
    let links = format!("/api/v1/users/{}/links", ids.user);
    let send_link = |purpose: &str| {
        call(
            "POST",
            &links,
            Some(&t),
            Some(json!({ "purpose": purpose })),
        )
    };
    let res = test.send(send_link("reset_password")).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let open = json_of(test.send(call("GET", &links, Some(&t), None)).await).await;
    assert_eq!(open[0]["purpose"], "reset_password", "{open}");
    assert_eq!(open[0]["sent_to"], "user@x.test");
    // Staff invitations are not sent to users: not a value the operation takes.
    let res = test.send(send_link("staff_invitation")).await;
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);

    let log = format!("/api/v1/mail?user={}", ids.user);
    let log = json_of(test.send(call("GET", &log, Some(&t), None)).await).await;
    let mail = &log["data"][0];
    assert_eq!(mail["kind"], "password_reset", "{log}");
    assert_eq!(mail["user_id"], ids.user.to_string());
    assert_eq!(log["next_page"], Value::Null);
    let one = format!("/api/v1/mail/{}", mail["id"].as_str().unwrap());
    let one = json_of(test.send(call("GET", &one, Some(&t), None)).await).await;
    let text = one["text_body"].as_str().unwrap();
    assert!(text.contains(app::model::mail::HIDDEN_LINK), "{text}");
    assert_eq!(one["to"], "user@x.test");

    // Expired at once; a second time there is nothing open to expire.
    let expire = format!("{links}/reset_password");
    let res = test.send(call("DELETE", &expire, Some(&t), None)).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let open = json_of(test.send(call("GET", &links, Some(&t), None)).await).await;
    assert_eq!(open, json!([]));
    let res = test.send(call("DELETE", &expire, Some(&t), None)).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);

    // The console's rules, with their reasons: no verification link for a verified address,
    // no password link for an inactive user.
    let user = format!("/api/v1/users/{}", ids.user);
    let patch = json!({ "email_verified": true, "status": "inactive" });
    let res = test.send(call("PATCH", &user, Some(&t), Some(patch))).await;
    assert_eq!(res.status(), StatusCode::OK);
    for (purpose, detail) in [
        ("verify_email", "This email address is already verified."),
        (
            "reset_password",
            "This user is INACTIVE: activate them before sending them a link.",
        ),
    ] {
        let res = test.send(send_link(purpose)).await;
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{purpose}");
        assert_eq!(json_of(res).await["errors"][0]["message"], detail);
    }
}
