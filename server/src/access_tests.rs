//! Deny by default: every registered server function, page and route, called anonymously, as
//! a view-only Support member, as an Administrator and as a client-area user, must answer as
//! the policy in `access_policy` says. A server function or page missing from the policy
//! fails the test, so nothing new ships without a decision about who may call it.
use crate::access_policy::{server_fn_policy, CALLERS};
use crate::page_policy::page_policy;
use crate::test_app::{body_text, page, server_fn_call, TestApp};
use axum::http::{header, StatusCode};
use std::collections::BTreeSet;
use tower::ServiceExt;

#[tokio::test]
async fn every_server_function_and_page_answers_each_caller_as_the_policy_says() {
    // Six callers make more sign-in steps a minute than one address may: the per-address
    // limit has its own tests, and here would hide the answers under test.
    let app = TestApp::with(|s| s.sign_in.per_ip_per_minute = 10_000).await;
    let ids = app.callers().await;
    let mut mismatches = Vec::new();

    let policy = server_fn_policy();
    let registered: BTreeSet<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    let covered: BTreeSet<&str> = policy.iter().map(|(path, ..)| *path).collect();
    let missing: Vec<_> = registered.difference(&covered).collect();
    assert!(
        missing.is_empty(),
        "server functions without a policy: {missing:?}"
    );
    assert_eq!(
        registered.len(),
        policy.len(),
        "one policy entry per server function"
    );

    for (path, body, expect) in &policy {
        for (caller, want) in CALLERS.iter().zip(expect) {
            let cookie = app.cookie(*caller, &ids).await;
            let res = app
                .router
                .clone()
                .oneshot(server_fn_call(path, body.clone(), cookie.as_deref()))
                .await
                .unwrap();
            let got = res.status().as_u16();
            if got != *want {
                let body = body_text(res).await;
                mismatches.push(format!(
                    "{path} as {caller:?}: {got} (want {want}) {}",
                    body
                ));
            }
        }
    }

    let routes: BTreeSet<String> = leptos_axum::generate_route_list(app::App)
        .iter()
        .map(|r| r.path().to_owned())
        .collect();
    let pages = page_policy(ids.client);
    for route in &routes {
        let known = pages.iter().any(|(path, _)| {
            path == route
                || (route.contains('{') && path.starts_with(route.split('{').next().unwrap()))
        });
        assert!(known, "page without a policy: {route}");
    }
    for (path, expect) in &pages {
        for (caller, (status, location)) in CALLERS.iter().zip(expect) {
            let cookie = app.cookie(*caller, &ids).await;
            let res = app
                .router
                .clone()
                .oneshot(page(path, cookie.as_deref()))
                .await
                .unwrap();
            let got_location = res
                .headers()
                .get(header::LOCATION)
                .map(|v| v.to_str().unwrap().to_owned())
                .unwrap_or_default();
            if res.status() != StatusCode::from_u16(*status).unwrap() || got_location != *location {
                mismatches.push(format!(
                    "GET {path} as {caller:?}: {} {got_location:?} (want {status} {location:?})",
                    res.status().as_u16()
                ));
            }
        }
    }
    assert!(mismatches.is_empty(), "{}", mismatches.join("\n"));
}
