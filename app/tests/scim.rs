//! SCIM provisioning as services, on SQLite and PostgreSQL: what a token reaches, the one
//! namespace of emails and user names, the filters' answers, a provider's PUT meeting what
//! staff and the user set, and groups as client accounts with their members.
use app::auth::password::PasswordHasher;
use app::auth::secret_box::SecretBox;
use app::db::{audit_log, users};
use app::engine_tests;
use app::model::client::{ClientPermission, ClientStatus};
use app::model::messages::Message;
use app::model::user_list::UserStatus;
use app::service::associations::make_owner;
use app::service::scim::groups::{self, GroupInput};
use app::service::scim::users::{self as scim_users, UserInput};
use app::service::scim::{ListRequest, Reach, ScimError};
use app::service::users::{load_for_edit, update_user};
use app::service::ServiceError;
use app::testing as support;
use app::testing::TestDb;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

mod common;

use common::{self_enrol, staff};

fn input(user_name: &str, email: Option<&str>) -> UserInput {
    UserInput {
        user_name: user_name.into(),
        given_name: "Barbara".into(),
        family_name: "Jensen".into(),
        email: email.map(Into::into),
        active: true,
        ..Default::default()
    }
}

fn query(filter: &str) -> ListRequest {
    ListRequest {
        filter: Some(filter.into()),
        start_index: 1,
        count: 100,
        ..Default::default()
    }
}

async fn names(db: &app::db::Db, reach: Reach, request: ListRequest) -> (u64, Vec<String>) {
    let page = scim_users::list_users(db, reach, &request).await.unwrap();
    let names = page
        .rows
        .into_iter()
        .map(|u| u.scim_user_name.unwrap_or(u.email))
        .collect();
    (page.total, names)
}

fn field_messages(error: ScimError) -> Vec<(String, Message)> {
    match error {
        ScimError::Service(ServiceError::Fields(fields)) => {
            fields.into_iter().map(|f| (f.field, f.message)).collect()
        }
        other => panic!("expected field errors, got {other:?}"),
    }
}

engine_tests!(a_scim_token_reaches_what_scim_created_and_names_are_one_namespace);
async fn a_scim_token_reaches_what_scim_created_and_names_are_one_namespace(t: TestDb) {
    let (db, e) = (&t.db, t.engine);
    let hasher = PasswordHasher::new(1);
    let idp = staff("SCIM provisioning");
    let console = support::insert_user(db, "staff-made@example.com", UserStatus::Active).await;

    // Staff's user is out of a plain `scim` token's sight, in lists and by id...
    let (total, _) = names(
        db,
        Reach::Provisioned,
        query(r#"userName eq "staff-made@example.com""#),
    )
    .await;
    assert_eq!(total, 0, "{e}");
    assert!(matches!(
        scim_users::get_user(db, Reach::Provisioned, console).await,
        Err(ScimError::Service(ServiceError::NotFound))
    ));
    // ...and cannot be taken over by provisioning its address.
    let taken = scim_users::create_user(db, &hasher, input("staff-made@example.com", None), &idp)
        .await
        .unwrap_err();
    assert_eq!(
        field_messages(taken),
        vec![("email".into(), Message::EmailTaken)],
        "{e}"
    );
    // `scim:all` sees it, to link a directory to what was there before.
    let (total, _) = names(
        db,
        Reach::Everything,
        query(r#"userName eq "STAFF-MADE@example.com""#),
    )
    .await;
    assert_eq!(total, 1, "{e}");

    // A provider's own name for a user, apart from the email.
    let bj = scim_users::create_user(
        db,
        &hasher,
        input("BJensen", Some("barbara@example.com")),
        &idp,
    )
    .await
    .unwrap();
    assert!(bj.scim_managed && bj.status == UserStatus::New, "{e}");
    assert_eq!(bj.scim_user_name.as_deref(), Some("BJensen"));
    assert_eq!(bj.scim_user_name_norm.as_deref(), Some("bjensen"));
    // Neither the name nor the address can be another user's name or address.
    for (user_name, email, field, message) in [
        (
            "bjensen",
            "other@example.com",
            "user_name",
            Message::UserNameTaken,
        ),
        (
            "staff-made@example.com",
            "x@example.com",
            "user_name",
            Message::UserNameTaken,
        ),
        (
            "someone",
            "BARBARA@example.com",
            "email",
            Message::EmailTaken,
        ),
    ] {
        let error = scim_users::create_user(db, &hasher, input(user_name, Some(email)), &idp)
            .await
            .unwrap_err();
        assert_eq!(
            field_messages(error),
            vec![(field.into(), message)],
            "{e}: {user_name}"
        );
    }
    // The name used as an email by the console is refused too.
    let mut console_edit = load_for_edit(db, console).await.unwrap();
    console_edit.form.email = "bjensen@example.org".into();
    let bj_by_email =
        scim_users::create_user(db, &hasher, input("bjensen@example.org", None), &idp)
            .await
            .unwrap();
    let clash = update_user(
        db,
        &hasher,
        console,
        console_edit.version,
        console_edit.form,
        false,
        &idp,
    )
    .await
    .unwrap_err();
    assert!(
        matches!(clash, ServiceError::Fields(ref f) if f[0].message == Message::EmailTaken),
        "{e}: {clash:?}"
    );
    assert_eq!(
        bj_by_email.scim_user_name, None,
        "{e}: a name that is the email is stored once"
    );

    // The audit trail says who provisioned.
    let entry = audit_log::Entity::find()
        .filter(audit_log::Column::TargetId.eq(bj.id.to_string()))
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(entry.actor_label, "SCIM provisioning", "{e}");
}

engine_tests!(filters_sorting_and_paging_answer_as_rfc_7644_says);
async fn filters_sorting_and_paging_answer_as_rfc_7644_says(t: TestDb) {
    let (db, e) = (&t.db, t.engine);
    let hasher = PasswordHasher::new(1);
    let idp = staff("idp");
    for (name, email, external, active) in [
        ("alice", "alice@corp.example", "ext-1", true),
        ("albert", "albert@home.example", "ext-2", false),
        ("bob", "bob@corp.example", "ext-3", true),
    ] {
        let mut user = input(name, Some(email));
        user.external_id = Some(external.into());
        user.active = active;
        scim_users::create_user(db, &hasher, user, &idp)
            .await
            .unwrap();
    }
    let cases: [(&str, &[&str]); 10] = [
        // Narrowed by userName: in userName order (the index's), not creation order.
        (r#"userName sw "AL""#, &["albert", "alice"]),
        (r#"userName eq "Bob""#, &["bob"]),
        (r#"userName co "l" and not (userName ew "t")"#, &["alice"]),
        (r#"externalId eq "ext-2""#, &["albert"]),
        (r#"active eq false"#, &["albert"]),
        (
            r#"emails[type eq "work" and value ew "@corp.example"]"#,
            &["alice", "bob"],
        ),
        (r#"emails.value co "HOME""#, &["albert"]),
        (
            r#"name.familyName eq "jensen" and (userName eq "bob" or userName eq "alice")"#,
            &["alice", "bob"],
        ),
        (
            r#"meta.created gt "2000-01-01T00:00:00Z""#,
            &["alice", "albert", "bob"],
        ),
        (r#"displayName pr"#, &[]),
    ];
    for (filter, expected) in cases {
        let (total, found) = names(db, Reach::Provisioned, query(filter)).await;
        assert_eq!(found, expected.to_vec(), "{e}: {filter}");
        assert_eq!(total, expected.len() as u64, "{e}: {filter}");
    }
    // Sorted, then paged: the total stays the whole match.
    let request = ListRequest {
        sort_by: Some("userName".into()),
        descending: true,
        start_index: 2,
        count: 1,
        ..Default::default()
    };
    assert_eq!(
        names(db, Reach::Provisioned, request).await,
        (3, vec!["alice".to_owned()]),
        "{e}"
    );
    for bad in [r#"title pr"#, r#"userName eq"#, r#"active gt true"#] {
        let refused = scim_users::list_users(db, Reach::Provisioned, &query(bad)).await;
        assert!(matches!(refused, Err(ScimError::Filter(_))), "{e}: {bad}");
    }
}

engine_tests!(a_provider_put_keeps_what_staff_and_the_user_set);
async fn a_provider_put_keeps_what_staff_and_the_user_set(t: TestDb) {
    let (db, e) = (&t.db, t.engine);
    let hasher = PasswordHasher::new(1);
    let secrets = SecretBox::new(&[5u8; 32]);
    let idp = staff("idp");
    let created = scim_users::create_user(db, &hasher, input("bj@example.com", None), &idp)
        .await
        .unwrap();
    // The user sets up 2FA on /account; staff require it, write a note and choose German.
    self_enrol(db, &secrets, created.id).await;
    let mut edit = load_for_edit(db, created.id).await.unwrap();
    edit.form.two_factor_required = true;
    edit.form.admin_notes = "VIP".into();
    edit.form.language = "de".into();
    update_user(
        db,
        &hasher,
        created.id,
        edit.version,
        edit.form,
        false,
        &staff("Sam"),
    )
    .await
    .unwrap();

    // A provider that knows none of that replaces the user (PUT) with a new name.
    let current = scim_users::get_user(db, Reach::Provisioned, created.id)
        .await
        .unwrap();
    let mut replacement = input("bj@example.com", None);
    replacement.family_name = "Jensen-Smith".into();
    let stale = scim_users::replace_user(
        db,
        &hasher,
        Reach::Provisioned,
        created.id,
        Some(current.version - 1),
        replacement.clone(),
        &idp,
    )
    .await;
    assert!(
        matches!(stale, Err(ScimError::Service(ServiceError::Changed(_)))),
        "{e}: {stale:?}"
    );
    let after = scim_users::replace_user(
        db,
        &hasher,
        Reach::Provisioned,
        created.id,
        Some(current.version),
        replacement,
        &idp,
    )
    .await
    .unwrap();
    assert_eq!(after.last_name, "Jensen-Smith", "{e}");
    assert!(
        after.totp_enrolled_at.is_some(),
        "{e}: the user's own 2FA stays"
    );
    assert!(after.two_factor_required, "{e}: staff's requirement stays");
    assert_eq!(
        (after.admin_notes.as_str(), after.language.as_str()),
        ("VIP", "de"),
        "{e}"
    );
    assert_eq!(
        after.status,
        UserStatus::New,
        "{e}: active keeps NEW until the first sign-in"
    );

    // `active: false` deactivates; true again makes them ACTIVE (not NEW).
    let mut off = input("bj@example.com", None);
    off.active = false;
    let off =
        scim_users::replace_user(db, &hasher, Reach::Provisioned, created.id, None, off, &idp)
            .await
            .unwrap();
    assert_eq!(off.status, UserStatus::Inactive, "{e}");
    let on = scim_users::replace_user(
        db,
        &hasher,
        Reach::Provisioned,
        created.id,
        None,
        input("bj@example.com", None),
        &idp,
    )
    .await
    .unwrap();
    assert_eq!(on.status, UserStatus::Active, "{e}");

    // Deleting needs the version read, and removes the user.
    let stale = scim_users::delete_user(db, Reach::Provisioned, created.id, Some(1), &idp).await;
    assert!(matches!(stale, Err(ScimError::Stale)), "{e}");
    scim_users::delete_user(db, Reach::Provisioned, created.id, Some(on.version), &idp)
        .await
        .unwrap();
    assert!(
        users::Entity::find_by_id(created.id)
            .one(db)
            .await
            .unwrap()
            .is_none(),
        "{e}"
    );
}

engine_tests!(groups_are_client_accounts_whose_owner_roster_keeps);
async fn groups_are_client_accounts_whose_owner_roster_keeps(t: TestDb) {
    let (db, e) = (&t.db, t.engine);
    let hasher = PasswordHasher::new(1);
    let idp = staff("idp");
    let ann = scim_users::create_user(db, &hasher, input("ann@example.com", None), &idp)
        .await
        .unwrap()
        .id;
    let ben = scim_users::create_user(db, &hasher, input("ben@example.com", None), &idp)
        .await
        .unwrap()
        .id;
    let staff_made = support::insert_user(db, "cleo@example.com", UserStatus::Active).await;

    let group = groups::create_group(
        db,
        Reach::Provisioned,
        GroupInput {
            display_name: "Acme Hosting".into(),
            external_id: Some("grp-1".into()),
            members: Some(vec![ann, staff_made, Uuid::now_v7()]),
            member_permissions: Some(vec![ClientPermission::Invoices, ClientPermission::Profile]),
        },
        &idp,
    )
    .await
    .unwrap();
    let client = &group.client;
    assert_eq!(client.company_name.as_deref(), Some("Acme Hosting"), "{e}");
    assert!(
        client.scim_managed && client.status == ClientStatus::Active,
        "{e}"
    );
    let members = group.members.unwrap();
    assert_eq!(
        members.len(),
        1,
        "{e}: staff's user and an unknown id are left out"
    );
    assert_eq!(members[0].user_id, ann);
    assert_eq!(
        members[0].permissions,
        vec![ClientPermission::Profile, ClientPermission::Invoices]
    );

    // Staff make Ann the owner; a provider's member list cannot remove her.
    make_owner(db, client.id, ann, &staff("Sam")).await.unwrap();
    let without_ann = GroupInput {
        display_name: "Acme Hosting".into(),
        members: Some(vec![ben]),
        ..Default::default()
    };
    let refused =
        groups::replace_group(db, Reach::Provisioned, client.id, None, without_ann, &idp).await;
    assert!(
        matches!(refused, Err(ScimError::Service(ServiceError::Fields(ref f))) if f[0].message == Message::OwnerStays),
        "{e}: {refused:?}"
    );
    let with_both = GroupInput {
        display_name: "Acme Hosting Ltd".into(),
        external_id: Some("grp-1".into()),
        members: Some(vec![ann, ben]),
        ..Default::default()
    };
    let renamed = groups::replace_group(db, Reach::Provisioned, client.id, None, with_both, &idp)
        .await
        .unwrap();
    assert_eq!(
        renamed.client.first_name, "Acme Hosting Ltd",
        "{e}: a provisioned contact follows the name"
    );
    assert_eq!(renamed.members.unwrap().len(), 2, "{e}");
    let found = groups::list_groups(
        db,
        Reach::Provisioned,
        &query(&format!(r#"members eq "{ben}" and externalId eq "grp-1""#)),
        false,
    )
    .await
    .unwrap();
    assert_eq!(found.total, 1, "{e}");

    // DELETE closes the account: gone from SCIM, kept in Roster.
    groups::delete_group(db, Reach::Provisioned, client.id, None, &idp)
        .await
        .unwrap();
    let gone = groups::get_group(db, Reach::Provisioned, client.id, false).await;
    assert!(
        matches!(gone, Err(ScimError::Service(ServiceError::NotFound))),
        "{e}"
    );
    let kept = app::db::clients::Entity::find_by_id(client.id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(kept.status, ClientStatus::Closed, "{e}");
}
