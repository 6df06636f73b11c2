//! Hostile text is data: quotes, LIKE wildcards, backslashes, markup, emoji and right-to-left
//! script go in through the services, come back unchanged, are found by search as themselves
//! only, and render as text in the console's HTML.
use crate::access_policy::qs;
use crate::test_app::{body_text, page, server_fn_call, Caller, TestApp};
use app::api::*;
use app::model::user_form::{EditUser, UserForm};
use app::model::user_list::{Total, UserListQuery};
use app::service::{audit::Actor, user_list::list_users, users::create_user};
use leptos::server_fn::ServerFn;
use tower::ServiceExt;

const HOSTILE: [&str; 8] = [
    "O'Brien",
    "say \"hi\"",
    "100% sure",
    "snake_case_",
    "back\\slash",
    "<script>alert(1)</script>",
    "Zoë 🙂",
    "שלום עולם",
];

#[tokio::test]
async fn hostile_text_round_trips_searches_and_renders_as_text() {
    let app = TestApp::new().await;
    let ids = app.callers().await;
    let (db, hasher) = (&app.state.db, &app.state.hasher);
    let admin = app.cookie(Caller::Administrator, &ids).await;
    let mut created = Vec::new();
    for (i, text) in HOSTILE.iter().enumerate() {
        let form = UserForm {
            email: format!("hostile{i}@x.test"),
            password: "a long enough password 42".into(),
            first_name: (*text).into(),
            last_name: "Test".into(),
            admin_notes: HOSTILE.join(" | "),
            ..Default::default()
        };
        let id = create_user(db, hasher, form, &Actor::cli())
            .await
            .unwrap_or_else(|e| panic!("{text}: {e:?}"));
        created.push(id);
    }

    for (id, text) in created.iter().zip(HOSTILE) {
        // Unchanged through the server function, as the Edit User form receives it.
        let call = server_fn_call(
            UserForEdit::PATH,
            qs(&UserForEdit { id: *id }),
            admin.as_deref(),
        );
        let res = app.router.clone().oneshot(call).await.unwrap();
        let user: EditUser = serde_json::from_str(&body_text(res).await).unwrap();
        assert_eq!(user.form.first_name, text);
        assert_eq!(user.form.admin_notes, HOSTILE.join(" | "));

        // Found as itself, and only itself: no wildcard or quote escapes the term.
        let query = UserListQuery {
            q: text.into(),
            ..Default::default()
        };
        let found = list_users(db, &query).await.unwrap();
        assert_eq!(found.total, Total::Exact(1), "{text}");
        assert_eq!(found.rows[0].id, *id, "{text}");
    }

    let res = app
        .router
        .clone()
        .oneshot(page("/admin/users", admin.as_deref()))
        .await
        .unwrap();
    let html = body_text(res).await;
    assert!(
        !html.contains("<script>alert(1)"),
        "markup in a name never becomes markup"
    );
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
        "it shows as text"
    );
    for text in ["Zoë 🙂", "שלום עולם", "O&#x27;Brien"] {
        assert!(
            html.contains(text) || html.contains(&text.replace("&#x27;", "'")),
            "{text}"
        );
    }
}

/// NUL (U+0000) is the one character no text field can hold (PostgreSQL refuses it): a
/// server function taking it answers "invalid", naming the argument, before anything runs;
/// a page's address holding it is a bad request. Never a 500, on either engine.
#[tokio::test]
async fn nul_is_refused_as_input_naming_the_field() {
    use app::model::messages::Message;
    use app::model::AppError;
    use axum::http::StatusCode;
    let app = TestApp::new().await;
    let ids = app.callers().await;
    let admin = app.cookie(Caller::Administrator, &ids).await;
    let form = UserForm {
        email: "nul@x.test".into(),
        password: "a long enough password 42".into(),
        first_name: "A\u{0}B".into(),
        ..Default::default()
    };
    let list = UserListQuery {
        q: "an\u{0}".into(),
        ..Default::default()
    };
    for (path, body, field) in [
        (CreateUser::PATH, qs(&CreateUser { form }), "first_name"),
        (ListUsers::PATH, qs(&ListUsers { query: list }), "q"),
    ] {
        let call = server_fn_call(path, body, admin.as_deref());
        let res = app.router.clone().oneshot(call).await.unwrap();
        assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        let error: AppError = serde_json::from_str(&body_text(res).await).unwrap();
        assert_eq!(error, AppError::validation(field, Message::NulCharacter));
    }
    let res = app
        .router
        .clone()
        .oneshot(page("/admin/users?q=a%00", admin.as_deref()))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let found = list_users(&app.state.db, &UserListQuery::default())
        .await
        .unwrap();
    assert!(
        found.rows.iter().all(|u| u.email != "nul@x.test"),
        "nothing was created"
    );
}
