//! Clients: create and edit (rules, unique company and tax ID, conflicts, audit), the Manage
//! Clients list (search, filter, sort, owners, counts), the user picker, and cascades, on
//! SQLite and PostgreSQL.
use app::db::{audit_log, client_users, clients, counters, users};
use app::engine_tests;
use app::model::client::ClientStatus;
use app::model::client_form::{ClientForm, EditClient};
use app::model::client_list::{ClientListQuery, ClientSortKey};
use app::model::messages::Message;
use app::model::user_list::UserStatus;
use app::model::user_list::{SortDir, Total};
use app::service::associations::{associate_user, make_owner};
use app::service::audit::{Actor, ActorKind};
use app::service::client_list::list_clients;
use app::service::clients::{client_detail, create_client, load_for_edit, update_client};
use app::service::user_picker::pick_users;
use app::service::ServiceError;
use app::testing as support;
use app::testing::TestDb;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use uuid::Uuid;

fn staff(name: &str) -> Actor {
    Actor {
        kind: ActorKind::Staff,
        id: Some(Uuid::now_v7()),
        label: name.into(),
        ip: None,
        request_id: None,
    }
}

fn form(first: &str, company: &str, tax_id: &str) -> ClientForm {
    ClientForm {
        first_name: first.into(),
        last_name: "Client".into(),
        company_name: company.into(),
        tax_id: tax_id.into(),
        status: ClientStatus::Active,
        ..Default::default()
    }
}

fn fields(err: ServiceError) -> Vec<(String, Message)> {
    let ServiceError::Fields(errors) = err else {
        panic!("expected field errors, got {err:?}")
    };
    errors.into_iter().map(|e| (e.field, e.message)).collect()
}

async fn audit_actions(db: &app::db::Db, id: Uuid) -> Vec<String> {
    let mut entries = audit_log::Entity::find()
        .filter(audit_log::Column::TargetId.eq(id.to_string()))
        .all(db)
        .await
        .unwrap();
    entries.sort_by_key(|e| e.at);
    entries.into_iter().map(|e| e.action).collect()
}

engine_tests!(create_edit_unique_and_conflicts);
async fn create_edit_unique_and_conflicts(t: TestDb) {
    let (db, e) = (&t.db, t.engine);
    let sam = staff("Sam");
    let acme = create_client(db, form("Cleo", " Acme Ltd ", "pl 5260001246"), &sam)
        .await
        .unwrap();
    let edit = load_for_edit(db, acme).await.unwrap();
    assert_eq!(edit.form.company_name, "Acme Ltd", "{e}: trimmed");
    assert_eq!(
        edit.form.tax_id, "PL 5260001246",
        "{e}: tax IDs in capitals"
    );

    // Company name and tax ID are unique when present; empty ones may repeat.
    let dup = create_client(db, form("Dan", "Acme Ltd", "PL 5260001246"), &sam)
        .await
        .unwrap_err();
    assert_eq!(
        fields(dup),
        [
            ("company_name".into(), Message::CompanyTaken),
            ("tax_id".into(), Message::TaxIdTaken),
        ],
        "{e}"
    );
    create_client(db, form("Eve", "", ""), &sam).await.unwrap();
    create_client(db, form("Fay", "", ""), &sam).await.unwrap();
    let bad = create_client(db, form(" ", "", "<b>"), &sam)
        .await
        .unwrap_err();
    let bad: Vec<String> = fields(bad).into_iter().map(|(f, _)| f).collect();
    assert_eq!(bad, ["first_name", "tax_id"], "{e}");

    // Two staff members edit the same version: the second is told who saved first.
    let mut first = edit.form.clone();
    first.status = ClientStatus::Fraud;
    update_client(db, acme, edit.version, first, false, &sam)
        .await
        .unwrap();
    let mut second = edit.form.clone();
    second.admin_notes = "late".into();
    let err = update_client(db, acme, edit.version, second.clone(), false, &staff("Kim"))
        .await
        .unwrap_err();
    let Some(conflict) = (match err {
        ServiceError::Changed(ref c) => (**c).clone().about::<EditClient>(),
        _ => None,
    }) else {
        panic!("{e}: {err:?}")
    };
    assert_eq!(conflict.by, "Sam", "{e}");
    assert_eq!(conflict.current.form.status, ClientStatus::Fraud, "{e}");
    update_client(db, acme, edit.version, second, true, &staff("Kim"))
        .await
        .unwrap();
    assert_eq!(load_for_edit(db, acme).await.unwrap().version, 3, "{e}");
    assert_eq!(
        audit_actions(db, acme).await,
        ["client.create", "client.update", "client.update"],
        "{e}"
    );
    // Editing may keep its own company name and tax ID.
    let current = load_for_edit(db, acme).await.unwrap();
    update_client(db, acme, current.version, current.form, false, &sam)
        .await
        .unwrap();
}

engine_tests!(list_search_filter_sort_and_owners);
async fn list_search_filter_sort_and_owners(t: TestDb) {
    let (db, e) = (&t.db, t.engine);
    let sam = staff("Sam");
    let make = |first: &'static str, company: &'static str, tax: &'static str, status| {
        let mut f = form(first, company, tax);
        f.status = status;
        create_client(db, f, &sam)
    };
    let acme = make("Cleo", "Acme 100% Ltd", "PL111", ClientStatus::Active)
        .await
        .unwrap();
    let bolt = make("Dora", "Bolt_Works", "DE222", ClientStatus::Fraud)
        .await
        .unwrap();
    let solo = make("Zoë", "", "", ClientStatus::New).await.unwrap();
    let ann = support::insert_user(db, "ann.owner@mail.test", UserStatus::Active).await;
    let bob = support::insert_user(db, "bob@mail.test", UserStatus::Active).await;
    associate_user(db, acme, ann, true, &[], &sam)
        .await
        .unwrap();
    associate_user(db, acme, bob, false, &[], &sam)
        .await
        .unwrap();
    associate_user(db, bolt, ann, true, &[], &sam)
        .await
        .unwrap();

    let search = |q: &str| ClientListQuery {
        q: q.into(),
        ..Default::default()
    };
    let ids = |page: app::model::client_list::ClientPage| -> Vec<Uuid> {
        page.rows.iter().map(|r| r.id).collect()
    };
    // Newest first by default; exact total from the counter.
    let all = list_clients(db, &ClientListQuery::default()).await.unwrap();
    assert_eq!(all.total, Total::Exact(3), "{e}");
    assert_eq!(ids(all.clone()), [solo, bolt, acme], "{e}");
    let acme_row = &all.rows[2];
    assert_eq!(acme_row.users, 2, "{e}");
    let owner = acme_row.owner.as_ref().expect("Acme has an owner");
    assert_eq!(
        (owner.id, owner.email.as_str()),
        (ann, "ann.owner@mail.test"),
        "{e}"
    );
    assert_eq!(
        all.rows[1].owner.as_ref().map(|o| o.id),
        Some(ann),
        "{e}: one user, two owned clients"
    );
    assert!(all.rows[0].owner.is_none(), "{e}");

    for (q, expected) in [
        ("acme", vec![acme]),
        ("ACME 100%", vec![acme]), // case, and % taken literally
        ("100_", vec![]),          // _ taken literally
        ("bolt_w", vec![bolt]),
        ("de22", vec![bolt]),            // tax ID
        ("dora client", vec![bolt]),     // "first last"
        ("zoë", vec![solo]),             // non-ASCII
        ("ann.owner", vec![bolt, acme]), // owner email
        ("mail.test", vec![bolt, acme]),
        ("bob@", vec![]),   // not an owner
        ("pl", vec![acme]), // short term: scanned
        ("'\"", vec![]),
    ] {
        assert_eq!(
            ids(list_clients(db, &search(q)).await.unwrap()),
            expected,
            "{e}: {q}"
        );
    }
    let fraud = ClientListQuery {
        status: Some(ClientStatus::Fraud),
        ..Default::default()
    };
    assert_eq!(ids(list_clients(db, &fraud).await.unwrap()), [bolt], "{e}");
    let fraud_acme = ClientListQuery {
        q: "acme".into(),
        ..fraud.clone()
    };
    assert!(
        list_clients(db, &fraud_acme).await.unwrap().rows.is_empty(),
        "{e}"
    );

    let sorted = |sort, dir| ClientListQuery {
        sort,
        dir,
        ..Default::default()
    };
    let by_name = list_clients(db, &sorted(ClientSortKey::Name, SortDir::Asc))
        .await
        .unwrap();
    assert_eq!(ids(by_name), [acme, bolt, solo], "{e}");
    let by_users = list_clients(db, &sorted(ClientSortKey::Users, SortDir::Desc))
        .await
        .unwrap();
    assert_eq!(ids(by_users)[0], acme, "{e}");
    let paged = ClientListQuery {
        page: 2,
        per_page: 25,
        ..Default::default()
    };
    assert!(
        list_clients(db, &paged).await.unwrap().rows.is_empty(),
        "{e}"
    );

    // The client page lists the owner first with the OWNER flag.
    let detail = client_detail(db, acme).await.unwrap();
    let people: Vec<(Uuid, bool)> = detail.users.iter().map(|u| (u.id, u.owner)).collect();
    assert_eq!(people, [(ann, true), (bob, false)], "{e}");
    make_owner(db, acme, bob, &sam).await.unwrap();
    let detail = client_detail(db, acme).await.unwrap();
    assert_eq!(detail.users[0].id, bob, "{e}: OWNER moved");

    // The picker searches users and marks those already on the client.
    let picked = pick_users(db, bolt, "mail.test").await.unwrap();
    let marks: Vec<(Uuid, bool)> = picked.iter().map(|c| (c.id, c.associated)).collect();
    assert_eq!(marks.len(), 2, "{e}");
    assert!(
        marks.contains(&(ann, true)) && marks.contains(&(bob, false)),
        "{e}"
    );
    assert!(pick_users(db, bolt, "  ").await.unwrap().is_empty(), "{e}");
}

engine_tests!(deleting_a_user_or_client_cascades_and_counts_follow);
async fn deleting_a_user_or_client_cascades_and_counts_follow(t: TestDb) {
    let (db, e) = (&t.db, t.engine);
    let sam = staff("Sam");
    let acme = create_client(db, form("Cleo", "Acme", ""), &sam)
        .await
        .unwrap();
    let bolt = create_client(db, form("Dora", "Bolt", ""), &sam)
        .await
        .unwrap();
    let ann = support::insert_user(db, "ann@x.test", UserStatus::Active).await;
    let bob = support::insert_user(db, "bob@x.test", UserStatus::Active).await;
    for (c, u) in [(acme, ann), (acme, bob), (bolt, bob)] {
        associate_user(db, c, u, false, &[], &sam).await.unwrap();
    }
    let users_count = |id| async move {
        clients::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .users_count
    };
    let clients_count = |id| async move {
        users::Entity::find_by_id(id)
            .one(db)
            .await
            .unwrap()
            .unwrap()
            .clients_count
    };
    assert_eq!(
        (users_count(acme).await, clients_count(bob).await),
        (2, 2),
        "{e}"
    );

    users::Entity::delete_by_id(ann).exec(db).await.unwrap();
    assert_eq!(
        users_count(acme).await,
        1,
        "{e}: a deleted user leaves the client"
    );
    clients::Entity::delete_by_id(acme).exec(db).await.unwrap();
    assert_eq!(
        clients_count(bob).await,
        1,
        "{e}: a deleted client leaves its users"
    );
    let links = client_users::Entity::find().count(db).await.unwrap();
    assert_eq!(links, 1, "{e}");
    assert_eq!(counters::clients(db).await.unwrap(), 1, "{e}");
}

engine_tests!(every_timestamp_of_a_change_comes_from_the_injected_clock);
/// The services read one clock, once per change: a client's `updated_at` and the audit entry of
/// the same save carry the same instant (they were read twice before, and differed).
async fn every_timestamp_of_a_change_comes_from_the_injected_clock(t: TestDb) {
    use app::clock::ManualClock;
    use chrono::{Duration, TimeZone, Utc};
    use std::sync::Arc;
    let start = Utc.with_ymd_and_hms(2031, 5, 6, 7, 8, 9).unwrap();
    let clock = Arc::new(ManualClock::at(start));
    let db = &t.db.clone().with_clock(clock.clone());
    let id = create_client(db, form("Cleo", "Clocked Ltd", ""), &staff("Sam"))
        .await
        .unwrap();
    clock.advance(Duration::minutes(5));
    let mut edit = form("Cleo", "Clocked Ltd", "");
    edit.admin_notes = "Moved to the new plan.".into();
    update_client(db, id, 1, edit, false, &staff("Sam"))
        .await
        .unwrap();

    let client = clients::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(client.created_at, start, "{}", t.engine);
    assert_eq!(
        client.updated_at,
        start + Duration::minutes(5),
        "{}",
        t.engine
    );
    let mut times: Vec<_> = audit_log::Entity::find()
        .filter(audit_log::Column::TargetId.eq(id.to_string()))
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.at)
        .collect();
    times.sort();
    assert_eq!(
        times,
        [client.created_at, client.updated_at],
        "{}",
        t.engine
    );
}
