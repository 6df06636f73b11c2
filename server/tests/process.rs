//! The server as a process, on SQLite and PostgreSQL: SIGTERM drains requests in flight and
//! refuses new connections before exiting cleanly; `kill -9` in the middle of a write burst
//! loses no acknowledged write and leaves no half-written user.
mod support;

use app::db::{audit_log, users};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::time::{Duration, Instant};
use support::{admin_cookie, free_port, post, signal, start, tempdir};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sigterm_finishes_requests_in_flight_then_stops() {
    for t in app::testing::engines().await {
        let e = t.engine;
        let dir = tempdir();
        let mut server = start(&t, &dir, free_port()).await;
        let cookie = admin_cookie(&t).await;
        // An open live feed must not hold the shutdown up.
        let feed = reqwest::Client::new()
            .get(format!("{}/api/live", server.base))
            .header("cookie", &cookie)
            .send()
            .await
            .unwrap();
        assert!(feed.status().is_success(), "{e}");

        // Sign-ins queue behind one password hash at a time: work in flight for a while.
        let path = <app::api::UserSignIn as leptos::server_fn::ServerFn>::PATH;
        let in_flight: Vec<_> = (0..16)
            .map(|i| {
                let body = format!("email=nobody{i}%40x.test&password=a+wrong+password");
                let req = post(&server.base, path, body, None);
                tokio::spawn(async move { (req.send().await, Instant::now()) })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(150)).await;
        let stopping = Instant::now();
        signal(&server, "TERM");
        tokio::time::sleep(Duration::from_millis(100)).await;
        let refused = reqwest::get(format!("{}/healthz", server.base)).await;
        assert!(
            refused.is_err(),
            "{e}: a new connection after SIGTERM is refused"
        );

        let mut after_signal = 0;
        for request in in_flight {
            let (res, at) = request.await.unwrap();
            let res = res.expect("an answer, not a dropped connection");
            let status = res.status().as_u16();
            assert!(matches!(status, 401 | 429), "{e}: {status}");
            after_signal += usize::from(at > stopping);
        }
        assert!(
            after_signal > 0,
            "{e}: some requests were still running at SIGTERM"
        );
        let exit = tokio::task::spawn_blocking(move || {
            let status = server.child.wait().unwrap();
            let mut log = String::new();
            std::io::Read::read_to_string(server.child.stderr.as_mut().unwrap(), &mut log).unwrap();
            (status, log)
        })
        .await
        .unwrap();
        assert!(exit.0.success(), "{e}: exit status {:?}", exit.0);
        assert!(
            stopping.elapsed() < Duration::from_secs(20),
            "{e}: took {:?}",
            stopping.elapsed()
        );
        assert!(exit.1.contains("database closed"), "{e}: {}", exit.1);
        let _ = std::fs::remove_dir_all(dir);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn kill_9_during_a_write_burst_loses_no_acknowledged_write() {
    for t in app::testing::engines().await {
        let e = t.engine;
        let dir = tempdir();
        let port = free_port();
        let server = start(&t, &dir, port).await;
        let cookie = admin_cookie(&t).await;
        let path = <app::api::CreateUser as leptos::server_fn::ServerFn>::PATH;
        let writers: Vec<_> = (0..4)
            .map(|w| {
                let (base, cookie) = (server.base.clone(), cookie.clone());
                tokio::spawn(async move {
                    let mut acknowledged = Vec::new();
                    for i in 0.. {
                        let email = format!("crash-{w}-{i}@x.test");
                        let form = app::model::user_form::UserForm {
                            email: email.clone(),
                            password: "a long enough password 42".into(),
                            first_name: "Crash".into(),
                            last_name: format!("Test{i}"),
                            ..Default::default()
                        };
                        let body = serde_qs::to_string(&app::api::CreateUser { form }).unwrap();
                        match post(&base, path, body, Some(&cookie)).send().await {
                            Ok(res) if res.status().is_success() => acknowledged.push(email),
                            Ok(res) => panic!("refused: {}", res.status()),
                            Err(_) => return acknowledged, // the server died
                        }
                    }
                    acknowledged
                })
            })
            .collect();
        tokio::time::sleep(Duration::from_millis(1500)).await;
        drop(server); // SIGKILL
        let mut acknowledged = Vec::new();
        for w in writers {
            acknowledged.extend(w.await.unwrap());
        }
        assert!(
            acknowledged.len() >= 4,
            "{e}: the burst wrote ({})",
            acknowledged.len()
        );

        let _restarted = start(&t, &dir, port).await;
        let db = &t.db;
        for email in &acknowledged {
            let user = users::Entity::find()
                .filter(users::Column::Email.eq(email.as_str()))
                .one(db)
                .await
                .unwrap();
            assert!(user.is_some(), "{e}: acknowledged {email} is missing");
        }
        // No half-written user: every row is whole and was audited with it.
        let all = users::Entity::find().all(db).await.unwrap();
        for user in &all {
            assert!(
                user.first_name == "Crash" && user.password_hash.starts_with("$argon2id$"),
                "{e}"
            );
        }
        let audited = audit_log::Entity::find()
            .filter(audit_log::Column::Action.eq("user.create"))
            .count(db)
            .await
            .unwrap();
        assert_eq!(
            audited,
            all.len() as u64,
            "{e}: one audit entry per user written"
        );
        if e == "sqlite" {
            let check = db
                .query_one(sea_orm::Statement::from_string(
                    db.get_database_backend(),
                    "PRAGMA integrity_check",
                ))
                .await
                .unwrap()
                .unwrap();
            assert_eq!(check.try_get_by_index::<String>(0).unwrap(), "ok");
        }
        let _ = std::fs::remove_dir_all(dir);
    }
}
