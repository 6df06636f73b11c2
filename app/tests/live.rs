//! Live updates from the data layer, on SQLite (connection notes published when a connection
//! returns to the pool) and PostgreSQL (triggers NOTIFY at commit, a LISTEN task feeds the bus):
//! committed changes arrive with their ids, rolled-back ones never, bulk writes as one "many".
use app::db::users;
use app::engine_tests;
use app::events::{Event, EventBus};
use app::model::live::{Change, ChangeKind, ChangeOp};
use app::model::user_list::UserStatus;
use app::service::associations::associate_user;
use app::service::audit::Actor;
use app::testing::{self as support, TestDb};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, EntityTrait, IntoActiveModel, QueryFilter, Set, TransactionTrait,
};
use std::time::Duration;
use tokio::sync::broadcast::Receiver;
use uuid::Uuid;

/// The engine's live wiring: a connection whose commits reach the returned bus.
async fn live(t: &TestDb) -> (app::db::Db, EventBus, Receiver<Event>) {
    let bus = EventBus::new();
    let mut rx = bus.subscribe();
    if t.engine == "sqlite" {
        let db = app::db::connect_live(&t.url, &bus, app::db::default_pool(&t.url))
            .await
            .unwrap();
        (app::db::Db::new(db), bus, rx)
    } else {
        tokio::spawn(app::events::postgres::listen(t.url.clone(), bus.clone()));
        // The listener announces itself with a resync once it is listening.
        assert_eq!(next(&mut rx).await, Event::Resync);
        (t.db.clone(), bus, rx)
    }
}

async fn next(rx: &mut Receiver<Event>) -> Event {
    tokio::time::timeout(Duration::from_secs(5), rx.recv())
        .await
        .expect("an event within 5 s")
        .unwrap()
}

fn change(kind: ChangeKind, op: ChangeOp, id: Uuid) -> Event {
    Event::Change(Change {
        kind,
        op,
        id: Some(id),
    })
}

/// The events of one write: the next one, and any that follow within 300 ms.
async fn burst(rx: &mut Receiver<Event>) -> Vec<Event> {
    let mut got = vec![next(rx).await];
    while let Ok(Ok(event)) = tokio::time::timeout(Duration::from_millis(300), rx.recv()).await {
        got.push(event);
    }
    got
}

engine_tests!(committed_changes_reach_the_bus_with_their_ids);
async fn committed_changes_reach_the_bus_with_their_ids(t: TestDb) {
    use ChangeKind::{Client, User};
    use ChangeOp::{Delete, Insert, Update};

    let e = t.engine;
    let (db, _bus, mut rx) = live(&t).await;

    let ann = support::insert_user(&db, "ann@x.test", UserStatus::New).await;
    assert_eq!(next(&mut rx).await, change(User, Insert, ann), "{e}");

    let acme = support::insert_client(&db, "Acme").await;
    assert_eq!(next(&mut rx).await, change(Client, Insert, acme), "{e}");

    // An association changes both sides (and their counters).
    associate_user(&db, acme, ann, true, &[], &Actor::cli())
        .await
        .unwrap();
    let got = burst(&mut rx).await;
    assert!(got.contains(&change(Client, Update, acme)), "{e}: {got:?}");
    assert!(got.contains(&change(User, Update, ann)), "{e}: {got:?}");

    // A rolled-back write is never announced: the next event is the change after it.
    let txn = db.begin().await.unwrap();
    let user = users::Entity::find_by_id(ann)
        .one(&txn)
        .await
        .unwrap()
        .unwrap();
    let mut edit = user.into_active_model();
    edit.first_name = Set("Rolled back".into());
    edit.update(&txn).await.unwrap();
    txn.rollback().await.unwrap();
    let bob = support::insert_user(&db, "bob@x.test", UserStatus::New).await;
    assert_eq!(
        burst(&mut rx).await,
        [change(User, Insert, bob)],
        "{e}: no rolled-back event"
    );

    // Deleting a user: the user, and the client whose association went with them.
    users::Entity::delete_by_id(ann).exec(&db).await.unwrap();
    let got = burst(&mut rx).await;
    assert!(got.contains(&change(User, Delete, ann)), "{e}: {got:?}");
    assert!(got.contains(&change(Client, Update, acme)), "{e}: {got:?}");

    // A bulk write (one statement, as the seed's) travels as one "many" change.
    let rows = (0..150).map(|i| support::user_model(&format!("bulk{i}@x.test"), UserStatus::New));
    users::Entity::insert_many(rows).exec(&db).await.unwrap();
    let many = Event::Change(Change {
        kind: User,
        op: Insert,
        id: None,
    });
    assert_eq!(burst(&mut rx).await, [many], "{e}");
    let left = users::Entity::find()
        .filter(users::Column::Email.starts_with("bulk"))
        .all(&db)
        .await
        .unwrap();
    assert_eq!(left.len(), 150, "{e}");
}

engine_tests!(staff_and_role_changes_reach_the_bus);
async fn staff_and_role_changes_reach_the_bus(t: TestDb) {
    use app::model::{Permission, RoleForm};
    use app::service::{roles, staff, staff_admin};
    let e = t.engine;
    let (db, _bus, mut rx) = live(&t).await;
    let input = staff::NewStaff {
        email: "sam@roster.test".into(),
        name: "Sam".into(),
        role: "Support".into(),
        password: "a long enough password".into(),
        totp_secret: None,
    };
    let hasher = app::auth::password::PasswordHasher::new(1);
    let secrets = app::auth::secret_box::SecretBox::new(&[1u8; 32]);
    let sam = staff::create_staff(&db, &hasher, &secrets, input, &Actor::cli())
        .await
        .unwrap();
    assert!(
        burst(&mut rx)
            .await
            .contains(&change(ChangeKind::Staff, ChangeOp::Insert, sam)),
        "{e}"
    );
    // Disabling is what closes the member's open consoles: it must be announced.
    staff_admin::set_disabled(&db, sam, true, &Actor::cli())
        .await
        .unwrap();
    assert!(
        burst(&mut rx)
            .await
            .contains(&change(ChangeKind::Staff, ChangeOp::Update, sam)),
        "{e}"
    );
    // A role's change moves its members' rights: "staff, many".
    let form = RoleForm {
        name: "Billing desk".into(),
        permissions: vec![Permission::ClientsView],
    };
    roles::create_role(&db, &form, &Actor::cli()).await.unwrap();
    let many = Event::Change(Change {
        kind: ChangeKind::Staff,
        op: ChangeOp::Update,
        id: None,
    });
    assert!(burst(&mut rx).await.contains(&many), "{e}");
}

engine_tests!(a_users_session_beginning_and_ending_is_a_change_to_them);
async fn a_users_session_beginning_and_ending_is_a_change_to_them(t: TestDb) {
    use app::auth::session::{self, Device, Kind, Stage};
    use app::service::{sessions::Which, user_sessions};
    let e = t.engine;
    let (db, _bus, mut rx) = live(&t).await;
    let ann = support::insert_user(&db, "ann@x.test", UserStatus::Active).await;
    burst(&mut rx).await;
    let now = support::now();
    session::create(&db, Kind::User, ann, Stage::Full, &Device::default(), now)
        .await
        .unwrap();
    let updated = change(ChangeKind::User, ChangeOp::Update, ann);
    assert!(burst(&mut rx).await.contains(&updated), "{e}: signed in");
    user_sessions::end(&db, ann, Which::All, &Actor::cli())
        .await
        .unwrap();
    assert!(burst(&mut rx).await.contains(&updated), "{e}: signed out");
}
