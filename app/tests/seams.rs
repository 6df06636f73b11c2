//! Where a user's own action meets a staff action (and other seams issue 16 found), as
//! services, on SQLite and PostgreSQL.
use app::auth::password::PasswordHasher;
use app::auth::secret_box::SecretBox;
use app::auth::session::{self, Kind, Stage};
use app::auth::totp;
use app::db::{audit_log, sessions, staff as staff_table, user_recovery_codes, users};
use app::model::user_form::two_factor_summary;
use app::model::user_list::{TwoFactorState, UserListQuery};
use app::service::account::{account, unlock_user};
use app::service::associations::{associate_user, remove_user, NOT_A_MEMBER, USER_GONE};
use app::service::audit::{Actor, ActorKind, Origin};
use app::service::staff::{create_staff, now, unlock_by_email, NewStaff};
use app::service::staff_sign_in::{self, NextStep};
use app::service::user_list::list_users;
use app::service::user_sign_in::{
    check_code, check_password, confirm_enrolment_signed_in, enrolment, is_locked,
    PasswordAccepted, SignInPolicy, UserNext, LOCK_AFTER,
};
use app::service::users::{load_for_edit, update_user};
use app::service::ServiceError;
use app::testing as support;
use chrono::{DateTime, Duration, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use uuid::Uuid;

const PASSWORD: &str = "a long passphrase for tests";

fn staff(name: &str) -> Actor {
    Actor {
        kind: ActorKind::Staff,
        id: Some(Uuid::now_v7()),
        label: name.into(),
        ip: None,
        request_id: None,
    }
}

/// An ACTIVE, verified user with a real password.
async fn user(db: &DatabaseConnection, hasher: &PasswordHasher, email: &str) -> Uuid {
    let id = support::insert_user(db, email, "active").await;
    let mut u: users::ActiveModel = get(db, id).await.into();
    u.password_hash = Set(hasher.hash(PASSWORD.into()).await.unwrap());
    u.update(db).await.unwrap();
    id
}

async fn get(db: &DatabaseConnection, id: Uuid) -> users::Model {
    users::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .expect("the user")
}

/// The user turns 2FA on themselves (from `/account`), through the real steps.
async fn self_enrol(db: &DatabaseConnection, secrets: &SecretBox, id: Uuid) {
    let e = enrolment(db, secrets, id).await.unwrap();
    let secret = totp::from_base32(&e.secret_base32).unwrap();
    let code = totp::code_at(&secret, now().timestamp() as u64).unwrap();
    let me = Actor {
        kind: ActorKind::User,
        id: Some(id),
        label: "the user".into(),
        ip: None,
        request_id: None,
    };
    confirm_enrolment_signed_in(db, secrets, id, &code, now(), &me)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_staff_edit_keeps_the_2fa_a_user_set_up_themselves() {
    let hasher = PasswordHasher::new(1);
    let secrets = SecretBox::new(&[5u8; 32]);
    for t in support::engines().await {
        let (db, e) = (&t.db, t.engine);
        let id = user(db, &hasher, "ann@x.test").await;
        self_enrol(db, &secrets, id).await;
        session::create(db, Kind::User, id, Stage::Full, None, now())
            .await
            .unwrap();

        // Edit User shows the real state: set up, by the user (staff require nothing).
        let opened = load_for_edit(db, id).await.unwrap();
        assert_eq!(opened.two_factor, TwoFactorState::Enrolled, "{e}");
        assert!(!opened.form.two_factor_required, "{e}");
        assert_eq!(
            two_factor_summary(opened.two_factor, opened.form.two_factor_required),
            "Set up by the user."
        );

        // A staff member changes only Admin Notes and saves.
        let mut form = opened.form.clone();
        form.admin_notes = "Called about an invoice".into();
        update_user(db, &hasher, id, opened.version, form, false, &staff("Sam"))
            .await
            .unwrap();

        // Enrolment, recovery codes and the session are all still there.
        let u = get(db, id).await;
        assert!(
            u.totp_enrolled_at.is_some() && u.totp_secret_enc.is_some(),
            "{e}"
        );
        let codes = user_recovery_codes::Entity::find()
            .filter(user_recovery_codes::Column::UserId.eq(id))
            .count(db)
            .await
            .unwrap();
        assert_eq!(codes, 10, "{e}");
        let signed_in = sessions::Entity::find()
            .filter(sessions::Column::SubjectId.eq(id))
            .count(db)
            .await
            .unwrap();
        assert_eq!(signed_in, 1, "{e}");

        // The list badge, Edit User and the user's /account agree.
        let query = UserListQuery {
            q: "ann@x.test".into(),
            ..Default::default()
        };
        let row = list_users(db, &query).await.unwrap().rows.remove(0);
        assert_eq!(row.two_factor, TwoFactorState::Enrolled, "{e}");
        let again = load_for_edit(db, id).await.unwrap();
        assert_eq!(again.two_factor, TwoFactorState::Enrolled, "{e}");
        assert_eq!(
            account(db, id).await.unwrap().two_factor,
            TwoFactorState::Enrolled,
            "{e}"
        );

        // And the next sign-in asks for a code.
        let accepted = password_step(db, &hasher, "ann@x.test", now())
            .await
            .unwrap();
        assert_eq!(accepted.next, UserNext::Code, "{e}");
    }
}

/// A user with 2FA set up, signed in by password at `at`: the code step is next.
async fn password_step(
    db: &DatabaseConnection,
    hasher: &PasswordHasher,
    email: &str,
    at: DateTime<Utc>,
) -> Result<PasswordAccepted, ServiceError> {
    check_password(
        db,
        hasher,
        SignInPolicy::default(),
        email,
        PASSWORD,
        at,
        &Origin::UNKNOWN,
    )
    .await
}

#[tokio::test]
async fn the_code_step_cannot_be_guessed_forever_with_a_known_password() {
    let hasher = PasswordHasher::new(1);
    let secrets = SecretBox::new(&[5u8; 32]);
    for t in support::engines().await {
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
}

#[tokio::test]
async fn staff_sign_in_waits_then_locks_and_unlock_ends_it() {
    let hasher = PasswordHasher::new(1);
    let secrets = SecretBox::new(&[5u8; 32]);
    for t in support::engines().await {
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

async fn audit_actions(db: &DatabaseConnection, target: &str) -> Vec<String> {
    audit_log::Entity::find()
        .filter(audit_log::Column::TargetId.eq(target))
        .order_by_asc(audit_log::Column::At)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect()
}

#[tokio::test]
async fn a_first_sign_in_is_audited_and_named_by_a_later_conflict() {
    let hasher = PasswordHasher::new(1);
    for t in support::engines().await {
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
            request_id: None,
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
        let conflict =
            update_user(db, &hasher, id, opened.version, form, false, &staff("Sam")).await;
        match conflict {
            Err(ServiceError::Changed(c)) => assert_eq!(c.by, "U new@x.test <new@x.test>", "{e}"),
            other => panic!("{e}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_changed_address_is_unverified_unless_the_same_save_marks_it() {
    let hasher = PasswordHasher::new(1);
    for t in support::engines().await {
        let (db, e) = (&t.db, t.engine);
        let id = user(db, &hasher, "ann@x.test").await;
        // A client that sends the loaded flag with a new address (not the console's form).
        let opened = load_for_edit(db, id).await.unwrap();
        assert!(opened.form.email_verified);
        let mut form = opened.form.clone();
        form.email = "ann.new@x.test".into();
        update_user(db, &hasher, id, opened.version, form, false, &staff("Sam"))
            .await
            .unwrap();
        let u = get(db, id).await;
        assert!(
            !u.email_verified,
            "{e}: a new address is not verified by default"
        );
        let last = audit_log::Entity::find()
            .filter(audit_log::Column::TargetId.eq(id.to_string()))
            .order_by_desc(audit_log::Column::At)
            .one(db)
            .await
            .unwrap()
            .unwrap();
        assert!(
            last.changes.contains("address changed"),
            "{e}: {}",
            last.changes
        );
        // Staff tick Email Verified in the same save as a new address: it stays verified.
        let opened = load_for_edit(db, id).await.unwrap();
        let mut form = opened.form.clone();
        form.email = "ann.third@x.test".into();
        form.email_verified = true;
        form.email_verified_marked = true;
        update_user(db, &hasher, id, opened.version, form, false, &staff("Sam"))
            .await
            .unwrap();
        let u = get(db, id).await;
        assert!(u.email_verified, "{e}");
    }
}

#[tokio::test]
async fn a_change_and_its_audit_entry_commit_together() {
    for t in support::engines().await {
        let (db, e) = (&t.db, t.engine);
        let id = support::insert_user(db, "ann@x.test", "active").await;
        users::Entity::update_many()
            .col_expr(users::Column::FailedLogins, Expr::value(12))
            .filter(users::Column::Id.eq(id))
            .exec(db)
            .await
            .unwrap();
        // The audit entry cannot be written: the change must not stay either.
        db.execute_unprepared("DROP TABLE audit_log").await.unwrap();
        let unlocked = unlock_user(db, id, &staff("Sam"), now()).await;
        assert!(unlocked.is_err(), "{e}");
        let u = get(db, id).await;
        assert_eq!(u.failed_logins, 12, "{e}: the unlock was rolled back");
    }
}

#[tokio::test]
async fn removing_and_associating_answer_plainly_when_someone_was_faster() {
    let hasher = PasswordHasher::new(1);
    for t in support::engines().await {
        let (db, e) = (&t.db, t.engine);
        let client = support::insert_client(db, "Matrix Ltd").await;
        let ann = user(db, &hasher, "ann@x.test").await;
        associate_user(db, client, ann, false, &[], &staff("Sam"))
            .await
            .unwrap();
        remove_user(db, client, ann, &staff("Sam")).await.unwrap();
        let before = audit_actions(db, &client.to_string()).await.len();
        // Removed again (by a second staff member a moment later): said, and not recorded.
        let again = remove_user(db, client, ann, &staff("Bea")).await;
        match again {
            Err(ServiceError::Fields(f)) => assert_eq!(f[0].message, NOT_A_MEMBER, "{e}"),
            other => panic!("{e}: {other:?}"),
        }
        assert_eq!(
            audit_actions(db, &client.to_string()).await.len(),
            before,
            "{e}"
        );
        // A user deleted before the association: a normal answer, not an internal error.
        users::Entity::delete_by_id(ann).exec(db).await.unwrap();
        let gone = associate_user(db, client, ann, true, &[], &staff("Sam")).await;
        match gone {
            Err(ServiceError::Fields(f)) => assert_eq!(f[0].message, USER_GONE, "{e}"),
            other => panic!("{e}: {other:?}"),
        }
    }
}
