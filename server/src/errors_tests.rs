//! A failing database answers callers with an opaque message and a request id: never the
//! database's or a library's text.
use crate::access_policy::qs;
use crate::test_app::{body_text, page, server_fn_call, Caller, TestApp};
use app::api::*;
use app::model::user_list::UserListQuery;
use axum::http::StatusCode;
use leptos::server_fn::ServerFn;
use tower::ServiceExt;

const TELLTALES: [&str; 8] = [
    "sqlx",
    "SQLITE",
    "sqlite",
    "constraint",
    "duplicate key",
    "no such table",
    "panicked",
    "stack backtrace",
];

#[tokio::test]
async fn a_database_failure_is_opaque_with_a_request_id() {
    let app = TestApp::new().await;
    let ids = app.callers().await;
    let admin = app.cookie(Caller::Administrator, &ids).await;
    // The users table (and the search index its triggers keep) gone from under the server.
    app.drop_table("users").await;

    let call = server_fn_call(
        ListUsers::PATH,
        qs(&ListUsers {
            query: UserListQuery::default(),
        }),
        admin.as_deref(),
    );
    let res = app.router.clone().oneshot(call).await.unwrap();
    assert_eq!(res.status(), StatusCode::INTERNAL_SERVER_ERROR);
    let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    let body = body_text(res).await;
    assert_eq!(body, format!(r#"{{"Internal":{{"request_id":"{id}"}}}}"#));

    let res = app
        .router
        .clone()
        .oneshot(page("/admin/users", admin.as_deref()))
        .await
        .unwrap();
    let id = res.headers()["x-request-id"].to_str().unwrap().to_owned();
    let html = body_text(res).await;
    assert!(
        html.contains(&format!("Request id: {id}")),
        "the page names the request id"
    );
    for telltale in TELLTALES {
        assert!(!html.contains(telltale), "the page says {telltale:?}");
    }
}
