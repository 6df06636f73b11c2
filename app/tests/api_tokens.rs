//! API tokens on SQLite and PostgreSQL: shown once and kept only as a hash, scopes within the
//! owner's role, and every request re-checked: expiry, revocation, a disabled owner and a role
//! that lost a permission all take effect on the next request.
mod staff_common;

use app::auth::guard::load_staff;
use app::clock::ManualClock;
use app::db::{api_tokens as tokens, audit_log};
use app::engine_tests;
use app::model::api_token::ApiScope;
use app::model::messages::Message;
use app::model::{Permission, RoleForm};
use app::service::api_tokens::{self, NewToken};
use app::service::audit::Actor;
use app::service::{roles, staff_admin, ServiceError};
use app::testing::{now, TestDb};
use chrono::Duration;
use sea_orm::EntityTrait;
use sha2::{Digest, Sha256};
use staff_common::{acting, member};
use std::sync::Arc;

fn new(scopes: &[ApiScope], days: Option<i64>) -> NewToken {
    NewToken {
        name: "billing sync".into(),
        scopes: scopes.to_vec(),
        lifetime_days: days,
    }
}

fn not_signed_in<T: std::fmt::Debug>(result: Result<T, ServiceError>, why: &str) {
    assert!(
        matches!(result, Err(ServiceError::NotSignedIn)),
        "{why}: {result:?}"
    );
}

engine_tests!(a_token_is_shown_once_and_only_its_hash_is_kept);
async fn a_token_is_shown_once_and_only_its_hash_is_kept(t: TestDb) {
    let (db, e) = (&t.db, t.engine);
    let id = member(&t, "ann@roster.test", "Administrator").await;
    let owner = load_staff(db, id).await.unwrap().unwrap();
    let (row, token) =
        api_tokens::create(db, &owner, new(&[ApiScope::UsersRead], None), &acting(id))
            .await
            .unwrap();
    assert!(
        token.starts_with("rst_") && token.len() == 47,
        "{e}: {token}"
    );
    assert_eq!(row.prefix, token[..10], "{e}");
    let stored = tokens::Entity::find_by_id(row.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        stored.token_hash,
        Sha256::digest(token.as_bytes()).to_vec(),
        "{e}"
    );
    let secret = &token[10..];
    assert!(
        !format!("{stored:?}").contains(secret),
        "{e}: the token is on file"
    );
    for entry in audit_log::Entity::find().all(db).await.unwrap() {
        assert!(
            !format!("{entry:?}").contains(secret),
            "{e}: the token is audited"
        );
    }
    let listed = api_tokens::list(db, id).await.unwrap();
    assert_eq!(listed, vec![row.clone()], "{e}");

    let caller = api_tokens::authenticate(db, &token, Some("198.51.100.7"))
        .await
        .unwrap();
    assert_eq!((caller.token_id, caller.staff.id), (row.id, id), "{e}");
    assert_eq!(caller.scopes, vec![ApiScope::UsersRead], "{e}");
    assert!(
        caller.may(ApiScope::UsersRead, Permission::UsersView),
        "{e}"
    );
    assert!(
        !caller.may(ApiScope::UsersWrite, Permission::UsersEdit),
        "{e}"
    );
    let used = &api_tokens::list(db, id).await.unwrap()[0];
    assert_eq!(used.last_used_ip.as_deref(), Some("198.51.100.7"), "{e}");
    assert!(used.last_used_at.is_some(), "{e}");

    let mut wrong = token.clone();
    wrong.replace_range(20..21, if &token[20..21] == "A" { "B" } else { "A" });
    not_signed_in(
        api_tokens::authenticate(db, &wrong, None).await,
        "a changed token",
    );
    not_signed_in(api_tokens::authenticate(db, "", None).await, "no token");
}

engine_tests!(expiry_and_revocation_take_effect_on_the_next_request);
async fn expiry_and_revocation_take_effect_on_the_next_request(t: TestDb) {
    let clock = Arc::new(ManualClock::at(now()));
    let db = &t.db.clone().with_clock(clock.clone());
    let id = member(&t, "ann@roster.test", "Administrator").await;
    let owner = load_staff(db, id).await.unwrap().unwrap();
    let (_, week) = api_tokens::create(
        db,
        &owner,
        new(&[ApiScope::UsersRead], Some(7)),
        &acting(id),
    )
    .await
    .unwrap();
    let (kept, forever) =
        api_tokens::create(db, &owner, new(&[ApiScope::UsersRead], None), &acting(id))
            .await
            .unwrap();
    clock.advance(Duration::days(7) - Duration::seconds(1));
    assert!(api_tokens::authenticate(db, &week, None).await.is_ok());
    clock.advance(Duration::seconds(1));
    not_signed_in(api_tokens::authenticate(db, &week, None).await, "expired");
    assert!(api_tokens::authenticate(db, &forever, None).await.is_ok());

    // Someone else's token is not theirs to revoke; the owner's revocation counts at once.
    let other = member(&t, "bob@roster.test", "Administrator").await;
    let refused = api_tokens::revoke(db, kept.id, Some(other), &acting(other)).await;
    assert!(
        matches!(refused, Err(ServiceError::NotFound)),
        "{refused:?}"
    );
    api_tokens::revoke(db, kept.id, Some(id), &acting(id))
        .await
        .unwrap();
    not_signed_in(
        api_tokens::authenticate(db, &forever, None).await,
        "revoked",
    );
    let listed = api_tokens::list(db, id).await.unwrap();
    assert!(listed
        .iter()
        .any(|r| r.id == kept.id && r.revoked_at.is_some()));
}

engine_tests!(a_token_loses_what_its_owner_loses);
async fn a_token_loses_what_its_owner_loses(t: TestDb) {
    let db = &t.db;
    let form = |permissions: Vec<Permission>| RoleForm {
        name: "Auditors".into(),
        permissions,
    };
    let role = roles::create_role(
        db,
        &form(vec![Permission::UsersView, Permission::AuditView]),
        &Actor::cli(),
    )
    .await
    .unwrap();
    let id = member(&t, "amy@roster.test", "Auditors").await;
    let owner = load_staff(db, id).await.unwrap().unwrap();
    let scopes = api_tokens::grantable(&owner);
    assert_eq!(scopes, vec![ApiScope::UsersRead, ApiScope::AuditRead]);
    let (_, token) = api_tokens::create(db, &owner, new(&scopes, None), &acting(id))
        .await
        .unwrap();

    // The role loses "View activity": the token's audit:read does nothing from now on.
    roles::update_role(
        db,
        role,
        1,
        &form(vec![Permission::UsersView]),
        &Actor::cli(),
    )
    .await
    .unwrap();
    let caller = api_tokens::authenticate(db, &token, None).await.unwrap();
    assert_eq!(caller.scopes, vec![ApiScope::UsersRead]);
    assert!(!caller.may(ApiScope::AuditRead, Permission::AuditView));

    // A disabled owner's tokens stop working.
    staff_admin::set_disabled(db, id, true, &Actor::cli())
        .await
        .unwrap();
    not_signed_in(
        api_tokens::authenticate(db, &token, None).await,
        "owner disabled",
    );
}

engine_tests!(what_a_token_may_carry_is_checked_when_it_is_made);
async fn what_a_token_may_carry_is_checked_when_it_is_made(t: TestDb) {
    let db = &t.db;
    let id = member(&t, "sue@roster.test", "Support").await;
    let owner = load_staff(db, id).await.unwrap().unwrap();
    let refusal = |result: Result<_, ServiceError>| match result {
        Err(ServiceError::Validation { message, .. }) => message,
        other => panic!("not refused: {other:?}"),
    };
    let actor = acting(id);
    let make = |new: NewToken| api_tokens::create(db, &owner, new, &actor);
    assert_eq!(
        refusal(make(new(&[ApiScope::UsersRead, ApiScope::UsersWrite], None)).await),
        Message::ScopeNotAllowed("users:write".into())
    );
    assert_eq!(refusal(make(new(&[], None)).await), Message::ScopesMissing);
    assert_eq!(
        refusal(make(new(&[ApiScope::UsersRead], Some(0))).await),
        Message::TokenLifetime(3650)
    );
    let unnamed = NewToken {
        name: "  ".into(),
        ..new(&[ApiScope::UsersRead], None)
    };
    assert_eq!(refusal(make(unnamed).await), Message::TokenNameLength(100));
    assert!(api_tokens::list(db, id).await.unwrap().is_empty());
}
