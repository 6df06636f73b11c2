//! Staff administration as services, on SQLite and PostgreSQL: the lock-out rules (also
//! under concurrency), roles, disabling, a one-time password's first sign-in, and My profile.
use app::auth::password::PasswordHasher;
use app::auth::secret_box::SecretBox;
use app::auth::session::{self, Device, Kind, SessionPolicy, Stage};
use app::auth::{guard, totp};
use app::db::staff;
use app::engine_tests;
use app::model::messages::Message;
use app::model::{Permission, RoleForm, StaffForm, StaffStatus};
use app::service::audit::{Actor, ActorKind, Origin};
use app::service::staff::{
    create_staff, create_staff_with_one_time_password, list_staff, NewStaff,
};
use app::service::staff_profile::{self, Which};
use app::service::staff_rules::{ADMINISTRATOR, SUPPORT};
use app::service::{roles, staff_admin, staff_sign_in, ServiceError};
use app::testing::{now, TestDb};
use sea_orm::EntityTrait;
use uuid::Uuid;

const PASSWORD: &str = "a long enough password";

fn hasher() -> PasswordHasher {
    PasswordHasher::new(2)
}

fn secrets() -> SecretBox {
    SecretBox::new(&[5u8; 32])
}

async fn member(t: &TestDb, email: &str, role: &str) -> Uuid {
    let input = NewStaff {
        email: email.into(),
        name: email.split('@').next().unwrap().into(),
        role: role.into(),
        password: PASSWORD.into(),
        totp_secret: Some(totp::new_secret()),
    };
    create_staff(&t.db, &hasher(), &secrets(), input, &Actor::cli())
        .await
        .unwrap()
}

/// A staff member as the audit trail and the rules see them when they act.
fn acting(id: Uuid) -> Actor {
    Actor {
        kind: ActorKind::Staff,
        id: Some(id),
        label: "staff".into(),
        ip: None,
        request_id: None,
    }
}

fn refused_with(result: Result<(), ServiceError>, expected: Message) {
    match result {
        Err(ServiceError::Validation { message, .. }) => assert_eq!(message, expected),
        other => panic!("expected {expected:?}, got {other:?}"),
    }
}

async fn status(t: &TestDb, id: Uuid) -> StaffStatus {
    let rows = list_staff(&t.db, now()).await.unwrap();
    rows.into_iter().find(|r| r.id == id).unwrap().status
}

async fn role_of(t: &TestDb, id: Uuid) -> i32 {
    let rows = list_staff(&t.db, now()).await.unwrap();
    rows.into_iter().find(|r| r.id == id).unwrap().role_id
}

fn form(name: &str, email: &str, role_id: i32) -> StaffForm {
    StaffForm {
        name: name.into(),
        email: email.into(),
        role_id,
    }
}

engine_tests!(nobody_locks_everyone_out);
async fn nobody_locks_everyone_out(t: TestDb) {
    let db = &t.db;
    let ann = member(&t, "ann@roster.test", "Administrator").await;
    let sam = member(&t, "sam@roster.test", "Support").await;
    // The only Administrator: not disabled, not demoted, by anyone.
    refused_with(
        staff_admin::set_disabled(db, ann, true, &Actor::cli()).await,
        Message::LastAdministrator,
    );
    refused_with(
        staff_admin::update_staff(
            db,
            ann,
            1,
            &form("ann", "ann@roster.test", SUPPORT),
            &Actor::cli(),
        )
        .await,
        Message::LastAdministrator,
    );
    // Not by themselves either: that is taking their own Manage staff.
    refused_with(
        staff_admin::set_disabled(db, ann, true, &acting(ann)).await,
        Message::OwnStaffManage,
    );
    assert_eq!(status(&t, ann).await, StaffStatus::Active, "{}", t.engine);
    assert_eq!(role_of(&t, ann).await, ADMINISTRATOR);

    // A second Administrator: now one may disable the other, but not demote themselves.
    let bea = member(&t, "bea@roster.test", "Administrator").await;
    refused_with(
        staff_admin::update_staff(
            db,
            ann,
            1,
            &form("ann", "ann@roster.test", SUPPORT),
            &acting(ann),
        )
        .await,
        Message::OwnStaffManage,
    );
    staff_admin::set_disabled(db, bea, true, &acting(ann))
        .await
        .unwrap();
    assert_eq!(status(&t, bea).await, StaffStatus::Disabled);
    refused_with(
        staff_admin::set_disabled(db, ann, true, &acting(sam)).await,
        Message::LastAdministrator,
    );
    staff_admin::set_disabled(db, bea, false, &acting(ann))
        .await
        .unwrap();
    assert_eq!(status(&t, bea).await, StaffStatus::Active);

    // A custom role with Manage staff: its holder cannot edit it to lose Manage staff.
    let managers = RoleForm {
        name: "Team leads".into(),
        permissions: vec![Permission::StaffManage, Permission::UsersView],
    };
    let leads = roles::create_role(db, &managers, &Actor::cli())
        .await
        .unwrap();
    let lea = member(&t, "lea@roster.test", "Team leads").await;
    let without = RoleForm {
        name: "Team leads".into(),
        permissions: vec![Permission::UsersView],
    };
    refused_with(
        roles::update_role(db, leads, 1, &without, &acting(lea)).await,
        Message::OwnStaffManage,
    );
    // An Administrator may: Administrators still manage staff.
    roles::update_role(db, leads, 1, &without, &acting(ann))
        .await
        .unwrap();
    let me = guard::load_staff(db, lea).await.unwrap().unwrap();
    assert!(!me.can(Permission::StaffManage) && me.can(Permission::UsersView));
}

engine_tests!(multi_thread: two_administrators_disabling_each_other_leaves_one);
async fn two_administrators_disabling_each_other_leaves_one(t: TestDb) {
    let db = &t.db;
    let ann = member(&t, "ann@roster.test", "Administrator").await;
    let bea = member(&t, "bea@roster.test", "Administrator").await;
    for round in 0..8 {
        let (by_ann, by_bea) = (acting(ann), acting(bea));
        let (a, b) = tokio::join!(
            staff_admin::set_disabled(db, bea, true, &by_ann),
            staff_admin::set_disabled(db, ann, true, &by_bea),
        );
        assert!(
            a.is_ok() != b.is_ok(),
            "round {round} on {}: {a:?} {b:?}",
            t.engine
        );
        let active = [status(&t, ann).await, status(&t, bea).await]
            .iter()
            .filter(|s| **s == StaffStatus::Active)
            .count();
        assert_eq!(active, 1, "round {round} on {}", t.engine);
        for id in [ann, bea] {
            staff_admin::set_disabled(db, id, false, &Actor::cli())
                .await
                .unwrap();
        }
    }
}

engine_tests!(disabling_ends_sessions_and_sign_in);
async fn disabling_ends_sessions_and_sign_in(t: TestDb) {
    let db = &t.db;
    let policy = SessionPolicy::default();
    let _ann = member(&t, "ann@roster.test", "Administrator").await;
    let sam = member(&t, "sam@roster.test", "Support").await;
    let s = session::create(db, Kind::Staff, sam, Stage::Full, &Device::default(), now())
        .await
        .unwrap();
    staff_admin::set_disabled(db, sam, true, &Actor::cli())
        .await
        .unwrap();
    assert!(session::load(db, &policy, Kind::Staff, &s.token, now())
        .await
        .unwrap()
        .is_none());
    // A session made after (it cannot be, but if it were) opens nothing.
    session::create(db, Kind::Staff, sam, Stage::Full, &Device::default(), now())
        .await
        .unwrap();
    assert!(guard::load_staff(db, sam).await.unwrap().is_none());
    let refused = staff_sign_in::check_password(
        db,
        &hasher(),
        "sam@roster.test",
        PASSWORD,
        now(),
        &Origin::UNKNOWN,
    )
    .await;
    assert!(
        matches!(
            refused,
            Err(ServiceError::SignInBlocked(Message::StaffDisabled))
        ),
        "{refused:?}"
    );
    staff_admin::set_disabled(db, sam, false, &Actor::cli())
        .await
        .unwrap();
    let back = staff_sign_in::check_password(
        db,
        &hasher(),
        "sam@roster.test",
        PASSWORD,
        now(),
        &Origin::UNKNOWN,
    )
    .await;
    assert!(back.is_ok(), "{back:?}");

    // Reset 2FA: sessions end, and the next sign-in enrols again.
    let s = session::create(db, Kind::Staff, sam, Stage::Full, &Device::default(), now())
        .await
        .unwrap();
    staff_admin::reset_two_factor(db, sam, &Actor::cli())
        .await
        .unwrap();
    assert!(session::load(db, &policy, Kind::Staff, &s.token, now())
        .await
        .unwrap()
        .is_none());
    let (_, next) = staff_sign_in::check_password(
        db,
        &hasher(),
        "sam@roster.test",
        PASSWORD,
        now(),
        &Origin::UNKNOWN,
    )
    .await
    .unwrap();
    assert_eq!(next, staff_sign_in::NextStep::Enrol);
}

engine_tests!(roles_are_named_sets_of_permissions);
async fn roles_are_named_sets_of_permissions(t: TestDb) {
    let db = &t.db;
    let _ann = member(&t, "ann@roster.test", "Administrator").await;
    let billing = RoleForm {
        name: "Billing desk".into(),
        permissions: vec![
            Permission::ClientsEdit,
            Permission::UsersView,
            Permission::ClientsView,
        ],
    };
    let id = roles::create_role(db, &billing, &Actor::cli())
        .await
        .unwrap();
    let dup = RoleForm {
        name: "billing DESK".into(),
        permissions: Vec::new(),
    };
    refused_with(
        roles::create_role(db, &dup, &Actor::cli())
            .await
            .map(|_| ()),
        Message::RoleNameTaken,
    );
    let blank = RoleForm {
        name: "  ".into(),
        permissions: Vec::new(),
    };
    refused_with(
        roles::create_role(db, &blank, &Actor::cli())
            .await
            .map(|_| ()),
        Message::RoleNameLength(64),
    );
    // An empty set is a role that opens only the dashboard.
    let nothing = RoleForm {
        name: "Nothing".into(),
        permissions: Vec::new(),
    };
    let empty = roles::create_role(db, &nothing, &Actor::cli())
        .await
        .unwrap();

    let list = roles::list_roles(db).await.unwrap();
    let row = list.iter().find(|r| r.id == id).unwrap();
    assert_eq!(
        row.permissions,
        vec![
            Permission::UsersView,
            Permission::ClientsView,
            Permission::ClientsEdit
        ],
        "in Roster's order, {}",
        t.engine
    );
    assert!(list
        .iter()
        .find(|r| r.id == empty)
        .unwrap()
        .permissions
        .is_empty());
    let admin = list.iter().find(|r| r.id == ADMINISTRATOR).unwrap();
    assert!(
        admin.built_in
            && admin.permissions.len() == <Permission as strum::VariantArray>::VARIANTS.len()
    );

    // Built-in roles stay as shipped.
    refused_with(
        roles::update_role(db, SUPPORT, 1, &nothing, &Actor::cli()).await,
        Message::BuiltInRole,
    );
    refused_with(
        roles::delete_role(db, ADMINISTRATOR, &Actor::cli()).await,
        Message::BuiltInRole,
    );

    // A member's rights follow their role from their next request.
    let bo = member(&t, "bo@roster.test", "Billing desk").await;
    let me = guard::load_staff(db, bo).await.unwrap().unwrap();
    assert!(me.can(Permission::ClientsEdit) && !me.can(Permission::UsersEdit));
    let narrower = RoleForm {
        name: "Billing desk".into(),
        permissions: vec![Permission::ClientsView],
    };
    roles::update_role(db, id, 1, &narrower, &Actor::cli())
        .await
        .unwrap();
    let me = guard::load_staff(db, bo).await.unwrap().unwrap();
    assert_eq!(me.permissions, vec![Permission::ClientsView]);
    // An edit opened before that save is refused, not applied over it.
    refused_with(
        roles::update_role(db, id, 1, &billing, &Actor::cli()).await,
        Message::RoleChanged,
    );

    // In use: not deleted until its member moves.
    refused_with(
        roles::delete_role(db, id, &Actor::cli()).await,
        Message::RoleInUse(1),
    );
    staff_admin::update_staff(
        db,
        bo,
        1,
        &form("bo", "bo@roster.test", empty),
        &Actor::cli(),
    )
    .await
    .unwrap();
    roles::delete_role(db, id, &Actor::cli()).await.unwrap();
    assert!(roles::list_roles(db)
        .await
        .unwrap()
        .iter()
        .all(|r| r.id != id));
}

engine_tests!(edits_are_checked_and_never_overwrite);
async fn edits_are_checked_and_never_overwrite(t: TestDb) {
    let db = &t.db;
    let _ann = member(&t, "ann@roster.test", "Administrator").await;
    let sam = member(&t, "sam@roster.test", "Support").await;
    refused_with(
        staff_admin::update_staff(
            db,
            sam,
            1,
            &form("Sam", "ANN@roster.test", SUPPORT),
            &Actor::cli(),
        )
        .await,
        Message::StaffEmailTaken,
    );
    refused_with(
        staff_admin::update_staff(
            db,
            sam,
            1,
            &form("Sam", "sam@roster.test", 999),
            &Actor::cli(),
        )
        .await,
        Message::NoSuchRole,
    );
    staff_admin::update_staff(
        db,
        sam,
        1,
        &form("Sam Smith", "sam.smith@roster.test", SUPPORT),
        &Actor::cli(),
    )
    .await
    .unwrap();
    refused_with(
        staff_admin::update_staff(
            db,
            sam,
            1,
            &form("Sam S", "sam@roster.test", SUPPORT),
            &Actor::cli(),
        )
        .await,
        Message::StaffChanged,
    );
    let row = list_staff(db, now())
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.id == sam)
        .unwrap();
    assert_eq!(
        (row.name.as_str(), row.email.as_str(), row.version),
        ("Sam Smith", "sam.smith@roster.test", 2)
    );
}

engine_tests!(a_one_time_password_is_replaced_at_the_first_sign_in);
async fn a_one_time_password_is_replaced_at_the_first_sign_in(t: TestDb) {
    let (db, hasher, secrets) = (&t.db, hasher(), secrets());
    let created = create_staff_with_one_time_password(
        db,
        &hasher,
        &secrets,
        &form("Nia New", "nia@roster.test", SUPPORT),
        &Actor::cli(),
    )
    .await
    .unwrap();
    let otp = created.one_time_password.clone();
    let (id, next) = staff_sign_in::check_password(
        db,
        &hasher,
        "nia@roster.test",
        &otp,
        now(),
        &Origin::UNKNOWN,
    )
    .await
    .unwrap();
    assert_eq!((id, next), (created.id, staff_sign_in::NextStep::Enrol));
    let enrolment = staff_sign_in::enrolment(db, &secrets, id).await.unwrap();
    assert!(enrolment.must_change_password);
    let secret = totp::from_base32(&enrolment.secret_base32).unwrap();
    let code = totp::code_at(&secret, now().timestamp() as u64).unwrap();
    // Without a password of their own, enrolment is refused (and nothing is enrolled).
    let keep = staff_sign_in::chosen_password_hash(db, &hasher, id, None).await;
    assert!(matches!(
        keep,
        Err(ServiceError::Validation {
            message: Message::NewPasswordNeeded,
            ..
        })
    ));
    let missing =
        staff_sign_in::confirm_enrolment(db, &secrets, id, &code, None, now(), &Actor::cli()).await;
    assert!(matches!(
        missing,
        Err(ServiceError::Validation {
            message: Message::NewPasswordNeeded,
            ..
        })
    ));
    let weak = staff_sign_in::chosen_password_hash(db, &hasher, id, Some("short")).await;
    assert!(matches!(
        weak,
        Err(ServiceError::Validation {
            field: "password",
            ..
        })
    ));
    let hash = staff_sign_in::chosen_password_hash(db, &hasher, id, Some("my very own password 7"))
        .await
        .unwrap();
    staff_sign_in::confirm_enrolment(db, &secrets, id, &code, hash, now(), &Actor::cli())
        .await
        .unwrap();
    let stored = staff::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert!(
        !stored.must_change_password && stored.totp_enrolled_at.is_some(),
        "{}",
        t.engine
    );
    // The one-time password works no more; theirs does.
    let old = staff_sign_in::check_password(
        db,
        &hasher,
        "nia@roster.test",
        &otp,
        now(),
        &Origin::UNKNOWN,
    )
    .await;
    assert!(old.is_err());
    let new = staff_sign_in::check_password(
        db,
        &hasher,
        "nia@roster.test",
        "my very own password 7",
        now(),
        &Origin::UNKNOWN,
    )
    .await;
    assert!(new.is_ok(), "{new:?}");
}

engine_tests!(my_profile_password_authenticator_and_sessions);
async fn my_profile_password_authenticator_and_sessions(t: TestDb) {
    let (db, hasher, secrets) = (&t.db, hasher(), secrets());
    let policy = SessionPolicy::default();
    let firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    let sam = member(&t, "sam@roster.test", "Support").await;
    let other = member(&t, "ola@roster.test", "Support").await;
    let mine = session::create(
        db,
        Kind::Staff,
        sam,
        Stage::Full,
        &Device::new(Some("10.0.0.1".into()), Some(firefox)),
        now(),
    )
    .await
    .unwrap();
    let laptop = session::create(db, Kind::Staff, sam, Stage::Full, &Device::default(), now())
        .await
        .unwrap();
    let theirs = session::create(
        db,
        Kind::Staff,
        other,
        Stage::Full,
        &Device::default(),
        now(),
    )
    .await
    .unwrap();

    let list = staff_profile::my_sessions(db, &policy, sam, &mine.token, now())
        .await
        .unwrap();
    assert_eq!(list.len(), 2, "{}", t.engine);
    let current = list.iter().find(|s| s.current).unwrap();
    assert_eq!(
        (current.device.as_str(), current.ip.as_deref()),
        ("Firefox on Linux", Some("10.0.0.1"))
    );
    // Someone else's session is not mine to end.
    let their_list = staff_profile::my_sessions(db, &policy, other, &theirs.token, now())
        .await
        .unwrap();
    let refused =
        staff_profile::end_my_sessions(db, sam, Which::One(&their_list[0].id), &acting(sam)).await;
    assert!(matches!(refused, Err(ServiceError::NotFound)));
    let laptop_row = list.iter().find(|s| !s.current).unwrap();
    staff_profile::end_my_sessions(db, sam, Which::One(&laptop_row.id), &acting(sam))
        .await
        .unwrap();
    assert!(
        session::load(db, &policy, Kind::Staff, &laptop.token, now())
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        session::load(db, &policy, Kind::Staff, &theirs.token, now())
            .await
            .unwrap()
            .is_some()
    );

    // Password: the current one is needed; other sessions end, this one stays.
    let again = session::create(db, Kind::Staff, sam, Stage::Full, &Device::default(), now())
        .await
        .unwrap();
    let wrong = staff_profile::change_password(
        db,
        &hasher,
        sam,
        ("not mine at all", "a new long password 42"),
        &mine.token,
        &acting(sam),
    )
    .await;
    assert!(matches!(
        wrong,
        Err(ServiceError::Validation {
            field: "current",
            ..
        })
    ));
    staff_profile::change_password(
        db,
        &hasher,
        sam,
        (PASSWORD, "a new long password 42"),
        &mine.token,
        &acting(sam),
    )
    .await
    .unwrap();
    assert!(session::load(db, &policy, Kind::Staff, &again.token, now())
        .await
        .unwrap()
        .is_none());
    assert!(session::load(db, &policy, Kind::Staff, &mine.token, now())
        .await
        .unwrap()
        .is_some());

    // Re-enrolment: a code of the current authenticator and one of the new.
    let stored = staff::Entity::find_by_id(sam)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    let old = secrets
        .open(stored.totp_secret_enc.as_deref().unwrap())
        .unwrap();
    let enrolment = staff_profile::start_reenrolment(db, &secrets, sam)
        .await
        .unwrap();
    let pending = enrolment.pending.clone().unwrap();
    let new = totp::from_base32(&enrolment.secret_base32).unwrap();
    let at = now().timestamp() as u64;
    let (old_code, new_code) = (
        totp::code_at(&old, at).unwrap(),
        totp::code_at(&new, at).unwrap(),
    );
    let wrong_current = staff_profile::confirm_reenrolment(
        db,
        &secrets,
        sam,
        ("000000", &new_code),
        &pending,
        &acting(sam),
    )
    .await;
    assert!(matches!(
        wrong_current,
        Err(ServiceError::Validation {
            field: "current_code",
            ..
        })
    ));
    // A sealed secret made for someone else does not apply to me.
    let ola = staff_profile::start_reenrolment(db, &secrets, other)
        .await
        .unwrap();
    let foreign = staff_profile::confirm_reenrolment(
        db,
        &secrets,
        sam,
        (&old_code, &new_code),
        ola.pending.as_deref().unwrap(),
        &acting(sam),
    )
    .await;
    assert!(matches!(foreign, Err(ServiceError::Conflict)));
    staff_profile::confirm_reenrolment(
        db,
        &secrets,
        sam,
        (&old_code, &new_code),
        &pending,
        &acting(sam),
    )
    .await
    .unwrap();
    let stored = staff::Entity::find_by_id(sam)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        secrets
            .open(stored.totp_secret_enc.as_deref().unwrap())
            .unwrap(),
        new
    );
    // The codes are used up.
    let replay = staff_profile::confirm_reenrolment(
        db,
        &secrets,
        sam,
        (&old_code, &new_code),
        &pending,
        &acting(sam),
    )
    .await;
    assert!(replay.is_err());

    // Sign out all others.
    let extra = session::create(db, Kind::Staff, sam, Stage::Full, &Device::default(), now())
        .await
        .unwrap();
    staff_profile::end_my_sessions(db, sam, Which::AllBut(&mine.token), &acting(sam))
        .await
        .unwrap();
    assert!(session::load(db, &policy, Kind::Staff, &extra.token, now())
        .await
        .unwrap()
        .is_none());
    let left = staff_profile::my_sessions(db, &policy, sam, &mine.token, now())
        .await
        .unwrap();
    assert_eq!(left.len(), 1);
}
