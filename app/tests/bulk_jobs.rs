//! Bulk actions as background jobs, on SQLite and PostgreSQL: a worker that dies mid-job
//! and the next one that resumes it, cancelling, owners refused in a bulk delete, and edits
//! made after the selection was chosen (reported as conflicts, never overwritten).
mod staff_common;

use app::clock::ManualClock;
use app::db::{audit_log, users, Db};
use app::engine_tests;
use app::model::job::{BulkAction, ItemOutcome, JobStatus, Selection};
use app::model::messages::Message;
use app::model::user_list::{UserListQuery, UserStatus};
use app::service::jobs::worker::{claim, work_batch, Step, LEASE};
use app::service::jobs::{self, selection};
use app::service::ServiceError;
use app::testing::{self as support, now, TestDb};
use chrono::Duration;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use staff_common::{acting, member};
use std::sync::Arc;
use uuid::Uuid;

/// The test's database on a clock it moves.
fn clocked(t: &TestDb) -> (Db, Arc<ManualClock>) {
    let clock = Arc::new(ManualClock::at(now()));
    (t.db.clone().with_clock(clock.clone()), clock)
}

/// `n` ACTIVE users `prefix-i@x.test`, created before the clock's now.
async fn users_named(db: &Db, prefix: &str, n: usize) -> Vec<Uuid> {
    let rows: Vec<_> = (0..n)
        .map(|i| support::user_model(&format!("{prefix}-{i:04}@x.test"), UserStatus::Active))
        .collect();
    let ids = rows.iter().map(|r| r.id.clone().unwrap()).collect();
    for chunk in rows.chunks(200) {
        users::Entity::insert_many(chunk.to_vec())
            .exec_without_returning(db)
            .await
            .unwrap();
    }
    ids
}

fn active_matching(q: &str) -> Selection {
    Selection::Matching {
        query: UserListQuery {
            q: q.into(),
            status: Some(UserStatus::Active),
            ..Default::default()
        },
    }
}

async fn status_count(db: &Db, status: UserStatus) -> u64 {
    users::Entity::find()
        .filter(users::Column::Status.eq(status))
        .count(db)
        .await
        .unwrap()
}

async fn job(db: &Db, id: Uuid) -> app::db::jobs::Model {
    app::db::jobs::Entity::find_by_id(id)
        .one(db)
        .await
        .unwrap()
        .unwrap()
}

/// Works job `id` to its end as `worker`.
async fn finish(db: &Db, id: Uuid, worker: Uuid) {
    while work_batch(db, id, worker).await.unwrap() == Step::More {}
}

engine_tests!(a_job_resumes_after_its_worker_dies_and_changes_each_user_once);
async fn a_job_resumes_after_its_worker_dies_and_changes_each_user_once(t: TestDb) {
    let (db, clock) = clocked(&t);
    let e = t.engine;
    let ann = member(&t, "ann@staff.test", "Administrator").await;
    users_named(&db, "bulk", 450).await;
    clock.advance(Duration::seconds(1));
    let chosen = selection::count(&db, &active_matching("")).await.unwrap();
    assert_eq!(chosen.count, 450, "{e}");
    // Created after the confirmation counted: never swept in.
    clock.advance(Duration::seconds(1));
    let mut late = support::user_model("late@x.test", UserStatus::Active);
    late.created_at = sea_orm::Set(db.now());
    let late = users::Entity::insert(late)
        .exec(&db)
        .await
        .unwrap()
        .last_insert_id;

    let id = jobs::start_bulk(
        &db,
        BulkAction::Deactivate,
        active_matching(""),
        chosen.chosen_at,
        &acting(ann),
    )
    .await
    .unwrap();
    let first = Uuid::now_v7();
    assert_eq!(
        claim(&db, first).await.unwrap().map(|j| j.id),
        Some(id),
        "{e}"
    );
    assert_eq!(
        work_batch(&db, id, first).await.unwrap(),
        Step::More,
        "{e}: froze the selection"
    );
    assert_eq!(
        work_batch(&db, id, first).await.unwrap(),
        Step::More,
        "{e}: one batch"
    );
    // The first worker dies here. Its lease keeps the job from others until it ends.
    let second = Uuid::now_v7();
    assert!(
        claim(&db, second).await.unwrap().is_none(),
        "{e}: still leased"
    );
    clock.advance(LEASE + Duration::seconds(1));
    assert_eq!(
        claim(&db, second).await.unwrap().map(|j| j.id),
        Some(id),
        "{e}"
    );
    finish(&db, id, second).await;
    // The first worker, back from the dead, no longer holds the job.
    assert_eq!(
        work_batch(&db, id, first).await.unwrap(),
        Step::Finished,
        "{e}"
    );

    let done = job(&db, id).await;
    assert_eq!(done.status, JobStatus::Done, "{e}");
    assert_eq!(
        (done.total, done.done, done.unchanged, done.failed),
        (450, 450, 0, 0),
        "{e}"
    );
    assert_eq!(status_count(&db, UserStatus::Inactive).await, 450, "{e}");
    let late = users::Entity::find_by_id(late)
        .one(&db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        late.status,
        UserStatus::Active,
        "{e}: the late user was not selected"
    );
    let entries = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("user.update"))
        .filter(audit_log::Column::RequestId.eq(format!("job:{id}")))
        .count(&db)
        .await
        .unwrap();
    assert_eq!(entries, 450, "{e}: each user changed and audited once");
    let started = audit_log::Entity::find()
        .filter(audit_log::Column::Action.eq("users.bulk"))
        .one(&db)
        .await
        .unwrap()
        .expect("the job's own entry");
    assert!(
        started.changes.contains("\"count\":450"),
        "{e}: {}",
        started.changes
    );
}

engine_tests!(a_cancelled_job_stops_after_its_batch_and_keeps_what_it_did);
async fn a_cancelled_job_stops_after_its_batch_and_keeps_what_it_did(t: TestDb) {
    let (db, clock) = clocked(&t);
    let e = t.engine;
    let ann = acting(member(&t, "ann@staff.test", "Administrator").await);
    users_named(&db, "c", 450).await;
    clock.advance(Duration::seconds(1));
    let selection = active_matching("");

    // Not claimed yet: it ends at once.
    let waiting = jobs::start_bulk(
        &db,
        BulkAction::RequireTwoFactor,
        selection.clone(),
        db.now(),
        &ann,
    )
    .await
    .unwrap();
    jobs::cancel(&db, waiting, &ann).await.unwrap();
    assert_eq!(job(&db, waiting).await.status, JobStatus::Cancelled, "{e}");
    let again = jobs::cancel(&db, waiting, &ann).await;
    assert!(
        matches!(
            again,
            Err(ServiceError::Validation {
                message: Message::JobFinished,
                ..
            })
        ),
        "{e}: {again:?}"
    );

    let id = jobs::start_bulk(&db, BulkAction::Deactivate, selection, db.now(), &ann)
        .await
        .unwrap();
    let worker = Uuid::now_v7();
    assert_eq!(
        claim(&db, worker).await.unwrap().map(|j| j.id),
        Some(id),
        "{e}"
    );
    work_batch(&db, id, worker).await.unwrap();
    work_batch(&db, id, worker).await.unwrap();
    jobs::cancel(&db, id, &ann).await.unwrap();
    assert_eq!(
        job(&db, id).await.status,
        JobStatus::Running,
        "{e}: until its next batch"
    );
    assert_eq!(
        work_batch(&db, id, worker).await.unwrap(),
        Step::Finished,
        "{e}"
    );
    let stopped = job(&db, id).await;
    assert_eq!(
        (stopped.status, stopped.done),
        (JobStatus::Cancelled, 200),
        "{e}"
    );
    assert_eq!(status_count(&db, UserStatus::Inactive).await, 200, "{e}");
    assert!(
        claim(&db, worker).await.unwrap().is_none(),
        "{e}: nothing left to claim"
    );
}

engine_tests!(a_bulk_delete_refuses_owners_and_reports_them);
async fn a_bulk_delete_refuses_owners_and_reports_them(t: TestDb) {
    let db = &t.db;
    let e = t.engine;
    let ann = acting(member(&t, "ann@staff.test", "Administrator").await);
    let ids = users_named(db, "d", 3).await;
    let acme = support::insert_client(db, "Acme Ltd").await;
    app::service::associations::associate_user(db, acme, ids[1], true, &[], &ann)
        .await
        .unwrap();

    let empty = Selection::Picked { ids: vec![] };
    let refused = jobs::start_bulk(db, BulkAction::Delete, empty, db.now(), &ann).await;
    assert!(
        matches!(
            refused,
            Err(ServiceError::Validation {
                message: Message::NothingSelected,
                ..
            })
        ),
        "{e}: {refused:?}"
    );

    let picked = Selection::Picked { ids: ids.clone() };
    let id = jobs::start_bulk(db, BulkAction::Delete, picked, db.now(), &ann)
        .await
        .unwrap();
    let worker = Uuid::now_v7();
    claim(db, worker).await.unwrap();
    finish(db, id, worker).await;

    let done = job(db, id).await;
    assert_eq!(
        (done.status, done.done, done.failed),
        (JobStatus::Done, 2, 1),
        "{e}"
    );
    let left: Vec<Uuid> = users::Entity::find()
        .all(db)
        .await
        .unwrap()
        .iter()
        .map(|u| u.id)
        .collect();
    assert_eq!(left, vec![ids[1]], "{e}: only the owner is left");
    let report = jobs::failures(db, id, None, 10).await.unwrap();
    assert_eq!(report.len(), 1, "{e}");
    assert_eq!(
        (report[0].user_id, report[0].outcome),
        (ids[1], ItemOutcome::Refused),
        "{e}"
    );
    assert!(
        report[0].reason.contains("Acme Ltd"),
        "{e}: {}",
        report[0].reason
    );
    assert!(
        report[0].user.contains("d-0001@x.test"),
        "{e}: {}",
        report[0].user
    );
}

engine_tests!(edits_after_the_selection_are_reported_as_conflicts_not_overwritten);
async fn edits_after_the_selection_are_reported_as_conflicts_not_overwritten(t: TestDb) {
    let (db, clock) = clocked(&t);
    let e = t.engine;
    let ann = acting(member(&t, "ann@staff.test", "Administrator").await);
    let bob = app::service::audit::Actor {
        label: "Bob".into(),
        ..acting(member(&t, "bob@staff.test", "Administrator").await)
    };
    let ids = users_named(&db, "e", 3).await;
    clock.advance(Duration::seconds(1));
    let chosen = selection::count(&db, &active_matching("")).await.unwrap();
    assert_eq!(chosen.count, 3, "{e}");
    clock.advance(Duration::seconds(1));
    // Bob edits the first user between the confirmation and the start.
    edit_first_name(&db, ids[0], "Before", &bob).await;

    let id = jobs::start_bulk(
        &db,
        BulkAction::Deactivate,
        active_matching(""),
        chosen.chosen_at,
        &ann,
    )
    .await
    .unwrap();
    let worker = Uuid::now_v7();
    claim(&db, worker).await.unwrap();
    assert_eq!(
        work_batch(&db, id, worker).await.unwrap(),
        Step::More,
        "{e}: froze"
    );
    // ... and the second one after the job froze its selection, before its batch.
    edit_first_name(&db, ids[1], "During", &bob).await;
    finish(&db, id, worker).await;

    let done = job(&db, id).await;
    assert_eq!((done.total, done.done, done.failed), (3, 1, 2), "{e}");
    for (i, name) in [(0, "Before"), (1, "During")] {
        let u = users::Entity::find_by_id(ids[i])
            .one(&db)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (u.first_name.as_str(), u.status),
            (name, UserStatus::Active),
            "{e}"
        );
    }
    let report = jobs::failures(&db, id, None, 10).await.unwrap();
    let conflicts: Vec<_> = report
        .iter()
        .filter(|f| f.outcome == ItemOutcome::Conflict)
        .map(|f| f.user_id)
        .collect();
    assert_eq!(conflicts.len(), 2, "{e}: {report:?}");
    assert!(
        conflicts.contains(&ids[0]) && conflicts.contains(&ids[1]),
        "{e}"
    );
    let during = report.iter().find(|f| f.user_id == ids[1]).unwrap();
    assert!(
        during.reason.contains("Bob"),
        "{e}: names who changed it: {}",
        during.reason
    );
}

engine_tests!(a_job_stops_when_its_starter_may_no_longer_do_it);
async fn a_job_stops_when_its_starter_may_no_longer_do_it(t: TestDb) {
    let db = &t.db;
    let e = t.engine;
    let sue = member(&t, "sue@staff.test", "Support").await;
    users_named(db, "s", 3).await;
    // Support may not edit users: the service trusts its caller's check, the worker does not.
    let id = jobs::start_bulk(
        db,
        BulkAction::Deactivate,
        active_matching(""),
        db.now(),
        &acting(sue),
    )
    .await
    .unwrap();
    let worker = Uuid::now_v7();
    claim(db, worker).await.unwrap();
    finish(db, id, worker).await;
    let stopped = job(db, id).await;
    assert_eq!(
        (stopped.status, stopped.done),
        (JobStatus::Failed, 0),
        "{e}"
    );
    assert!(stopped.error.unwrap().contains("can no longer"), "{e}");
    assert_eq!(status_count(db, UserStatus::Active).await, 3, "{e}");
}

async fn edit_first_name(db: &Db, id: Uuid, name: &str, actor: &app::service::audit::Actor) {
    let mut form = app::service::users::load_for_edit(db, id).await.unwrap();
    form.form.first_name = name.into();
    let hasher = staff_common::hasher();
    app::service::users::update_user(db, &hasher, id, form.version, form.form, false, actor)
        .await
        .unwrap();
}
