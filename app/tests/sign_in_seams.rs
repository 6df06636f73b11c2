//! Sign-in at the seams: failures across the password and code steps, staff throttling and
//! locks, sign-ins in the audit trail; as services, on SQLite and PostgreSQL.
use app::auth::password::PasswordHasher;
use app::auth::secret_box::SecretBox;
use app::db::{audit_log, staff as staff_table, users};
use app::engine_tests;
use app::service::audit::{Actor, Origin};
use app::service::staff::{create_staff, unlock_by_email, NewStaff};
use app::service::staff_sign_in::{self, NextStep};
use app::service::user_sign_in::{check_code, check_password, is_locked, SignInPolicy, LOCK_AFTER};
use app::service::users::{load_for_edit, update_user};
use app::service::ServiceError;
use app::testing as support;
use app::testing::now;
use app::testing::TestDb;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};

mod common;

use common::*;

engine_tests!(the_code_step_cannot_be_guessed_forever_with_a_known_password);
async fn the_code_step_cannot_be_guessed_forever_with_a_known_password(t: TestDb) {
    let hasher = PasswordHasher::new(1);
    let secrets = SecretBox::new(&[5u8; 32]);

    let (db, e) = (&t.db, t.engine);
    let id = user(db, &hasher, "ann@x.test").await;
    self_enrol(db, &secrets, id).await;
    // Each round: the right password, then a wrong code; hours apart, so no wait is
    // what stops the next round.
    let mut at = now() + Duration::hours(1);
    for round in 1..=LOCK_AFTER {
        let accepted = password_step(db, &hasher, "ann@x.test", at).await;
        assert!(accepted.is_ok(), "{e}: round {round}: {accepted:?}");
        let wrong = check_code(db, &secrets, id, "000000", at, &Origin::UNKNOWN).await;
        assert!(
            matches!(wrong, Err(ServiceError::SignInRefused(_))),
            "{e}: {wrong:?}"
        );
        at += Duration::hours(2);
    }
    // Locked, at both steps, whatever the password knows.
    let soon = at - Duration::hours(2) + Duration::minutes(1);
    let u = get(db, id).await;
    assert!(is_locked(&u, soon), "{e}: {} failures", u.failed_logins);
    let locked = password_step(db, &hasher, "ann@x.test", soon).await;
    assert!(
        matches!(locked, Err(ServiceError::TooManyAttempts(_))),
        "{e}: {locked:?}"
    );
    let code = check_code(db, &secrets, id, "123456", soon, &Origin::UNKNOWN).await;
    assert!(
        matches!(code, Err(ServiceError::TooManyAttempts(_))),
        "{e}: {code:?}"
    );
}

engine_tests!(staff_sign_in_waits_then_locks_and_unlock_ends_it);
async fn staff_sign_in_waits_then_locks_and_unlock_ends_it(t: TestDb) {
    let hasher = PasswordHasher::new(1);
    let secrets = SecretBox::new(&[5u8; 32]);

    let (db, e) = (&t.db, t.engine);
    let input = NewStaff {
        email: "sam@roster.test".into(),
        name: "Sam Staff".into(),
        role: "Support".into(),
        password: PASSWORD.into(),
        totp_secret: Some(vec![7u8; 20]),
    };
    let id = create_staff(db, &hasher, &secrets, input, &Actor::cli())
        .await
        .unwrap();
    let t0 = now();
    let attempt = |password: &'static str, at: DateTime<Utc>| {
        staff_sign_in::check_password(
            db,
            &hasher,
            "sam@roster.test",
            password,
            at,
            &Origin::UNKNOWN,
        )
    };
    // Fifteen wrong passwords in a row, at once: from the fourth the account must wait.
    let mut outcomes = Vec::new();
    for _ in 0..15 {
        outcomes.push(match attempt("not the password at all", t0).await {
            Err(ServiceError::SignInRefused(_)) => "refused",
            Err(ServiceError::TooManyAttempts(_)) => "wait",
            other => panic!("{e}: {other:?}"),
        });
    }
    assert_eq!(outcomes[..3], ["refused"; 3], "{e}");
    assert!(
        outcomes[3..].iter().all(|o| *o == "wait"),
        "{e}: {outcomes:?}"
    );
    // Waited out each time, the tenth failure locks for 15 minutes, even the password.
    let mut at = t0;
    for _ in 3..LOCK_AFTER {
        at += Duration::minutes(5);
        assert!(attempt("not the password at all", at).await.is_err());
    }
    let member = staff_table::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        staff_sign_in::is_locked(&member, at + Duration::minutes(1)),
        "{e}"
    );
    let locked = attempt(PASSWORD, at + Duration::minutes(1)).await;
    assert!(
        matches!(locked, Err(ServiceError::TooManyAttempts(_))),
        "{e}: {locked:?}"
    );
    // An operator (or an Administrator) unlocks: the password works again.
    unlock_by_email(db, "SAM@roster.test", &Actor::cli())
        .await
        .unwrap();
    let next = attempt(PASSWORD, at + Duration::minutes(1)).await.unwrap();
    assert_eq!(next, (id, NextStep::Code), "{e}");
    let actions = audit_actions(db, &id.to_string()).await;
    assert!(actions.contains(&"staff.sign_in_refused".to_owned()), "{e}");
    assert!(actions.contains(&"staff.unlock".to_owned()), "{e}");
}

#[tokio::test]
async fn staff_passwords_follow_the_users_policy() {
    let (hasher, secrets) = (PasswordHasher::new(1), SecretBox::new(&[5u8; 32]));
    let db = support::sqlite().await;
    for (password, why) in [
        ("short", "length"),
        ("qwerty123456", "common"),
        ("samantha-at-work-2026", "the email's name"),
    ] {
        let input = NewStaff {
            email: "samantha@roster.test".into(),
            name: "Sam".into(),
            role: "Support".into(),
            password: password.into(),
            totp_secret: None,
        };
        let refused = create_staff(&db.db, &hasher, &secrets, input, &Actor::cli()).await;
        assert!(
            matches!(
                refused,
                Err(ServiceError::Validation {
                    field: "password",
                    ..
                })
            ),
            "{why}: {refused:?}"
        );
    }
}

engine_tests!(a_first_sign_in_is_audited_and_named_by_a_later_conflict);
async fn a_first_sign_in_is_audited_and_named_by_a_later_conflict(t: TestDb) {
    let hasher = PasswordHasher::new(1);

    let (db, e) = (&t.db, t.engine);
    let id = user(db, &hasher, "new@x.test").await;
    users::Entity::update_many()
        .col_expr(users::Column::Status, Expr::value("new"))
        .filter(users::Column::Id.eq(id))
        .exec(db)
        .await
        .unwrap();
    // Staff open Edit User; meanwhile the user signs in for the first time.
    let opened = load_for_edit(db, id).await.unwrap();
    let origin = Origin {
        ip: Some("203.0.113.7".into()),
        ..Origin::UNKNOWN
    };
    check_password(
        db,
        &hasher,
        SignInPolicy::default(),
        "new@x.test",
        PASSWORD,
        now(),
        &origin,
    )
    .await
    .unwrap();
    let wrong = check_password(
        db,
        &hasher,
        SignInPolicy::default(),
        "new@x.test",
        "not it at all!",
        now(),
        &origin,
    )
    .await;
    assert!(wrong.is_err());
    let entries = audit_log::Entity::find()
        .filter(audit_log::Column::TargetId.eq(id.to_string()))
        .order_by_asc(audit_log::Column::At)
        .all(db)
        .await
        .unwrap();
    let signed_in = entries
        .iter()
        .find(|x| x.action == "user.sign_in")
        .expect("the sign-in is audited");
    assert_eq!(signed_in.actor_kind, "user", "{e}");
    assert_eq!(signed_in.actor_id, Some(id), "{e}");
    assert_eq!(signed_in.ip.as_deref(), Some("203.0.113.7"), "{e}");
    assert!(
        signed_in.changes.contains("active"),
        "{e}: {}",
        signed_in.changes
    );
    let refused = entries
        .iter()
        .find(|x| x.action == "user.sign_in_refused")
        .expect("the refusal is audited");
    assert!(refused.changes.contains("wrong password"), "{e}");
    // The stale save names the user, not an earlier staff member.
    let mut form = opened.form.clone();
    form.admin_notes = "stale".into();
    let conflict = update_user(db, &hasher, id, opened.version, form, false, &staff("Sam")).await;
    match conflict {
        Err(ServiceError::Changed(c)) => assert_eq!(c.by, "U new@x.test <new@x.test>", "{e}"),
        other => panic!("{e}: {other:?}"),
    }
}
