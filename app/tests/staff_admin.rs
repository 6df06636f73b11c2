//! Staff administration as services, on SQLite and PostgreSQL: the lock-out rules (also
//! under concurrency), roles, disabling and edits.
mod staff_common;

use app::auth::guard;
use app::auth::session::{self, Kind, SessionPolicy};
use app::engine_tests;
use app::model::messages::Message;
use app::model::{Permission, RoleForm, StaffStatus};
use app::service::audit::{Actor, Origin};
use app::service::staff::list_staff;
use app::service::staff_rules::{ADMINISTRATOR, SUPPORT};
use app::service::{roles, staff_admin, staff_sign_in, ServiceError};
use app::testing::{now, TestDb};
use staff_common::{acting, form, hasher, member, refused_with, signed_in, PASSWORD};
use uuid::Uuid;

async fn status(t: &TestDb, id: Uuid) -> StaffStatus {
    let rows = list_staff(&t.db, now()).await.unwrap();
    rows.into_iter().find(|r| r.id == id).unwrap().status
}

async fn role_of(t: &TestDb, id: Uuid) -> i32 {
    let rows = list_staff(&t.db, now()).await.unwrap();
    rows.into_iter().find(|r| r.id == id).unwrap().role_id
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
    let s = signed_in(db, sam).await;
    staff_admin::set_disabled(db, sam, true, &Actor::cli())
        .await
        .unwrap();
    assert!(session::load(db, &policy, Kind::Staff, &s.token, now())
        .await
        .unwrap()
        .is_none());
    // A session made after (it cannot be, but if it were) opens nothing.
    signed_in(db, sam).await;
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
    let s = signed_in(db, sam).await;
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
