//! Creating, editing and deleting users, as services, on SQLite and PostgreSQL.
use app::auth::password::PasswordHasher;
use app::auth::session::{self, Device, Kind, Stage};
use app::db::{audit_log, client_users, sessions, user_recovery_codes, users};
use app::engine_tests;
use app::model::user_form::{EditUser, UserForm};
use app::model::user_list::{TwoFactorState, UserStatus};
use app::service::audit::{Actor, ActorKind};
use app::service::users::{
    create_user, delete_user, load_for_edit, phone_users, reset_two_factor, update_user,
};
use app::service::ServiceError;
use app::testing as support;
use app::testing::now;
use app::testing::TestDb;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, Set,
};
use std::collections::BTreeSet;
use uuid::Uuid;

fn form(email: &str) -> UserForm {
    UserForm {
        email: email.into(),
        password: "vivid orbit tundra".into(),
        first_name: "Ann".into(),
        last_name: "Lee".into(),
        phone_region: "PL".into(),
        phone: "512 345 678".into(),
        language: "de".into(),
        admin_notes: "VIP".into(),
        ..Default::default()
    }
}

fn staff(name: &str) -> Actor {
    Actor {
        kind: ActorKind::Staff,
        id: Some(Uuid::now_v7()),
        label: name.into(),
        ip: Some("203.0.113.9".into()),
        request_id: Some("req-1".into()),
    }
}

/// The fields a `ServiceError::Fields` names.
fn fields(err: ServiceError) -> BTreeSet<String> {
    match err {
        ServiceError::Fields(errors) => errors.into_iter().map(|e| e.field).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

async fn audit(db: &app::db::Db, id: Uuid) -> Vec<audit_log::Model> {
    audit_log::Entity::find()
        .filter(audit_log::Column::TargetId.eq(id.to_string()))
        .order_by_asc(audit_log::Column::At)
        .all(db)
        .await
        .unwrap()
}

engine_tests!(create_stores_a_new_user_and_audits_it_without_secrets);
async fn create_stores_a_new_user_and_audits_it_without_secrets(t: TestDb) {
    let hasher = PasswordHasher::new(2);

    let db = &t.db;
    let id = create_user(db, &hasher, form(" Ann.Lee@Example.com "), &staff("Sam"))
        .await
        .unwrap();
    let user = users::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (user.email.as_str(), user.email_norm.as_str()),
        ("Ann.Lee@Example.com", "ann.lee@example.com"),
        "{}",
        t.engine
    );
    assert_eq!(user.phone.as_deref(), Some("+48512345678"));
    assert_eq!(user.status, UserStatus::New);
    assert!(!user.email_verified && !user.phone_verified);
    // OWASP's argon2id parameters, read back from the stored hash.
    assert!(
        user.password_hash
            .starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
        "{}",
        user.password_hash
    );

    let entries = audit(db, id).await;
    assert_eq!(entries.len(), 1, "{}", t.engine);
    let entry = &entries[0];
    assert_eq!(
        (entry.action.as_str(), entry.actor_label.as_str()),
        ("user.create", "Sam")
    );
    assert_eq!(entry.ip.as_deref(), Some("203.0.113.9"));
    assert_eq!(entry.request_id.as_deref(), Some("req-1"));
    let changes: serde_json::Value = serde_json::from_str(&entry.changes).unwrap();
    assert_eq!(changes["password"], "changed");
    assert_eq!(changes["email"]["new"], "Ann.Lee@Example.com");
    assert!(!entry.changes.contains("vivid orbit") && !entry.changes.contains("$argon2"));
}

engine_tests!(every_rule_answers_on_its_own_field);
async fn every_rule_answers_on_its_own_field(t: TestDb) {
    let hasher = PasswordHasher::new(2);

    let db = &t.db;
    let actor = staff("Sam");
    let cases: Vec<(UserForm, &str, &str)> = vec![
        (
            UserForm {
                email: "ann".into(),
                ..form("x@x.com")
            },
            "email",
            "Enter an email address like name@example.com.",
        ),
        (
            UserForm {
                password: "too short".into(),
                ..form("x@x.com")
            },
            "password",
            "Use at least 12 characters.",
        ),
        (
            UserForm {
                password: "p".repeat(129).into(),
                ..form("x@x.com")
            },
            "password",
            "Use at most 128 characters.",
        ),
        (
            UserForm {
                password: "qwerty123456".into(),
                ..form("x@x.com")
            },
            "password",
            "This is one of the most common passwords. Choose another.",
        ),
        (
            UserForm {
                password: "i-am-annlee-ok".into(),
                ..form("annlee@x.com")
            },
            "password",
            "Do not use the name from the email address in the password.",
        ),
        (
            UserForm {
                first_name: " ".into(),
                ..form("x@x.com")
            },
            "first_name",
            "Enter a first name.",
        ),
        (
            UserForm {
                last_name: "l".repeat(101),
                ..form("x@x.com")
            },
            "last_name",
            "Use at most 100 characters.",
        ),
        (
            UserForm {
                phone: "12345".into(),
                ..form("x@x.com")
            },
            "phone",
            "This is not a valid phone number in PL.",
        ),
        (
            UserForm {
                phone: "512 345 678".into(),
                phone_region: String::new(),
                ..form("x@x.com")
            },
            "phone",
            "Choose the country of this number.",
        ),
        (
            UserForm {
                phone: "12ab".into(),
                ..form("x@x.com")
            },
            "phone",
            "Enter a phone number of digits, like 512 345 678.",
        ),
        (
            UserForm {
                language: "xx".into(),
                ..form("x@x.com")
            },
            "language",
            "Choose one of the listed languages.",
        ),
        (
            UserForm {
                admin_notes: "n".repeat(10_001),
                ..form("x@x.com")
            },
            "admin_notes",
            "Admin notes have at most 10000 characters.",
        ),
    ];
    for (bad, field, message) in cases {
        let err = create_user(db, &hasher, bad, &actor).await.unwrap_err();
        let ServiceError::Fields(errors) = err else {
            panic!("{}: {err:?}", t.engine)
        };
        assert_eq!(errors.len(), 1, "{}: {errors:?}", t.engine);
        assert_eq!(
            (
                errors[0].field.as_str(),
                errors[0].message.to_string().as_str()
            ),
            (field, message),
            "{}",
            t.engine
        );
    }
    assert_eq!(users::Entity::find().count(db).await.unwrap(), 0);
}

engine_tests!(an_email_belongs_to_one_user_even_under_concurrent_creates_a_phone_may_be_shared);
async fn an_email_belongs_to_one_user_even_under_concurrent_creates_a_phone_may_be_shared(
    t: TestDb,
) {
    let hasher = PasswordHasher::new(4);

    let db = &t.db;
    let actor = staff("Sam");
    create_user(db, &hasher, form("ann@x.com"), &actor)
        .await
        .unwrap();
    let twin = UserForm {
        phone: String::new(),
        ..form("ANN@X.COM")
    };
    let err = create_user(db, &hasher, twin, &actor).await.unwrap_err();
    assert_eq!(
        fields(err),
        BTreeSet::from(["email".to_owned()]),
        "{}",
        t.engine
    );
    // An office's shared number is fine: a second user may have it, and the form's
    // "also used by" names the first.
    let first = phone_users(db, "PL", "512 345 678", None).await.unwrap();
    let colleague = create_user(db, &hasher, form("other@x.com"), &actor)
        .await
        .unwrap();
    let shared = phone_users(db, "PL", "512 345 678", Some(colleague))
        .await
        .unwrap();
    assert_eq!(shared, first, "{}", t.engine);
    assert_eq!(shared.len(), 1, "{}", t.engine);
    assert_eq!(shared[0].name, "Ann Lee", "{}", t.engine);
    assert_eq!(
        phone_users(db, "PL", "+48 512 345 678", None)
            .await
            .unwrap()
            .len(),
        2,
        "{}",
        t.engine
    );

    // Eight staff members create the same new email at once: exactly one wins.
    let mut attempts = tokio::task::JoinSet::new();
    for i in 0..8 {
        let (db, hasher, actor) = (db.clone(), hasher.clone(), actor.clone());
        let f = UserForm {
            phone: format!("+48 600 000 00{i}"),
            ..form("race@x.com")
        };
        attempts.spawn(async move { create_user(&db, &hasher, f, &actor).await });
    }
    let results = attempts.join_all().await;
    let won = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(won, 1, "{}", t.engine);
    for r in results.into_iter().filter_map(Result::err) {
        assert_eq!(
            fields(r),
            BTreeSet::from(["email".to_owned()]),
            "{}",
            t.engine
        );
    }
}

engine_tests!(edits_are_versioned_and_a_stale_form_is_refused);
async fn edits_are_versioned_and_a_stale_form_is_refused(t: TestDb) {
    let hasher = PasswordHasher::new(2);

    let db = &t.db;
    let id = create_user(db, &hasher, form("ann@x.com"), &staff("Sam"))
        .await
        .unwrap();
    let opened = load_for_edit(db, id).await.unwrap();
    assert_eq!(
        &*opened.form.password, "",
        "the form never carries the password"
    );

    // Bea saves first.
    let mut bea = opened.form.clone();
    bea.first_name = "Anne".into();
    bea.status = UserStatus::Active;
    update_user(db, &hasher, id, opened.version, bea, false, &staff("Bea"))
        .await
        .unwrap();

    // Sam's form is now stale: refused, with who changed it and the current values.
    let mut sam = opened.form.clone();
    sam.last_name = "Leigh".into();
    sam.status = UserStatus::Active;
    let err = update_user(
        db,
        &hasher,
        id,
        opened.version,
        sam.clone(),
        false,
        &staff("Sam"),
    )
    .await
    .unwrap_err();
    let Some(conflict) = (match err {
        ServiceError::Changed(ref c) => (**c).clone().about::<EditUser>(),
        _ => None,
    }) else {
        panic!("{}: {err:?}", t.engine)
    };
    assert_eq!(conflict.by, "Bea", "{}", t.engine);
    assert_eq!(conflict.current.form.first_name, "Anne");
    assert_eq!(conflict.current.version, opened.version + 1);
    let user = users::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (user.first_name.as_str(), user.last_name.as_str()),
        ("Anne", "Lee")
    );

    // Knowingly overwriting is allowed, and audited field by field.
    update_user(db, &hasher, id, opened.version, sam, true, &staff("Sam"))
        .await
        .unwrap();
    let entries = audit(db, id).await;
    let last: serde_json::Value = serde_json::from_str(&entries[2].changes).unwrap();
    assert_eq!(
        last["last_name"],
        serde_json::json!({"old": "Lee", "new": "Leigh"})
    );
    assert_eq!(
        last["first_name"],
        serde_json::json!({"old": "Anne", "new": "Ann"})
    );

    // A user deleted meanwhile is reported as such.
    delete_user(db, id, &staff("Bea")).await.unwrap();
    let err = update_user(db, &hasher, id, 9, form("ann@x.com"), false, &staff("Sam"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, ServiceError::NotFound),
        "{}: {err:?}",
        t.engine
    );
}

engine_tests!(password_change_deactivation_and_2fa_reset_end_what_they_should);
async fn password_change_deactivation_and_2fa_reset_end_what_they_should(t: TestDb) {
    let hasher = PasswordHasher::new(2);

    let db = &t.db;
    let f = UserForm {
        two_factor_required: true,
        ..form("ann@x.com")
    };
    let id = create_user(db, &hasher, f, &staff("Sam")).await.unwrap();
    // The user has enrolled, holds recovery codes and is signed in.
    let mut enrolled: users::ActiveModel = users::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .into();
    enrolled.totp_secret_enc = Set(Some(vec![1, 2, 3]));
    enrolled.totp_enrolled_at = Set(Some(now()));
    enrolled.update(db).await.unwrap();
    user_recovery_codes::ActiveModel {
        id: Set(Uuid::now_v7()),
        user_id: Set(id),
        code_hash: Set("h".into()),
        used_at: Set(None),
    }
    .insert(db)
    .await
    .unwrap();
    let device = Device::default();
    let signed_in = || session::create(db, Kind::User, id, Stage::Full, &device, now());
    signed_in().await.unwrap();
    let user_sessions = || {
        sessions::Entity::find()
            .filter(sessions::Column::SubjectId.eq(id))
            .count(db)
    };

    // An edit that changes nothing that matters keeps the session and the enrolment.
    let opened = load_for_edit(db, id).await.unwrap();
    assert_eq!(opened.two_factor, TwoFactorState::Enrolled);
    let mut same = opened.form.clone();
    same.admin_notes = "Called on Monday".into();
    same.status = UserStatus::Active;
    update_user(db, &hasher, id, opened.version, same, false, &staff("Sam"))
        .await
        .unwrap();
    assert_eq!(user_sessions().await.unwrap(), 1, "{}", t.engine);

    // No longer requiring 2FA is not a reset: the user keeps their authenticator.
    let opened = load_for_edit(db, id).await.unwrap();
    let off = UserForm {
        two_factor_required: false,
        ..opened.form.clone()
    };
    update_user(db, &hasher, id, opened.version, off, false, &staff("Sam"))
        .await
        .unwrap();
    let user = users::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(user.totp_enrolled_at.is_some() && !user.two_factor_required);
    assert_eq!(user_sessions().await.unwrap(), 1, "{}", t.engine);

    // Reset 2FA: enrolment and recovery codes go, and so do the sessions.
    reset_two_factor(db, id, &staff("Sam")).await.unwrap();
    let user = users::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(user.totp_secret_enc.is_none() && user.totp_enrolled_at.is_none());
    assert_eq!(
        user_recovery_codes::Entity::find().count(db).await.unwrap(),
        0
    );
    assert_eq!(user_sessions().await.unwrap(), 0, "{}", t.engine);
    let entries = audit(db, id).await;
    let last = entries.last().unwrap();
    assert_eq!(last.action, "user.totp_reset");
    let changes: serde_json::Value = serde_json::from_str(&last.changes).unwrap();
    assert_eq!(changes["totp"], "reset");
    let again = reset_two_factor(db, id, &staff("Sam")).await;
    assert!(
        matches!(
            again,
            Err(ServiceError::Validation {
                field: "two_factor",
                ..
            })
        ),
        "{}: {again:?}",
        t.engine
    );

    // A new password ends sessions; the audit says only "changed".
    signed_in().await.unwrap();
    let opened = load_for_edit(db, id).await.unwrap();
    let reset = UserForm {
        password: "new vivid passphrase".into(),
        ..opened.form.clone()
    };
    update_user(db, &hasher, id, opened.version, reset, false, &staff("Sam"))
        .await
        .unwrap();
    assert_eq!(user_sessions().await.unwrap(), 0, "{}", t.engine);
    let entries = audit(db, id).await;
    let last = &entries.last().unwrap().changes;
    assert!(last.contains("\"password\":\"changed\"") && !last.contains("vivid passphrase"));

    // INACTIVE ends sessions too.
    signed_in().await.unwrap();
    let opened = load_for_edit(db, id).await.unwrap();
    let off = UserForm {
        status: UserStatus::Inactive,
        ..opened.form.clone()
    };
    update_user(db, &hasher, id, opened.version, off, false, &staff("Sam"))
        .await
        .unwrap();
    assert_eq!(user_sessions().await.unwrap(), 0, "{}", t.engine);
}

engine_tests!(delete_cascades_and_refuses_owners);
async fn delete_cascades_and_refuses_owners(t: TestDb) {
    let hasher = PasswordHasher::new(2);

    let db = &t.db;
    let ann = create_user(db, &hasher, form("ann@x.com"), &staff("Sam"))
        .await
        .unwrap();
    let bob_form = UserForm {
        phone: String::new(),
        ..form("bob@x.com")
    };
    let bob = create_user(db, &hasher, bob_form, &staff("Sam"))
        .await
        .unwrap();
    let acme = support::insert_client(db, "Acme Ltd").await;
    link(db, acme, ann, true).await;
    link(db, acme, bob, false).await;

    let err = delete_user(db, ann, &staff("Sam")).await.unwrap_err();
    let ServiceError::OwnsClients(names) = err else {
        panic!("{}: {err:?}", t.engine)
    };
    assert_eq!(names, ["Acme Ltd"]);

    session::create(db, Kind::User, bob, Stage::Full, &Device::default(), now())
        .await
        .unwrap();
    delete_user(db, bob, &staff("Sam")).await.unwrap();
    assert!(users::Entity::find_by_id(bob)
        .one(db)
        .await
        .unwrap()
        .is_none());
    let left = client_users::Entity::find().count(db).await.unwrap();
    assert_eq!(left, 1, "{}: only Ann's association is left", t.engine);
    let bob_sessions = sessions::Entity::find()
        .filter(sessions::Column::SubjectId.eq(bob))
        .count(db)
        .await
        .unwrap();
    assert_eq!(bob_sessions, 0, "{}", t.engine);
    // The audit trail outlives the user and still names them.
    let entries = audit(db, bob).await;
    assert_eq!(entries.last().unwrap().action, "user.delete");
    assert!(entries.last().unwrap().target_label.contains("bob@x.com"));
}

async fn link(db: &app::db::Db, client_id: Uuid, user_id: Uuid, owner: bool) {
    client_users::ActiveModel {
        client_id: Set(client_id),
        user_id: Set(user_id),
        owner: Set(owner),
        permissions: Set(app::db::KeyList::new(&[])),
        created_at: Set(now()),
    }
    .insert(db)
    .await
    .unwrap();
}
