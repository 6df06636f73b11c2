//! Secrets never leave the server: with a user whose password, TOTP secret and recovery codes
//! are known markers, every page and every server function an Administrator can reach (and
//! the user's own account) answers without them, without any argon2 hash or encrypted secret,
//! and the server's log lines carry none of them either.
use crate::access_policy::{qs, server_fn_policy};
use crate::page_policy::page_policy;
use crate::test_app::{body_text, page, server_fn_call, Caller, TestApp};
use app::api::*;
use app::db::{user_recovery_codes, users};
use app::model::user_list::UserListQuery;
use app::service::{audit::Actor, user_sign_in};
use base64::{engine::general_purpose::STANDARD, Engine as _};
use leptos::server_fn::ServerFn;
use sea_orm::{ActiveModelTrait, EntityTrait, Set};
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

const PASSWORD: &str = "MARKER-password-7f3a9c";

/// Everything a response or log line must not contain, once the user is enrolled.
async fn forbidden_texts(app: &TestApp, user: uuid::Uuid) -> Vec<String> {
    let (db, secrets) = (&app.state.db, &app.state.secrets);
    let enrolment = user_sign_in::enrolment(db, secrets, user).await.unwrap();
    let secret = app::auth::totp::from_base32(&enrolment.secret_base32).unwrap();
    let code = app::auth::totp::code_at(&secret, db.now().timestamp() as u64).unwrap();
    let codes = user_sign_in::confirm_enrolment(db, secrets, user, &code, db.now(), &Actor::cli())
        .await
        .unwrap();
    let stored = users::Entity::find_by_id(user)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let sealed = stored.totp_secret_enc.unwrap();
    let mut texts = vec![
        PASSWORD.to_owned(),
        "$argon2".to_owned(),
        enrolment.secret_base32.clone(),
        hex::encode(&sealed),
        STANDARD.encode(&sealed),
        format!("{:?}", &sealed[..8]).replace(' ', ""),
        stored.password_hash.clone(),
    ];
    texts.extend(codes);
    for code in user_recovery_codes::Entity::find().all(db).await.unwrap() {
        texts.push(code.code_hash);
    }
    texts
}

/// Collects the log lines written while it is the thread's subscriber.
#[derive(Clone, Default)]
struct LogBuffer(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogBuffer {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn no_page_answer_or_log_line_carries_a_secret() {
    let logs = LogBuffer::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_env_filter("debug,sqlx=warn")
        .with_writer(move || writer.clone())
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let app = TestApp::new().await;
    let ids = app.callers().await;
    let mut user: users::ActiveModel = users::Entity::find_by_id(ids.user)
        .one(&app.state.db)
        .await
        .unwrap()
        .unwrap()
        .into();
    user.password_hash = Set(app.state.hasher.hash(PASSWORD.into()).await.unwrap());
    user.update(&app.state.db).await.unwrap();
    let forbidden = forbidden_texts(&app, ids.user).await;

    // What staff and the user can reach, with ids that name the marked user and a client.
    let mut calls: Vec<(Caller, String, String)> = server_fn_policy()
        .into_iter()
        .map(|(path, body, _)| (Caller::Administrator, path.to_owned(), body))
        .collect();
    let user_id = ids.user;
    for (path, body) in [
        (
            ListUsers::PATH,
            qs(&ListUsers {
                query: UserListQuery {
                    q: "user@x.test".into(),
                    ..Default::default()
                },
            }),
        ),
        (UserForEdit::PATH, qs(&UserForEdit { id: user_id })),
        (UserClientsOf::PATH, qs(&UserClientsOf { id: user_id })),
        (
            UserClientsForDelete::PATH,
            qs(&UserClientsForDelete { id: user_id }),
        ),
        (LoadClient::PATH, qs(&LoadClient { id: ids.client })),
        (
            PickUsers::PATH,
            qs(&PickUsers {
                id: ids.client,
                term: "user".into(),
            }),
        ),
    ] {
        calls.push((Caller::Administrator, path.to_owned(), body));
    }
    calls.push((Caller::User, MyAccount::PATH.to_owned(), qs(&MyAccount {})));

    let mut leaks = Vec::new();
    for (caller, path, body) in calls {
        let cookie = app.cookie(caller, &ids).await;
        let res = app
            .router
            .clone()
            .oneshot(server_fn_call(&path, body, cookie.as_deref()))
            .await
            .unwrap();
        let text = body_text(res).await;
        leaks.extend(found(&forbidden, &format!("{path} as {caller:?}"), &text));
    }
    let mut pages: Vec<(Caller, String)> = page_policy(ids.client)
        .into_iter()
        .filter(|(path, _)| path != "/api/live")
        .flat_map(|(path, _)| [(Caller::Administrator, path.clone()), (Caller::User, path)])
        .collect();
    pages.push((Caller::Administrator, "/admin/users?q=user%40x.test".into()));
    pages.push((
        Caller::Administrator,
        format!("/admin/activity?target={}", ids.user),
    ));
    for (caller, path) in pages {
        let cookie = app.cookie(caller, &ids).await;
        let res = app
            .router
            .clone()
            .oneshot(page(&path, cookie.as_deref()))
            .await
            .unwrap();
        let text = body_text(res).await;
        assert!(
            !text.is_empty() || path.starts_with("/admin"),
            "{path}: a page"
        );
        leaks.extend(found(
            &forbidden,
            &format!("GET {path} as {caller:?}"),
            &text,
        ));
    }
    let logged = String::from_utf8_lossy(&logs.0.lock().unwrap()).into_owned();
    assert!(
        logged.contains("sign-in refused"),
        "the log was captured: {logged}"
    );
    leaks.extend(found(&forbidden, "the log", &logged));
    assert!(leaks.is_empty(), "{}", leaks.join("\n"));
}

fn found(forbidden: &[String], place: &str, text: &str) -> Vec<String> {
    forbidden
        .iter()
        .filter(|secret| text.contains(secret.as_str()))
        .map(|secret| format!("{place} contains {secret:?}"))
        .collect()
}
