//! Staff invitations by mail, on SQLite and PostgreSQL: the new member chooses their password
//! through the link once, then enrols at sign-in; sending again, a disabled member, a changed
//! address and a server that sends no mail.
mod mail_common;
mod staff_common;

use app::db::{audit_log, Db};
use app::engine_tests;
use app::model::mail::{LinkError, LinkPurpose, MailKind};
use app::model::messages::Message;
use app::model::StaffStatus;
use app::model::{Permission, RoleForm};
use app::service::audit::{Actor, Origin};
use app::service::mail::sender::deliver_due;
use app::service::mail::MailContext;
use app::service::staff::{add_staff, list_staff};
use app::service::staff_invitations::{accept_invitation, invitation, resend_invitation};
use app::service::staff_rules::ADMINISTRATOR;
use app::service::staff_sign_in::{check_password, NextStep};
use app::service::{roles, self_service, staff_admin, ServiceError};
use app::testing::TestDb;
use mail_common::{audited, clocked, outbox_rows, token, Recorder};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use staff_common::{acting, form, hasher, member, refused_with, secrets, PASSWORD};
use uuid::Uuid;

const CHOSEN: &str = "quiet harbour lantern 7";

async fn status(db: &Db, id: Uuid) -> StaffStatus {
    let rows = list_staff(db, db.now()).await.unwrap();
    rows.into_iter().find(|r| r.id == id).unwrap().status
}

/// An Administrator, and a member they invited (Support); the invitation's token as sent.
async fn invited(t: &TestDb, db: &Db, transport: &Recorder) -> (Uuid, Uuid, String) {
    let admin = member(t, "admin@roster.test", "Administrator").await;
    let new = form("Nia New", "nia@roster.test", 2);
    let created = add_staff(db, &hasher(), &secrets(), &new, true, &acting(admin))
        .await
        .unwrap();
    deliver_due(db, transport).await.unwrap();
    (
        admin,
        created.id,
        token(&transport.link_to("nia@roster.test")),
    )
}

fn link_refused<T: std::fmt::Debug>(result: Result<T, ServiceError>, expected: LinkError) {
    match result {
        Err(ServiceError::Link(e)) => assert_eq!(e, expected),
        other => panic!("expected {expected:?}, got {other:?}"),
    }
}

engine_tests!(an_invited_member_chooses_a_password_once_then_enrols);
async fn an_invited_member_chooses_a_password_once_then_enrols(t: TestDb) {
    let (e, (db, _)) = (t.engine, clocked(&t));
    let transport = Recorder::default();
    let admin = member(&t, "admin@roster.test", "Administrator").await;
    let new = form("Nia New", "nia@roster.test", 2);
    let created = add_staff(&db, &hasher(), &secrets(), &new, true, &acting(admin))
        .await
        .unwrap();
    assert_eq!(created.one_time_password, None, "{e}: nobody is shown one");
    assert_eq!(status(&db, created.id).await, StaffStatus::Invited, "{e}");
    let queued = outbox_rows(&db).await;
    assert_eq!(queued.len(), 1, "{e}");
    let m = &queued[0];
    assert_eq!(
        (
            m.kind,
            m.user_id,
            m.to_address.as_str(),
            m.language.as_str()
        ),
        (MailKind::StaffInvitation, None, "nia@roster.test", "en"),
        "{e}"
    );
    assert_eq!(m.subject, "Your staff account", "{e}");
    let created_entry = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("staff.create"))
        .filter(audit_log::Column::TargetId.eq(created.id.to_string()))
        .one(&db)
        .await
        .unwrap()
        .expect("audited");
    assert!(created_entry.changes.contains("invitation sent"), "{e}");

    deliver_due(&db, &transport).await.unwrap();
    let link = transport.link_to("nia@roster.test");
    assert!(
        link.starts_with("http://localhost:3000/admin/invitation/"),
        "{e}: {link}"
    );
    let token = token(&link);
    let page = invitation(&db, &token, db.now()).await.unwrap();
    assert_eq!(
        (page.name.as_str(), page.email.as_str()),
        ("Nia New", "nia@roster.test"),
        "{e}"
    );
    // Nothing signs in before the password is chosen: not the Administrator's guess either.
    let origin = Origin::UNKNOWN;
    let guess = check_password(
        &db,
        &hasher(),
        "nia@roster.test",
        PASSWORD,
        db.now(),
        &origin,
    )
    .await;
    assert!(guess.is_err(), "{e}");
    // A staff link opens only its own page, never the client area's.
    link_refused(
        self_service::check_link(&db, &token, LinkPurpose::StaffInvitation, db.now()).await,
        LinkError::Invalid,
    );

    let weak = accept_invitation(&db, &hasher(), &token, "short", &origin).await;
    assert!(
        matches!(&weak, Err(ServiceError::Validation { field, .. }) if *field == "password"),
        "{e}: {weak:?}"
    );
    accept_invitation(&db, &hasher(), &token, CHOSEN, &origin)
        .await
        .unwrap();
    assert_eq!(status(&db, created.id).await, StaffStatus::Active, "{e}");
    let accepted = audited(&db, "staff.invitation_accept").await;
    assert_eq!(
        accepted.actor_id,
        Some(created.id),
        "{e}: by the new member"
    );
    link_refused(
        accept_invitation(&db, &hasher(), &token, CHOSEN, &origin).await,
        LinkError::Used,
    );
    let (id, next) = check_password(&db, &hasher(), "nia@roster.test", CHOSEN, db.now(), &origin)
        .await
        .unwrap();
    assert_eq!(id, created.id, "{e}");
    assert!(
        matches!(next, NextStep::Enrol),
        "{e}: the authenticator comes next"
    );
    refused_with(
        resend_invitation(&db, created.id, &acting(admin)).await,
        Message::NotInvited,
    );
}

engine_tests!(only_the_last_invitation_to_the_current_address_works);
async fn only_the_last_invitation_to_the_current_address_works(t: TestDb) {
    let (e, (db, _)) = (t.engine, clocked(&t));
    let transport = Recorder::default();
    let (admin, id, first) = invited(&t, &db, &transport).await;

    resend_invitation(&db, id, &acting(admin)).await.unwrap();
    audited(&db, "staff.invitation_send").await;
    deliver_due(&db, &transport).await.unwrap();
    let second = token(&transport.link_to("nia@roster.test"));
    assert_ne!(first, second, "{e}");
    link_refused(invitation(&db, &first, db.now()).await, LinkError::Invalid);
    invitation(&db, &second, db.now()).await.unwrap();

    // Disabled: the link stops working, and nothing is sent again.
    staff_admin::set_disabled(&db, id, true, &acting(admin))
        .await
        .unwrap();
    link_refused(invitation(&db, &second, db.now()).await, LinkError::Invalid);
    refused_with(
        resend_invitation(&db, id, &acting(admin)).await,
        Message::NotInvited,
    );
    staff_admin::set_disabled(&db, id, false, &acting(admin))
        .await
        .unwrap();
    assert_eq!(status(&db, id).await, StaffStatus::Invited, "{e}");

    // A new address: a link to the old one no longer lets anyone in.
    let version = list_staff(&db, db.now())
        .await
        .unwrap()
        .into_iter()
        .find(|r| r.id == id)
        .unwrap()
        .version;
    let moved = form("Nia New", "nia.new@roster.test", 2);
    staff_admin::update_staff(&db, id, version, &moved, &acting(admin))
        .await
        .unwrap();
    let origin = Origin::UNKNOWN;
    link_refused(
        accept_invitation(&db, &hasher(), &second, CHOSEN, &origin).await,
        LinkError::Invalid,
    );
    resend_invitation(&db, id, &acting(admin)).await.unwrap();
    deliver_due(&db, &transport).await.unwrap();
    let third = token(&transport.link_to("nia.new@roster.test"));
    accept_invitation(&db, &hasher(), &third, CHOSEN, &origin)
        .await
        .unwrap();
}

engine_tests!(without_mail_going_out_staff_get_a_one_time_password);
async fn without_mail_going_out_staff_get_a_one_time_password(t: TestDb) {
    let e = t.engine;
    let no_mail = MailContext {
        delivers: false,
        ..MailContext::default()
    };
    let db = t.db.clone().with_mail(no_mail);
    let admin = member(&t, "admin@roster.test", "Administrator").await;
    let new = form("Nia New", "nia@roster.test", 2);
    let refused = add_staff(&db, &hasher(), &secrets(), &new, true, &acting(admin)).await;
    match refused {
        Err(ServiceError::Validation { field, message }) => {
            assert_eq!((field, message), ("invite", Message::MailNotSent), "{e}")
        }
        other => panic!("{e}: {:?}", other.map(|c| c.id)),
    }
    assert!(outbox_rows(&db).await.is_empty(), "{e}: nothing queued");
    let created = add_staff(&db, &hasher(), &secrets(), &new, false, &acting(admin))
        .await
        .unwrap();
    assert!(created.one_time_password.is_some(), "{e}");
    assert_eq!(status(&db, created.id).await, StaffStatus::Active, "{e}");
}

engine_tests!(an_invited_administrator_does_not_count_as_one_yet);
async fn an_invited_administrator_does_not_count_as_one_yet(t: TestDb) {
    let (db, _) = clocked(&t);
    let admin = member(&t, "admin@roster.test", "Administrator").await;
    let desk_role = RoleForm {
        name: "Staff desk".into(),
        permissions: vec![Permission::StaffManage],
    };
    roles::create_role(&db, &desk_role, &Actor::cli())
        .await
        .unwrap();
    let desk = member(&t, "desk@roster.test", "Staff desk").await;
    let new = form("Ada Next", "ada@roster.test", ADMINISTRATOR);
    add_staff(&db, &hasher(), &secrets(), &new, true, &acting(admin))
        .await
        .unwrap();
    // The only Administrator who can sign in is not disabled for one who cannot yet.
    refused_with(
        staff_admin::set_disabled(&db, admin, true, &acting(desk)).await,
        Message::LastAdministrator,
    );
}
