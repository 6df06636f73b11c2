//! 32 staff sessions writing at once (create, edit, associate, delete), on SQLite and on
//! PostgreSQL: every write succeeds (no "database is locked", no internal error), the final
//! counts are exact and the audit log holds exactly one entry per change.
use app::auth::password::PasswordHasher;
use app::db::{audit_log, client_users, clients, users};
use app::engine_tests;
use app::model::client::ClientPermission;
use app::model::user_form::UserForm;
use app::model::user_list::UserStatus;
use app::service::associations::associate_user;
use app::service::audit::Actor;
use app::service::users::{create_user, delete_user, update_user};
use app::testing as support;
use app::testing::TestDb;
use sea_orm::{EntityTrait, PaginatorTrait};
use uuid::Uuid;

const TASKS: usize = 32;
const CYCLES: usize = 10;
/// create, edit, associate, edit, and delete (odd cycles) or a third edit.
const WRITES_PER_CYCLE: usize = 5;

fn form(task: usize, cycle: usize, edit: usize) -> UserForm {
    UserForm {
        email: format!("t{task}c{cycle}@x.test"),
        password: if edit == 0 {
            "a long enough password 42".into()
        } else {
            Default::default()
        },
        first_name: format!("Task{task}"),
        last_name: format!("Cycle{cycle}Edit{edit}"),
        status: if edit == 0 {
            UserStatus::New
        } else {
            UserStatus::Active
        },
        ..Default::default()
    }
}

async fn version(db: &app::db::Db, id: Uuid) -> i32 {
    users::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
        .version
}

/// One staff member's 50 writes; the first error ends it.
async fn writer(
    db: app::db::Db,
    hasher: PasswordHasher,
    task: usize,
    client: Uuid,
) -> Result<(), String> {
    let actor = Actor::cli();
    let fail = |what: &str, e: app::service::ServiceError| format!("task {task} {what}: {e:?}");
    for cycle in 0..CYCLES {
        let id = create_user(&db, &hasher, form(task, cycle, 0), &actor)
            .await
            .map_err(|e| fail("create", e))?;
        let edit = |n| form(task, cycle, n);
        update_user(
            &db,
            &hasher,
            id,
            version(&db, id).await,
            edit(1),
            false,
            &actor,
        )
        .await
        .map_err(|e| fail("edit", e))?;
        associate_user(
            &db,
            client,
            id,
            cycle == 0,
            &[ClientPermission::Profile],
            &actor,
        )
        .await
        .map_err(|e| fail("associate", e))?;
        update_user(
            &db,
            &hasher,
            id,
            version(&db, id).await,
            edit(2),
            false,
            &actor,
        )
        .await
        .map_err(|e| fail("edit", e))?;
        if cycle % 2 == 1 {
            delete_user(&db, id, &actor)
                .await
                .map_err(|e| fail("delete", e))?;
        } else {
            update_user(
                &db,
                &hasher,
                id,
                version(&db, id).await,
                edit(3),
                false,
                &actor,
            )
            .await
            .map_err(|e| fail("edit", e))?;
        }
    }
    Ok(())
}

engine_tests!(multi_thread: thirty_two_writers_lose_nothing_and_audit_every_change);
async fn thirty_two_writers_lose_nothing_and_audit_every_change(t: TestDb) {
    let (db, e) = (&t.db, t.engine);
    let hasher = PasswordHasher::new(4);
    let audit_before = audit_log::Entity::find().count(db).await.unwrap();
    let mut tasks = Vec::new();
    for task in 0..TASKS {
        let client = support::insert_client(db, &format!("Company {task}")).await;
        tasks.push(tokio::spawn(writer(
            db.clone(),
            hasher.clone(),
            task,
            client,
        )));
    }
    let errors: Vec<String> = futures::future::join_all(tasks)
        .await
        .into_iter()
        .filter_map(|r| r.unwrap().err())
        .collect();
    assert!(errors.is_empty(), "{e}: {errors:#?}");

    let kept = (TASKS * CYCLES / 2) as u64;
    assert_eq!(
        users::Entity::find().count(db).await.unwrap(),
        kept,
        "{e}: users"
    );
    assert_eq!(
        client_users::Entity::find().count(db).await.unwrap(),
        kept,
        "{e}: associations"
    );
    for client in clients::Entity::find().all(db).await.unwrap() {
        assert_eq!(
            client.users_count,
            (CYCLES / 2) as i32,
            "{e}: {:?}",
            client.company_name
        );
    }
    for user in users::Entity::find().all(db).await.unwrap() {
        assert_eq!(user.clients_count, 1, "{e}: {}", user.email);
        assert!(
            user.last_name.ends_with("Edit3"),
            "{e}: {}: every edit kept",
            user.email
        );
    }
    // The dashboard's trigger-kept counts survived the same contention.
    let shown = app::service::dashboard::dashboard(db, false).await.unwrap();
    let statuses: u64 = shown.by_status.iter().map(|(_, n)| n).sum();
    let states: u64 = shown.by_two_factor.iter().map(|(_, n)| n).sum();
    let created: u64 = shown.created.iter().map(|d| d.n).sum();
    assert_eq!(
        (shown.users, statuses, states, created),
        (kept, kept, kept, kept),
        "{e}: dashboard"
    );
    let audit = audit_log::Entity::find().count(db).await.unwrap() - audit_before;
    assert_eq!(
        audit,
        (TASKS * CYCLES * WRITES_PER_CYCLE) as u64,
        "{e}: one audit entry per change"
    );
}
