//! Edge values over the wire: every server function that takes a list is called with an empty
//! one, encoded exactly as the browser encodes it (URL-encoded forms leave an empty list out).
use crate::access_policy::qs;
use crate::test_app::{body_text, server_fn_call, Caller, TestApp};
use app::api::*;
use app::db::client_users;
use app::model::client_page::AssociateOutcome;
use app::model::job::{BulkActionKind, BulkSelection, SelectionCount};
use app::model::user_list::UserListQuery;
use axum::http::StatusCode;
use leptos::server_fn::ServerFn;
use sea_orm::EntityTrait;
use tower::ServiceExt;

#[tokio::test]
async fn every_list_argument_may_be_empty() {
    let app = TestApp::new().await;
    let ids = app.callers().await;
    let admin = app.cookie(Caller::Administrator, &ids).await;
    let call = |path: &'static str, body: String| {
        let request = server_fn_call(path, body, admin.as_deref());
        let router = app.router.clone();
        async move {
            let res = router.oneshot(request).await.unwrap();
            let status = res.status();
            let body = body_text(res).await;
            assert_eq!(status, StatusCode::OK, "{path}: {body}");
            body
        }
    };

    // Associate User with the Owner toggle on sends no permissions: the user becomes owner.
    let body = call(
        AssociateUser::PATH,
        qs(&AssociateUser {
            id: ids.client,
            user: ids.user,
            owner: true,
            permissions: vec![],
        }),
    )
    .await;
    let outcome: AssociateOutcome = serde_json::from_str(&body).unwrap();
    assert_eq!(outcome, AssociateOutcome::Done);
    let link = client_users::Entity::find_by_id((ids.client, ids.user))
        .one(&app.state.db)
        .await
        .unwrap()
        .expect("associated");
    assert!(link.owner);

    // Every permission taken away.
    call(
        SetClientPermissions::PATH,
        qs(&SetClientPermissions {
            id: ids.client,
            user: ids.user,
            permissions: vec![],
        }),
    )
    .await;

    // The strength meter without context words.
    let body = call(
        PasswordStrength::PATH,
        qs(&PasswordStrength {
            password: "correct horse battery staple".into(),
            context: vec![],
        }),
    )
    .await;
    assert!(body.parse::<u8>().is_ok_and(|score| score <= 4), "{body}");

    // "Select all matching" sends the query and no ids; a bulk Associate may grant nothing.
    let everyone = BulkSelection {
        all_matching: true,
        query: UserListQuery::default(),
        picked: vec![],
    };
    let body = call(
        CountBulkSelection::PATH,
        qs(&CountBulkSelection {
            selection: everyone.clone(),
        }),
    )
    .await;
    let counted: SelectionCount = serde_json::from_str(&body).unwrap();
    assert!(counted.count >= 1, "{body}");
    call(
        StartBulkJob::PATH,
        qs(&StartBulkJob {
            action: BulkActionKind::Associate,
            client: Some(ids.client),
            permissions: vec![],
            selection: everyone.clone(),
            chosen_at: counted.chosen_at,
        }),
    )
    .await;

    // Ticked rows, none of them: refused with a message, not a failed decode.
    let nothing = StartBulkJob {
        action: BulkActionKind::Activate,
        client: None,
        permissions: vec![],
        selection: BulkSelection {
            all_matching: false,
            ..everyone
        },
        chosen_at: counted.chosen_at,
    };
    let res = app
        .router
        .clone()
        .oneshot(server_fn_call(
            StartBulkJob::PATH,
            qs(&nothing),
            admin.as_deref(),
        ))
        .await
        .unwrap();
    let status = res.status();
    let body = body_text(res).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("NothingSelected"), "{body}");
}
