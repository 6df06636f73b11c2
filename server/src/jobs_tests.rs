//! Bulk jobs through the router with the real worker running: count, start, progress until
//! done, the report download, and who may do what.
use crate::access_policy::qs;
use crate::test_app::{body_text, page, server_fn_call, Caller, TestApp};
use app::api::*;
use app::db::users;
use app::model::job::{BulkActionKind, BulkSelection, JobStatus, JobView, SelectionCount};
use app::model::user_list::{UserListQuery, UserStatus};
use axum::http::StatusCode;
use leptos::server_fn::ServerFn;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::time::Duration;

#[tokio::test]
async fn a_bulk_delete_runs_in_the_background_and_reports_the_owner_it_refused() {
    let test = TestApp::new().await;
    let ids = test.callers().await;
    let db = &test.state.db;
    for i in 0..5 {
        app::testing::insert_user(db, &format!("gone-{i}@bulk.test"), UserStatus::Inactive).await;
    }
    // The callers' user owns their client: it must survive a delete of everyone inactive.
    let owner = users::Entity::find_by_id(ids.user)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let mut owner: users::ActiveModel = owner.into();
    owner.status = sea_orm::Set(UserStatus::Inactive);
    sea_orm::ActiveModelTrait::update(owner, db).await.unwrap();
    let cli = app::service::audit::Actor::cli();
    app::service::associations::associate_user(db, ids.client, ids.user, true, &[], &cli)
        .await
        .unwrap();
    tokio::spawn(app::service::jobs::worker::run(
        db.clone(),
        test.state.events.clone(),
    ));

    let admin = test.cookie(Caller::Administrator, &ids).await;
    let support = test.cookie(Caller::Support, &ids).await;
    let call = |path: &'static str, body: String, cookie: Option<String>| {
        let router = test.router.clone();
        async move {
            let res =
                tower::ServiceExt::oneshot(router, server_fn_call(path, body, cookie.as_deref()))
                    .await
                    .unwrap();
            (res.status(), body_text(res).await)
        }
    };
    let inactive = BulkSelection {
        all_matching: true,
        query: UserListQuery {
            status: Some(UserStatus::Inactive),
            ..Default::default()
        },
        picked: vec![],
    };
    let (status, body) = call(
        CountBulkSelection::PATH,
        qs(&CountBulkSelection {
            selection: inactive.clone(),
        }),
        admin.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let counted: SelectionCount = serde_json::from_str(&body).unwrap();
    assert_eq!(counted.count, 6, "{body}");
    let start = |action| StartBulkJob {
        action,
        client: None,
        permissions: vec![],
        selection: inactive.clone(),
        chosen_at: counted.chosen_at,
    };
    // View users is not enough to start a job.
    let (status, _) = call(
        StartBulkJob::PATH,
        qs(&start(BulkActionKind::Delete)),
        support.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    let (status, body) = call(
        StartBulkJob::PATH,
        qs(&start(BulkActionKind::Delete)),
        admin.clone(),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");

    let mut job = None;
    for _ in 0..100 {
        let (status, body) = call(RecentJobs::PATH, qs(&RecentJobs {}), support.clone()).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let jobs: Vec<JobView> = serde_json::from_str(&body).unwrap();
        if let Some(j) = jobs.into_iter().find(|j| !j.status.is_open()) {
            job = Some(j);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let job = job.expect("the job finished");
    assert_eq!(
        (job.status, job.total, job.changed, job.failed),
        (JobStatus::Done, 6, 5, 1)
    );
    let left = users::Entity::find()
        .filter(users::Column::Status.eq(UserStatus::Inactive))
        .count(db)
        .await
        .unwrap();
    assert_eq!(left, 1, "only the owner is left");

    let report = format!("/admin/jobs/{}/report.csv", job.id);
    let res = test.send(page(&report, support.as_deref())).await;
    assert_eq!(res.status(), StatusCode::OK);
    let csv = body_text(res).await;
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(lines[0].starts_with("User ID,User,Outcome,Reason"), "{csv}");
    assert!(
        lines[1].starts_with(&ids.user.to_string()) && lines[1].contains("refused"),
        "{csv}"
    );
    let res = test.send(page(&report, None)).await;
    assert_eq!(
        res.status(),
        StatusCode::SEE_OTHER,
        "signed out: to the sign-in page"
    );
    let missing = format!("/admin/jobs/{}/report.csv", uuid::Uuid::now_v7());
    assert_eq!(
        test.send(page(&missing, admin.as_deref())).await.status(),
        StatusCode::NOT_FOUND
    );

    // A finished job cannot be cancelled.
    let (status, body) = call(
        CancelBulkJob::PATH,
        qs(&CancelBulkJob { id: job.id }),
        admin,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert!(body.contains("JobFinished"), "{body}");
}

/// A multipart form post with one file, as the browser sends the upload form.
fn upload(csv: &str, cookie: Option<&str>) -> axum::http::Request<axum::body::Body> {
    let boundary = "roster-test-boundary";
    let body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"users.csv\"\r\n\
         Content-Type: text/csv\r\n\r\n{csv}\r\n--{boundary}--\r\n"
    );
    let mut req = axum::http::Request::post("/admin/users/import")
        .header(axum::http::header::HOST, "127.0.0.1:3000")
        .header(axum::http::header::ORIGIN, "http://127.0.0.1:3000")
        .header(
            axum::http::header::CONTENT_TYPE,
            format!("multipart/form-data; boundary={boundary}"),
        );
    if let Some(cookie) = cookie {
        req = req.header(axum::http::header::COOKIE, cookie);
    }
    req.body(axum::body::Body::from(body)).unwrap()
}

#[tokio::test]
async fn an_upload_becomes_an_import_for_those_who_may_import() {
    let test = TestApp::new().await;
    let ids = test.callers().await;
    let csv = "Email Address,First Name,Last Name\nann@up.test,Ann,Lee\n";
    let res = test.send(upload(csv, None)).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "signed out");
    let support = test.cookie(Caller::Support, &ids).await;
    assert_eq!(
        test.send(upload(csv, support.as_deref())).await.status(),
        StatusCode::FORBIDDEN
    );

    let admin = test.cookie(Caller::Administrator, &ids).await;
    let res = test.send(upload(csv, admin.as_deref())).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = res.headers()[axum::http::header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    let id: uuid::Uuid = to
        .strip_prefix("/admin/users/import/")
        .unwrap()
        .parse()
        .unwrap();
    let view = app::service::import::view(&test.state.db, id)
        .await
        .unwrap();
    assert_eq!((view.rows, view.header.len()), (1, 3));

    // Its check, queued, is cancelled by those who may import, not by others.
    let cli = app::service::audit::Actor::cli();
    let check = app::service::import::check(&test.state.db, id, view.mapping, false, &cli)
        .await
        .unwrap();
    let cancel = |cookie: Option<String>| {
        let request = server_fn_call(
            CancelBulkJob::PATH,
            qs(&CancelBulkJob { id: check }),
            cookie.as_deref(),
        );
        test.send(request)
    };
    assert_eq!(
        cancel(support.clone()).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(cancel(admin.clone()).await.status(), StatusCode::OK);
    let job = app::service::jobs::find(&test.state.db, check)
        .await
        .unwrap();
    assert_eq!(job.status, JobStatus::Cancelled);

    // A file with a header only comes back to the upload page, saying why.
    let res = test.send(upload("email\n", admin.as_deref())).await;
    let to = res.headers()[axum::http::header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        to.starts_with("/admin/users/import?error=The+file+has+no+rows"),
        "{to}"
    );
    // Bigger than any other form may be: a 2 MB file is taken.
    let mut big = String::from("email\n");
    while big.len() < 2 * 1024 * 1024 {
        big.push_str(&format!("user{}@big.test\n", big.len()));
    }
    let res = test.send(upload(&big, admin.as_deref())).await;
    let to = res.headers()[axum::http::header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(to.starts_with("/admin/users/import/"), "{to}");
}
