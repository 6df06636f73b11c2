//! The HTTP surface: Leptos pages and server functions, static files, health, middleware.
use crate::config::ServeArgs;
use crate::middleware;
use app::request::{RequestId, REQUEST_ID_HEADER};
use app::state::AppState;
use app::{shell, App};
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Request};
use axum::{
    extract::State,
    http::StatusCode,
    routing::{get, post},
    Router,
};
use leptos::config::LeptosOptions;
use leptos_axum::{generate_route_list, LeptosRoutes};
use std::convert::Infallible;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Built from Roster's own configuration, so the binary needs no cargo-leptos environment.
pub fn leptos_options(args: &ServeArgs) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name("roster")
        .site_root(args.site_root.as_str())
        .site_pkg_dir("pkg")
        .site_addr(args.addr)
        .build()
}

pub const BODY_LIMIT: usize = 1024 * 1024;

pub fn build(state: AppState) -> Router {
    let routes = generate_route_list(App);
    let request_id = HeaderName::from_static(REQUEST_ID_HEADER);
    let static_headers = [
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "same-origin"),
    ];
    let mut router = Router::new()
        .route("/healthz", get(healthz))
        .route("/api/live", get(app::api::live::live_feed))
        .route("/admin/export/users.csv", get(crate::export::users_csv))
        .route("/admin/export/clients.csv", get(crate::export::clients_csv))
        .route(
            "/admin/jobs/{id}/report.csv",
            get(crate::export::job_report_csv),
        )
        .leptos_routes_with_context(&state, routes, app::csp::provide_request_nonce, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(app::csp::provide_request_nonce, shell))
        // Every body is small but an upload's (which has its own limit, below).
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT))
        .route(
            "/admin/users/import",
            post(crate::import::upload)
                .layer::<_, Infallible>(DefaultBodyLimit::disable())
                .layer::<_, Infallible>(RequestBodyLimitLayer::new(crate::import::UPLOAD_LIMIT)),
        )
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::admin_gate,
        ))
        .layer(axum::middleware::from_fn(middleware::refuse_nul))
        .layer(axum::middleware::from_fn(middleware::server_fn_status))
        .layer(axum::middleware::from_fn(middleware::no_store))
        .layer(axum::middleware::from_fn(middleware::same_origin))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::security_headers,
        ))
        // The public API answers bearer tokens, not cookies: none of the page layers above
        // (sign-in gate, CSRF refusal, page CSP) apply to it.
        .merge(crate::api_v1::router(&state).layer(RequestBodyLimitLayer::new(BODY_LIMIT)))
        .merge(crate::scim::router().layer(RequestBodyLimitLayer::new(BODY_LIMIT)))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            middleware::client_ip,
        ));
    for (name, value) in static_headers {
        router = router.layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static(name),
            HeaderValue::from_static(value),
        ));
    }
    router
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|req: &Request<_>| {
            let RequestId(id) = RequestId::of(req.headers());
            tracing::info_span!("request", method = %req.method(), path = %req.uri().path(), request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, MakeRequestUuid))
        .with_state(state)
}

/// 200 when the database answers, 503 otherwise.
async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(e) => {
            tracing::error!(error = %e, "health check: database unreachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_app::{body_text, page, Caller, TestApp};
    use axum::body::Body;
    use axum::http::{header, Method, StatusCode};
    use leptos::server_fn::ServerFn;
    use tower::ServiceExt;

    fn get(path: &str) -> Request<Body> {
        Request::get(path).body(Body::empty()).unwrap()
    }

    #[tokio::test]
    async fn health_headers_gate_and_guarded_server_functions() {
        let test = TestApp::new().await;
        let app = test.router.clone();

        let res = app.clone().oneshot(get("/healthz")).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        let h = res.headers();
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["x-frame-options"], "DENY");
        assert_eq!(h[header::CACHE_CONTROL], "no-store");
        assert_eq!(
            h[REQUEST_ID_HEADER].len(),
            36,
            "a request id on every response"
        );

        // Signed out: console pages redirect to the sign-in page, which renders.
        let res = app.clone().oneshot(get("/admin/users")).await.unwrap();
        assert!(res.status().is_redirection());
        assert_eq!(res.headers()[header::LOCATION], "/admin/login");
        let res = app.clone().oneshot(get("/admin/login")).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);

        // A server function refuses an anonymous caller with 401 and a safe message: a typed
        // value, which the console shows as "Please sign in." and the client area translates.
        let req = Request::builder()
            .method(Method::POST)
            .uri(<app::api::CurrentStaff as ServerFn>::PATH)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::empty())
            .unwrap();
        let res = app.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(body_text(res).await, r#"{"Unauthorized":"NotSignedIn"}"#);

        // Another site cannot call a server function with the staff member's browser.
        for (name, value) in [
            ("origin", "https://evil.example"),
            ("sec-fetch-site", "cross-site"),
        ] {
            let req = Request::builder()
                .method(Method::POST)
                .uri(<app::api::StaffSignOut as ServerFn>::PATH)
                .header("host", "127.0.0.1:3000")
                .header(name, value)
                .body(Body::empty())
                .unwrap();
            let res = app.clone().oneshot(req).await.unwrap();
            assert_eq!(res.status(), StatusCode::FORBIDDEN, "{name}: {value}");
        }
        let req = Request::builder()
            .method(Method::POST)
            .uri(<app::api::StaffSignOut as ServerFn>::PATH)
            .header("host", "127.0.0.1:3000")
            .header("origin", "http://127.0.0.1:3000")
            .header("sec-fetch-site", "same-origin")
            .body(Body::empty())
            .unwrap();
        let res = app.clone().oneshot(req).await.unwrap();
        assert!(
            res.status().is_success(),
            "same-origin sign-out works: {}",
            res.status()
        );
        let cookie = res.headers()[header::SET_COOKIE].to_str().unwrap();
        assert!(
            cookie.starts_with("roster_staff=;") && cookie.contains("Max-Age=0"),
            "{cookie}"
        );

        // Malformed arguments are the caller's error: 422 with a plain message, not a 500.
        let req = Request::builder()
            .method(Method::POST)
            .uri(<app::api::ListUsers as ServerFn>::PATH)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .body(Body::from("query[page]=not-a-number"))
            .unwrap();
        let res = app.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(
            body_text(res).await,
            r#"{"Validation":{"field":"","message":"Malformed"}}"#
        );

        // Oversized bodies are refused before any handler runs.
        let req = Request::builder()
            .method(Method::POST)
            .uri(<app::api::StaffSignIn as ServerFn>::PATH)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::CONTENT_LENGTH, BODY_LIMIT + 1)
            .body(Body::from(vec![b'a'; BODY_LIMIT + 1]))
            .unwrap();
        let res = app.oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    }

    #[tokio::test]
    async fn pages_run_only_scripts_carrying_their_responses_nonce() {
        let test = TestApp::new().await;
        let app = test.router.clone();
        let mut nonces = Vec::new();
        for path in ["/admin/login", "/login", "/no-such-page"] {
            let res = app.clone().oneshot(get(path)).await.unwrap();
            let policy = res.headers()[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap()
                .to_owned();
            assert!(policy.contains("frame-ancestors 'none'"), "{policy}");
            assert!(policy.contains("object-src 'none'"), "{policy}");
            assert!(
                res.headers()
                    .get(header::STRICT_TRANSPORT_SECURITY)
                    .is_none(),
                "plain http"
            );
            let script_src = policy
                .split(';')
                .find(|d| d.trim_start().starts_with("script-src"))
                .unwrap();
            assert!(!script_src.contains("unsafe-inline"), "{policy}");
            let nonce = script_src
                .split("'nonce-")
                .nth(1)
                .and_then(|rest| rest.split('\'').next())
                .unwrap()
                .to_owned();
            let html = body_text(res).await;
            let scripts: Vec<(&str, &str)> = html
                .split("<script")
                .skip(1)
                .filter_map(|rest| rest.split_once('>'))
                .map(|(attrs, rest)| (attrs, rest.split("</script>").next().unwrap()))
                .collect();
            assert!(!scripts.is_empty(), "{path}: hydration scripts");
            for (attrs, code) in scripts {
                // leptos_i18n leaves an empty <script> behind: nothing to run.
                assert!(
                    code.is_empty() || attrs.contains(&format!("nonce=\"{nonce}\"")),
                    "{path}: every inline script carries the header's nonce: <script{attrs}>"
                );
            }
            nonces.push(nonce);
        }
        nonces.dedup();
        assert_eq!(nonces.len(), 3, "a fresh nonce per response");

        let req = Request::get("/healthz")
            .header("x-forwarded-proto", "https")
            .body(Body::empty())
            .unwrap();
        let res = app.oneshot(req).await.unwrap();
        assert!(res.headers()[header::STRICT_TRANSPORT_SECURITY]
            .to_str()
            .unwrap()
            .starts_with("max-age="));
    }

    #[tokio::test]
    async fn the_live_feed_needs_a_staff_session_and_streams_changes() {
        use app::events::Event;
        use app::model::live::{Change, ChangeKind, ChangeOp};
        use futures::StreamExt;

        let test = TestApp::new().await;
        let app = test.router.clone();
        let res = app.clone().oneshot(get("/api/live")).await.unwrap();
        assert_eq!(
            res.status(),
            StatusCode::UNAUTHORIZED,
            "no session, no feed"
        );

        let ids = test.callers().await;
        let cookie = test.cookie(Caller::Support, &ids).await;
        let req = page("/api/live", cookie.as_deref());
        let res = app.oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[header::CONTENT_TYPE], "text/event-stream");

        let change = Change {
            kind: ChangeKind::User,
            op: ChangeOp::Update,
            id: Some(uuid::Uuid::from_u128(42)),
        };
        test.state.events.publish(Event::Change(change));
        test.state.events.publish(Event::Resync);
        let mut body = res.into_body().into_data_stream();
        let mut text = String::new();
        while !text.contains("event: resync") {
            let chunk = tokio::time::timeout(std::time::Duration::from_secs(5), body.next())
                .await
                .expect("events within 5 s")
                .unwrap()
                .unwrap();
            text.push_str(std::str::from_utf8(&chunk).unwrap());
        }
        let expected = format!(
            "event: change\ndata: {}\n",
            serde_json::to_string(&change).unwrap()
        );
        assert!(text.contains(&expected), "{text}");
    }

    #[tokio::test]
    async fn an_open_feed_is_not_activity_and_ends_with_its_session_under_steady_traffic() {
        use app::db::sessions;
        use app::events::Event;
        use app::model::live::{Change, ChangeKind, ChangeOp};
        use futures::StreamExt;
        use sea_orm::sea_query::Expr;
        use sea_orm::{EntityTrait, QueryFilter};

        let test =
            TestApp::with(|s| s.sessions.feed_recheck = std::time::Duration::from_millis(100))
                .await;
        let ids = test.callers().await;
        let cookie = test.cookie(Caller::Support, &ids).await;
        let db = &test.state.db;
        let seen = |minutes_ago: i64| {
            sessions::Entity::update_many()
                .col_expr(
                    sessions::Column::LastSeenAt,
                    Expr::value(db.now() - chrono::Duration::minutes(minutes_ago)),
                )
                .filter(sea_orm::ColumnTrait::eq(
                    &sessions::Column::SubjectId,
                    ids.support,
                ))
                .exec(db)
        };
        // Last active ten minutes ago, with the console open.
        seen(10).await.unwrap();
        let before = sessions::Entity::find().all(db).await.unwrap();
        let res = test
            .router
            .clone()
            .oneshot(page("/api/live", cookie.as_deref()))
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        // Steady traffic: a change every 20 ms, all through the test.
        let events = test.state.events.clone();
        let traffic = tokio::spawn(async move {
            loop {
                events.publish(Event::Change(Change {
                    kind: ChangeKind::User,
                    op: ChangeOp::Update,
                    id: Some(uuid::Uuid::from_u128(7)),
                }));
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
        });
        let mut body = res.into_body().into_data_stream();
        let started = std::time::Instant::now();
        while started.elapsed() < std::time::Duration::from_millis(500) {
            let chunk = tokio::time::timeout(std::time::Duration::from_secs(5), body.next()).await;
            assert!(
                matches!(chunk, Ok(Some(Ok(_)))),
                "the feed flows while the session holds"
            );
        }
        // Several re-checks later the session is exactly as idle as before.
        let after = sessions::Entity::find().all(db).await.unwrap();
        assert_eq!(
            before.iter().map(|s| s.last_seen_at).collect::<Vec<_>>(),
            after.iter().map(|s| s.last_seen_at).collect::<Vec<_>>(),
            "the feed refreshed last_seen_at"
        );
        // Now idle past the 30-minute limit: the feed ends soon, whatever the traffic.
        seen(31).await.unwrap();
        let ended = tokio::time::timeout(std::time::Duration::from_secs(3), async {
            while let Some(Ok(_)) = body.next().await {}
        })
        .await;
        traffic.abort();
        assert!(ended.is_ok(), "the feed outlived its idle session");
    }
}
