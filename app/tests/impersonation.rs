//! "Sign in as user" on SQLite and PostgreSQL: a reason is required and recorded, INACTIVE
//! users are refused, the session is the user's with the staff member named, what is done in
//! it is audited with both names, it appears in the user's sessions and sign-in history, and
//! it ends at 30 minutes whatever the activity (a manual clock).
mod mail_common;

use app::auth::session::{self, Device, Impersonator, Kind, SessionPolicy};
use app::clock::ManualClock;
use app::db::audit_log;
use app::engine_tests;
use app::model::account::{Profile, SignInOutcome};
use app::model::messages::Message;
use app::model::user_list::UserStatus;
use app::service::audit::{Actor, ActorKind};
use app::service::{account, impersonation, sign_in_history, user_sessions, ServiceError};
use app::testing::{self as support, now, TestDb};
use chrono::Duration;
use mail_common::staff;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use std::sync::Arc;

const CHROME: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

fn device() -> Device {
    Device::new(Some("198.51.100.9".into()), Some(CHROME))
}

fn refusal(result: Result<session::Session, ServiceError>) -> Message {
    match result {
        Err(ServiceError::Validation { message, .. }) => message,
        other => panic!("not refused as invalid: {other:?}"),
    }
}

engine_tests!(a_reason_is_required_and_inactive_users_are_refused);
async fn a_reason_is_required_and_inactive_users_are_refused(t: TestDb) {
    let (db, e) = (&t.db, t.engine);
    let ann = support::insert_user(db, "ann@x.test", UserStatus::Active).await;
    let off = support::insert_user(db, "off@x.test", UserStatus::Inactive).await;
    let sam = staff();
    let by = Impersonator {
        id: sam.id.unwrap(),
        name: sam.label.clone(),
    };
    let start = |id, reason: String| {
        let (by, sam) = (by.clone(), sam.clone());
        async move { impersonation::start(db, id, &by, &reason, &device(), &sam).await }
    };
    assert_eq!(
        refusal(start(ann, "  ".into()).await),
        Message::ReasonMissing,
        "{e}"
    );
    assert_eq!(
        refusal(start(ann, "x".repeat(501)).await),
        Message::ReasonTooLong(500),
        "{e}"
    );
    assert_eq!(
        refusal(start(off, "ticket 7".into()).await),
        Message::InactiveUser,
        "{e}"
    );
    assert!(
        matches!(
            start(uuid::Uuid::now_v7(), "ticket 7".into()).await,
            Err(ServiceError::NotFound)
        ),
        "{e}"
    );
    let policy = SessionPolicy::default();
    for id in [ann, off] {
        let open = user_sessions::list(db, &policy, id, None, now())
            .await
            .unwrap();
        assert!(open.is_empty(), "{e}: a refusal opens no session");
    }
}

engine_tests!(the_session_names_both_and_is_in_the_users_history_and_sessions);
async fn the_session_names_both_and_is_in_the_users_history_and_sessions(t: TestDb) {
    let (db, e, policy) = (&t.db, t.engine, SessionPolicy::default());
    let ann = support::insert_user(db, "ann@x.test", UserStatus::New).await;
    let sam = Actor {
        ip: Some("198.51.100.9".into()),
        ..staff()
    };
    let by = Impersonator {
        id: sam.id.unwrap(),
        name: "Sam".into(),
    };
    let reason = "ticket 4512: cannot find the invoice";
    let opened = impersonation::start(db, ann, &by, &format!(" {reason} "), &device(), &sam)
        .await
        .unwrap();
    let loaded = session::load(db, &policy, Kind::User, &opened.token, now())
        .await
        .unwrap()
        .expect("a live user session");
    assert_eq!(
        (loaded.subject_id, loaded.impersonator.clone()),
        (ann, Some(by.clone())),
        "{e}"
    );
    let listed = user_sessions::list(db, &policy, ann, None, now())
        .await
        .unwrap();
    assert_eq!(listed.len(), 1, "{e}");
    assert_eq!(listed[0].impersonated_by.as_deref(), Some("Sam"), "{e}");

    // A change made in the session names the staff member acting as the user.
    let user = app::db::users::Entity::find_by_id(ann)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let actor = impersonation::acting_as(&Default::default(), &loaded, &user);
    assert_eq!(actor.kind, ActorKind::Staff, "{e}");
    assert_eq!(actor.id, Some(by.id), "{e}");
    let profile = Profile {
        first_name: "Ann".into(),
        last_name: "Lee".into(),
        language: "en".into(),
    };
    account::update_profile(db, ann, profile, &actor, now())
        .await
        .unwrap();
    let entries = audit_log::Entity::find()
        .filter(audit_log::Column::TargetId.eq(ann.to_string()))
        .order_by_asc(audit_log::Column::At)
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await
        .unwrap();
    let edit = entries.iter().find(|e| e.action == "user.update").unwrap();
    assert_eq!(edit.actor_label, "Sam as U ann@x.test <ann@x.test>", "{e}");
    let started = entries
        .iter()
        .find(|e| e.action == "user.impersonation_start")
        .unwrap();
    assert!(started.changes.contains(reason), "{e}: {}", started.changes);
    assert_eq!(started.ip.as_deref(), Some("198.51.100.9"), "{e}");
    // Signing in as the user is not the user signing in: a NEW user stays NEW.
    assert_eq!(user.status, UserStatus::New, "{e}");

    impersonation::end(db, &loaded, &user, &sam).await.unwrap();
    let gone = session::load(db, &policy, Kind::User, &opened.token, now())
        .await
        .unwrap();
    assert!(gone.is_none(), "{e}: returning to the console ends it");
    let history = sign_in_history::of_user(db, ann).await.unwrap();
    let outcomes: Vec<&SignInOutcome> = history.iter().map(|a| &a.outcome).collect();
    assert_eq!(
        outcomes,
        [
            &SignInOutcome::ImpersonationEnded { by: "Sam".into() },
            &SignInOutcome::ImpersonationStarted {
                by: "Sam".into(),
                reason: reason.into()
            },
        ],
        "{e}: newest first"
    );
    assert_eq!(history[1].device.as_deref(), Some("Chrome on Linux"), "{e}");
    assert_eq!(history[1].ip.as_deref(), Some("198.51.100.9"), "{e}");
    let for_ann = history[1].clone().for_the_user();
    assert_eq!(
        for_ann.outcome,
        SignInOutcome::ImpersonationStarted {
            by: "Sam".into(),
            reason: String::new()
        },
        "{e}: staff's reason stays with staff"
    );
}

engine_tests!(the_session_ends_at_thirty_minutes_however_active);
async fn the_session_ends_at_thirty_minutes_however_active(t: TestDb) {
    let clock = Arc::new(ManualClock::at(now()));
    let db = &t.db.clone().with_clock(clock.clone());
    let (e, policy) = (t.engine, &SessionPolicy::default());
    let ann = support::insert_user(db, "ann@x.test", UserStatus::Active).await;
    let sam = staff();
    let by = Impersonator {
        id: sam.id.unwrap(),
        name: "Sam".into(),
    };
    let opened = impersonation::start(db, ann, &by, "ticket 9", &device(), &sam)
        .await
        .unwrap();
    let own = session::create(
        db,
        Kind::User,
        ann,
        session::Stage::Full,
        &device(),
        db.now(),
    )
    .await
    .unwrap();
    assert_eq!(
        opened.hard_end(),
        Some(db.now() + Duration::minutes(30)),
        "{e}"
    );
    assert_eq!(own.hard_end(), None, "{e}");
    let alive = |token: String| async move {
        session::load(db, policy, Kind::User, &token, db.now())
            .await
            .unwrap()
            .is_some()
    };
    // Busy every ten minutes: never idle, yet over at 30.
    for _ in 0..2 {
        clock.advance(Duration::minutes(10));
        assert!(alive(opened.token.clone()).await, "{e}");
        assert!(alive(own.token.clone()).await, "{e}");
    }
    clock.advance(Duration::minutes(9) + Duration::seconds(59));
    assert!(alive(opened.token.clone()).await, "{e}: 29:59 in");
    let listed = user_sessions::list(db, policy, ann, None, db.now())
        .await
        .unwrap();
    assert_eq!(listed.len(), 2, "{e}");
    clock.advance(Duration::seconds(2));
    assert!(
        !alive(opened.token.clone()).await,
        "{e}: over at 30 minutes"
    );
    assert!(
        alive(own.token.clone()).await,
        "{e}: the user's own session goes on"
    );
    let listed = user_sessions::list(db, policy, ann, None, db.now())
        .await
        .unwrap();
    assert_eq!(listed.len(), 1, "{e}");
    assert_eq!(listed[0].impersonated_by, None, "{e}");
}
