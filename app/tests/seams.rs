//! Where a user's own action meets a staff action (and other seams issue 16 found), as
//! services, on SQLite and PostgreSQL.
use app::auth::password::PasswordHasher;
use app::auth::secret_box::SecretBox;
use app::auth::session::{self, Device, Kind, Stage};
use app::db::{audit_log, sessions, user_recovery_codes, users};
use app::engine_tests;
use app::model::messages::Message;
use app::model::user_form::two_factor_summary;
use app::model::user_list::UserStatus;
use app::model::user_list::{TwoFactorState, UserListQuery};
use app::service::account::{account, unlock_user};
use app::service::associations::{associate_user, remove_user};
use app::service::user_list::list_users;
use app::service::user_sign_in::UserNext;
use app::service::users::{load_for_edit, update_user};
use app::service::ServiceError;
use app::testing as support;
use app::testing::now;
use app::testing::TestDb;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};

mod common;

use common::*;

engine_tests!(a_staff_edit_keeps_the_2fa_a_user_set_up_themselves);
async fn a_staff_edit_keeps_the_2fa_a_user_set_up_themselves(t: TestDb) {
    let hasher = PasswordHasher::new(1);
    let secrets = SecretBox::new(&[5u8; 32]);

    let (db, e) = (&t.db, t.engine);
    let id = user(db, &hasher, "ann@x.test").await;
    self_enrol(db, &secrets, id).await;
    session::create(db, Kind::User, id, Stage::Full, &Device::default(), now())
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

engine_tests!(a_changed_address_is_unverified_unless_the_same_save_marks_it);
async fn a_changed_address_is_unverified_unless_the_same_save_marks_it(t: TestDb) {
    let hasher = PasswordHasher::new(1);

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

engine_tests!(a_change_and_its_audit_entry_commit_together);
async fn a_change_and_its_audit_entry_commit_together(t: TestDb) {
    let (db, e) = (&t.db, t.engine);
    let id = support::insert_user(db, "ann@x.test", UserStatus::Active).await;
    users::Entity::update_many()
        .col_expr(users::Column::FailedLogins, Expr::value(12))
        .filter(users::Column::Id.eq(id))
        .exec(db)
        .await
        .unwrap();
    // The audit entry cannot be written: the change must not stay either.
    support::drop_table_from_outside(&t.url, "audit_log").await;
    let unlocked = unlock_user(db, id, &staff("Sam"), now()).await;
    assert!(unlocked.is_err(), "{e}");
    let u = get(db, id).await;
    assert_eq!(u.failed_logins, 12, "{e}: the unlock was rolled back");
}

engine_tests!(removing_and_associating_answer_plainly_when_someone_was_faster);
async fn removing_and_associating_answer_plainly_when_someone_was_faster(t: TestDb) {
    let hasher = PasswordHasher::new(1);

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
        Err(ServiceError::Fields(f)) => assert_eq!(f[0].message, Message::NotAMember, "{e}"),
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
        Err(ServiceError::Fields(f)) => assert_eq!(f[0].message, Message::UserGone, "{e}"),
        other => panic!("{e}: {other:?}"),
    }
}
