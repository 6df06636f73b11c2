//! A session staff opened as a user ("sign in as user") holds only while they may: disabled,
//! or moved to a role without `users.impersonate`, their session ends at its next request.
use crate::access_policy::qs;
use crate::test_app::{server_fn_call, TestApp};
use app::api::*;
use app::auth::session::{self, Device, Impersonator, USER_COOKIE};
use app::service::audit::Actor;
use app::service::staff_admin;
use leptos::server_fn::ServerFn;
use tower::ServiceExt;
use uuid::Uuid;

async fn account_answer(app: &TestApp, cookie: &str) -> u16 {
    let call = server_fn_call(MyAccount::PATH, qs(&MyAccount {}), Some(cookie));
    app.router
        .clone()
        .oneshot(call)
        .await
        .unwrap()
        .status()
        .as_u16()
}

async fn opened_by(app: &TestApp, staff: Uuid, user: Uuid) -> String {
    let by = Impersonator {
        id: staff,
        name: "Ada".into(),
    };
    let db = &app.state.db;
    let s = session::create_impersonation(db, user, &by, "ticket 1", &Device::default(), db.now())
        .await
        .unwrap();
    format!("{USER_COOKIE}={}", s.token)
}

#[tokio::test]
async fn a_session_opened_as_a_user_ends_when_its_staff_member_may_no_longer() {
    let app = TestApp::new().await;
    let ids = app.callers().await;
    let ada = app.staff("ada@roster.test", "Administrator").await;
    let cookie = opened_by(&app, ada, ids.user).await;
    assert_eq!(account_answer(&app, &cookie).await, 200);
    staff_admin::set_disabled(&app.state.db, ada, true, &Actor::cli())
        .await
        .unwrap();
    assert_eq!(account_answer(&app, &cookie).await, 401, "disabled");
    assert_eq!(
        account_answer(&app, &cookie).await,
        401,
        "and the session is gone"
    );
    // Support never had the permission: a session it somehow held is refused too.
    let by_support = opened_by(&app, ids.support, ids.user).await;
    assert_eq!(account_answer(&app, &by_support).await, 401, "Support");
}
