//! Behind a load balancer: forwarding headers name the caller only when a trusted proxy sent
//! them, so one caller's failures do not throttle everyone, and a caller cannot pick the
//! address they are throttled and audited as.
use crate::access_policy::qs;
use crate::test_app::{server_fn_call, TestApp};
use app::api::UserSignIn;
use app::client_ip::TrustedProxies;
use app::db::audit_log;
use axum::extract::ConnectInfo;
use leptos::server_fn::ServerFn;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::net::SocketAddr;
use tower::ServiceExt;

/// A wrong-password sign-in arriving from `peer`, forwarded for `client` when given; to an
/// email of its own unless `email` is given, so that no account's own waits interfere.
async fn attempt(app: &TestApp, peer: &str, client: Option<&str>, email: Option<&str>) -> u16 {
    let email = email.map_or_else(|| format!("{}@x.test", uuid::Uuid::now_v7()), str::to_owned);
    let body = qs(&UserSignIn {
        email,
        password: "not the password at all".into(),
    });
    let mut req = server_fn_call(UserSignIn::PATH, body, None);
    let peer: SocketAddr = format!("{peer}:40000").parse().unwrap();
    req.extensions_mut().insert(ConnectInfo(peer));
    if let Some(client) = client {
        req.headers_mut()
            .insert("x-forwarded-for", client.parse().unwrap());
    }
    let res = app.router.clone().oneshot(req).await.unwrap();
    res.status().as_u16()
}

#[tokio::test]
async fn forwarded_addresses_count_only_from_trusted_proxies() {
    let app = TestApp::with(|s| {
        s.sign_in.per_ip_per_minute = 2;
        s.trusted_proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
    })
    .await;
    app.callers().await;
    let balancer = "10.0.0.2";
    // Two callers behind the balancer: each has a budget of its own.
    for _ in 0..2 {
        assert_eq!(
            attempt(&app, balancer, Some("198.51.100.1"), None).await,
            401
        );
    }
    assert_eq!(
        attempt(&app, balancer, Some("198.51.100.1"), None).await,
        429
    );
    assert_eq!(
        attempt(&app, balancer, Some("198.51.100.2"), None).await,
        401
    );
    // A caller that is not a trusted proxy cannot escape its budget with made-up headers.
    for fake in ["192.0.2.1", "192.0.2.2"] {
        assert_eq!(attempt(&app, "203.0.113.9", Some(fake), None).await, 401);
    }
    assert_eq!(
        attempt(&app, "203.0.113.9", Some("192.0.2.3"), None).await,
        429
    );
    // Failures of a real account, from a caller behind the balancer and from an untrusted
    // peer that claims another address.
    let user = Some("user@x.test");
    assert_eq!(
        attempt(&app, balancer, Some("198.51.100.3"), user).await,
        401
    );
    assert_eq!(
        attempt(&app, "203.0.113.10", Some("192.0.2.4"), user).await,
        401
    );
    // The audit trail records the caller the balancer named, and the untrusted peer itself.
    let ips: Vec<Option<String>> = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("user.sign_in_refused"))
        .order_by_asc(audit_log::Column::At)
        .all(&app.state.db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.ip)
        .collect();
    assert_eq!(
        ips,
        [Some("198.51.100.3".into()), Some("203.0.113.10".into())]
    );
}
