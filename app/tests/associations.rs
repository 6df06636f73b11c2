//! Users on clients: permissions, ownership and its transfer, removal, on SQLite and
//! PostgreSQL.
use app::db::{audit_log, client_users, users};
use app::engine_tests;
use app::model::client::ClientPermission;
use app::model::client_page::AssociateOutcome;
use app::model::messages::Message;
use app::model::user_list::UserStatus;
use app::service::associations::{associate_user, make_owner, remove_user, set_permissions};
use app::service::audit::{Actor, ActorKind};
use app::service::ServiceError;
use app::testing as support;
use app::testing::TestDb;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder};
use uuid::Uuid;
use ClientPermission::{Emails, Invoices, Profile, Tickets};

async fn user(db: &app::db::Db, email: &str, status: UserStatus) -> Uuid {
    support::insert_user(db, email, status).await
}

async fn link(db: &app::db::Db, c: Uuid, u: Uuid) -> client_users::Model {
    client_users::Entity::find_by_id((c, u))
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

fn staff() -> Actor {
    Actor {
        kind: ActorKind::Staff,
        id: Some(Uuid::now_v7()),
        label: "Sam".into(),
        ip: None,
        request_id: None,
    }
}

engine_tests!(permissions_ownership_transfer_and_removal);
async fn permissions_ownership_transfer_and_removal(t: TestDb) {
    let (db, e) = (&t.db, t.engine);
    let acme = support::insert_client(db, "Acme Ltd").await;
    let ann = user(db, "ann@x.com", UserStatus::Active).await;
    let bob = user(db, "bob@x.com", UserStatus::Inactive).await;

    let done = associate_user(db, acme, ann, true, &[Profile], &staff())
        .await
        .unwrap();
    assert_eq!(done, AssociateOutcome::Done, "{e}");
    let warned = associate_user(db, acme, bob, false, &[Tickets, Invoices], &staff())
        .await
        .unwrap();
    assert_eq!(
        warned,
        AssociateOutcome::UserInactive,
        "{e}: INACTIVE is allowed, with a warning"
    );
    assert_eq!(
        link(db, acme, bob).await.permissions.into_vec(),
        [Invoices, Tickets],
        "{e}"
    );
    let twice = associate_user(db, acme, ann, false, &[], &staff())
        .await
        .unwrap_err();
    let ServiceError::Fields(errors) = twice else {
        panic!("{e}: {twice:?}")
    };
    assert_eq!(errors[0].message, Message::AlreadyAssociated);

    // Ownership moves; Ann keeps an ordinary association with her explicit permissions.
    make_owner(db, acme, bob, &staff()).await.unwrap();
    let (a, b) = (link(db, acme, ann).await, link(db, acme, bob).await);
    assert!(!a.owner && b.owner, "{e}");
    assert_eq!(a.permissions.into_vec(), [Profile], "{e}");

    set_permissions(db, acme, ann, &[Emails, Profile], &staff())
        .await
        .unwrap();
    assert_eq!(
        link(db, acme, ann).await.permissions.into_vec(),
        [Profile, Emails],
        "{e}"
    );

    // The owner stays until ownership has moved; others can be removed.
    let refused = remove_user(db, acme, bob, &staff()).await.unwrap_err();
    assert!(
        matches!(refused, ServiceError::Fields(_)),
        "{e}: {refused:?}"
    );
    remove_user(db, acme, ann, &staff()).await.unwrap();
    let ann_row = users::Entity::find_by_id(ann)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(ann_row.clients_count, 0, "{e}: the counter follows");

    let actions: Vec<String> = audit_log::Entity::find()
        .filter(audit_log::Column::TargetId.eq(acme.to_string()))
        .order_by_asc(audit_log::Column::At)
        .order_by_asc(audit_log::Column::Id)
        .all(db)
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.action)
        .collect();
    assert_eq!(
        actions,
        [
            "client.associate",
            "client.associate",
            "client.transfer_ownership",
            "client.permissions",
            "client.remove_user"
        ],
        "{e}"
    );
}

engine_tests!(concurrent_owner_changes_leave_exactly_one_owner);
async fn concurrent_owner_changes_leave_exactly_one_owner(t: TestDb) {
    let db = &t.db;
    let acme = support::insert_client(db, "Acme Ltd").await;
    let mut people = Vec::new();
    for i in 0..6 {
        let id = user(db, &format!("u{i}@x.com"), UserStatus::Active).await;
        associate_user(db, acme, id, false, &[Profile], &staff())
            .await
            .unwrap();
        people.push(id);
    }
    let mut attempts = tokio::task::JoinSet::new();
    for id in people {
        let db = db.clone();
        attempts.spawn(async move { make_owner(&db, acme, id, &staff()).await });
    }
    for result in attempts.join_all().await {
        assert!(
            matches!(result, Ok(()) | Err(ServiceError::Conflict)),
            "{}: {result:?}",
            t.engine
        );
    }
    let owners = client_users::Entity::find()
        .filter(client_users::Column::ClientId.eq(acme))
        .filter(client_users::Column::Owner.eq(true))
        .count(db)
        .await
        .unwrap();
    assert_eq!(owners, 1, "{}", t.engine);
}
