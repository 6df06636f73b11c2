//! The users CSV export through the router: who may export, that it holds exactly the rows
//! the list matches in the list's order, the Excel flavour, defused formulas, the audit entry.
use crate::test_app::{body_text, page, Caller, TestApp};
use app::db::{audit_log, users};
use app::model::user_list::{UserListQuery, UserStatus};
use app::model::{Permission, RoleForm};
use app::service::audit::Actor;
use app::service::roles;
use axum::http::{header, StatusCode};
use sea_orm::{ActiveModelTrait, ColumnTrait, EntityTrait, QueryFilter, Set};

#[tokio::test]
async fn an_export_holds_the_lists_rows_for_those_who_may_view_users() {
    let test = TestApp::new().await;
    let ids = test.callers().await;
    let db = &test.state.db;
    for (email, status) in [
        ("off-a@example.com", UserStatus::Inactive),
        ("on@example.com", UserStatus::Active),
        ("off-b@example.com", UserStatus::Inactive),
    ] {
        app::testing::insert_user(db, email, status).await;
    }
    let mut formula: users::ActiveModel = users::Entity::find()
        .filter(users::Column::EmailNorm.eq("off-b@example.com"))
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into();
    formula.first_name = Set("=HYPERLINK(\"http://evil\")".into());
    formula.update(db).await.unwrap();

    let path = "/admin/export/users.csv?status=inactive&sort=email&dir=asc&columns=email,first_name,status";
    // Signed out, the console's gate sends the browser to sign in first.
    let res = test.send(page(path, None)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert!(res.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .starts_with("/admin/login"));
    let form = RoleForm {
        name: "Clients only".into(),
        permissions: vec![Permission::ClientsView],
    };
    roles::create_role(db, &form, &Actor::cli()).await.unwrap();
    let clients_only = test.staff("clients@roster.test", "Clients only").await;
    let session = app::auth::session::create(
        db,
        app::auth::session::Kind::Staff,
        clients_only,
        app::auth::session::Stage::Full,
        &Default::default(),
        db.now(),
    )
    .await
    .unwrap();
    let cookie = format!("{}={}", app::auth::session::STAFF_COOKIE, session.token);
    assert_eq!(
        test.send(page(path, Some(&cookie))).await.status(),
        StatusCode::FORBIDDEN
    );

    let admin = test.cookie(Caller::Administrator, &ids).await;
    let res = test.send(page(path, admin.as_deref())).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers()[header::CONTENT_TYPE],
        "text/csv; charset=utf-8"
    );
    assert!(res.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"users-"));
    let csv = body_text(res).await;
    assert_eq!(
        csv,
        "Email,First name,Status\n\
         off-a@example.com,U,INACTIVE\n\
         off-b@example.com,\"'=HYPERLINK(\"\"http://evil\"\")\",INACTIVE\n"
    );
    // The same rows, in the same order, as the list shows.
    let query = UserListQuery::from_params(|k| match k {
        "status" => Some("inactive".into()),
        "sort" => Some("email".into()),
        "dir" => Some("asc".into()),
        _ => None,
    });
    let listed: Vec<String> = app::service::user_list::list_users(db, &query)
        .await
        .unwrap()
        .rows
        .into_iter()
        .map(|r| r.email)
        .collect();
    assert_eq!(listed, ["off-a@example.com", "off-b@example.com"]);

    // For Excel: a byte-order mark and semicolons.
    let res = test
        .send(page(
            "/admin/export/users.csv?q=on%40example.com&columns=email,status&excel=1",
            admin.as_deref(),
        ))
        .await;
    assert_eq!(
        body_text(res).await,
        "\u{feff}Email;Status\non@example.com;ACTIVE\n"
    );

    let exports = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("users.export"))
        .all(db)
        .await
        .unwrap();
    assert_eq!(
        exports.len(),
        2,
        "each export is audited, the refused ones are not"
    );
    assert!(
        exports[0].changes.contains("\"status\":\"inactive\""),
        "{}",
        exports[0].changes
    );
}

#[tokio::test]
async fn a_clients_export_holds_the_lists_rows_with_their_owners() {
    let test = TestApp::new().await;
    let ids = test.callers().await;
    let db = &test.state.db;
    let zeta = app::testing::insert_client(db, "Zeta Hosting").await;
    app::testing::insert_client(db, "=cmd|' /C calc'!A0").await;
    app::service::associations::associate_user(db, zeta, ids.user, true, &[], &Actor::cli())
        .await
        .unwrap();
    let path =
        "/admin/export/clients.csv?sort=company&dir=desc&columns=company,owner_email,users,status";
    let res = test.send(page(path, None)).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);

    // Billing desk: View clients, so it may export clients.
    let billing = test.cookie(Caller::BillingDesk, &ids).await;
    let res = test.send(page(path, billing.as_deref())).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .starts_with("attachment; filename=\"clients-"));
    assert_eq!(
        body_text(res).await,
        "Company,Owner email,Users,Status\n\
         Zeta Hosting,user@x.test,1,ACTIVE\n\
         Matrix Ltd,,0,ACTIVE\n\
         '=cmd|' /C calc'!A0,,0,ACTIVE\n"
    );
    let entry = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("clients.export"))
        .one(db)
        .await
        .unwrap()
        .expect("audited");
    assert!(entry.changes.contains("owner_email"), "{}", entry.changes);
}

/// Every column of a user in one export line, for a locked user required to set up 2FA.
#[tokio::test]
async fn every_column_of_a_user_is_exported_as_the_list_shows_it() {
    let test = TestApp::new().await;
    let ids = test.callers().await;
    let db = &test.state.db;
    let id = app::testing::insert_user(db, "full@example.com", UserStatus::Active).await;
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc();
    let mut user: users::ActiveModel = users::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into();
    user.first_name = Set("Ann".into());
    user.last_name = Set("Lee".into());
    user.email_verified = Set(true);
    user.phone = Set(Some("+493012345678".into()));
    user.phone_verified = Set(false);
    user.failed_logins = Set(app::service::lockout::LOCK_AFTER);
    user.locked_until = Set(Some(db.now() + chrono::Duration::hours(1)));
    user.two_factor_required = Set(true);
    user.language = Set("de".into());
    user.created_at = Set(at("2025-03-04T05:06:07Z"));
    user.last_login_at = Set(Some(at("2026-01-02T03:04:05Z")));
    user.update(db).await.unwrap();

    let admin = test.cookie(Caller::Administrator, &ids).await;
    let columns = "id,first_name,last_name,email,email_verified,phone,phone_verified,status,\
                   two_factor,clients,language,created,last_sign_in";
    let res = test
        .send(page(
            &format!("/admin/export/users.csv?q=full%40example.com&columns={columns}"),
            admin.as_deref(),
        ))
        .await;
    let csv = body_text(res).await;
    let line = csv.lines().nth(1).unwrap_or_default().to_owned();
    assert_eq!(
        line,
        format!(
            "{id},Ann,Lee,full@example.com,yes,+493012345678,no,ACTIVE (locked),required,0,de,\
             2025-03-04T05:06:07Z,2026-01-02T03:04:05Z"
        ),
        "{csv}"
    );
}
