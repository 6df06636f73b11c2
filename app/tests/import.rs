//! CSV imports on SQLite and PostgreSQL: a WHMCS-style file checked (nothing written), then
//! imported (created, updated by email, refused with reasons), resumed after a dying worker,
//! and an imported bcrypt hash that signs in.
mod staff_common;

use app::auth::password::PasswordHasher;
use app::db::{users, Db};
use app::engine_tests;
use app::model::import::{ImportField, Verdict};
use app::model::user_list::UserStatus;
use app::service::audit::Origin;
use app::service::import;
use app::service::jobs::worker::{claim, work_batch, Step};
use app::service::user_sign_in::{check_password, SignInPolicy};
use app::testing::{self as support, TestDb};
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use staff_common::{acting, member};
use uuid::Uuid;

/// bcrypt of "a long passphrase for tests", as WHMCS (PHP) stores it; made by Python's bcrypt.
const WHMCS_HASH: &str = "$2y$04$nRfZaC7dohwmAiC1yxanh.rlIko3w.huy8KErY4tLMKwJWv9kNbF.";

fn file(text: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!("roster-import-{}.csv", Uuid::now_v7()));
    std::fs::write(&path, text).unwrap();
    path
}

async fn run_jobs(db: &Db) {
    let worker = Uuid::now_v7();
    while let Some(job) = claim(db, worker).await.unwrap() {
        while work_batch(db, job.id, worker).await.unwrap() == Step::More {}
    }
}

async fn user_by_email(db: &Db, email: &str) -> Option<users::Model> {
    users::Entity::find()
        .filter(users::Column::EmailNorm.eq(email))
        .one(db)
        .await
        .unwrap()
}

engine_tests!(a_whmcs_file_is_checked_then_imported_with_each_refusal_explained);
async fn a_whmcs_file_is_checked_then_imported_with_each_refusal_explained(t: TestDb) {
    let (db, e) = (&t.db, t.engine);
    let ann = acting(member(&t, "ann@staff.test", "Administrator").await);
    let old = support::insert_user(db, "old@x.test", UserStatus::Active).await;
    // Excel's flavour: a byte-order mark and semicolons.
    let csv = format!(
        "\u{feff}ID;First Name;Last Name;Email Address;Phone Number;Country;Status;Password;\
         Email Verified\n\
         1;Ann;Lee;Ann@X.test;512 345 678;PL;Active;{WHMCS_HASH};2024-01-01 10:00:00\n\
         2;Bob;Stone;bob@x.test;;;;;\n\
         3;Cy;Plain;cy@x.test;;;Active;hunter2;\n\
         4;Di;Bad;not-an-email;;;;;\n\
         5;Ann;Again;ann@x.test;;;;;\n\
         \n\
         6;Olga;Updated;OLD@x.test;;;Inactive;;\n\
         7;Eve;Short;eve@x.test;123;DE;;;\n"
    );
    let path = file(&csv);
    let id = import::store(db, path.clone(), "clients.csv", &ann)
        .await
        .unwrap();
    std::fs::remove_file(path).ok();
    let view = import::view(db, id).await.unwrap();
    assert_eq!(view.rows, 7, "{e}: the blank line is not a row");
    assert_eq!(view.header[3], "Email Address", "{e}");
    assert_eq!(view.mapping[3], Some(ImportField::Email), "{e}: guessed");
    assert_eq!(view.mapping[0], None, "{e}");
    assert_eq!(
        view.sample[0][7], "(a password hash)",
        "{e}: hashes stay on the server"
    );

    // A mapping without the email is refused; the guessed one is checked.
    let mut no_email = view.mapping.clone();
    no_email[3] = None;
    assert!(
        import::check(db, id, no_email, false, &ann).await.is_err(),
        "{e}"
    );
    assert!(
        import::start(db, id, &ann).await.is_err(),
        "{e}: not checked yet"
    );
    import::check(db, id, view.mapping.clone(), false, &ann)
        .await
        .unwrap();
    run_jobs(db).await;
    let checked = import::view(db, id)
        .await
        .unwrap()
        .checked
        .expect("checked");
    assert_eq!(
        (checked.create, checked.update, checked.refuse),
        (2, 1, 4),
        "{e}"
    );
    assert!(
        user_by_email(db, "bob@x.test").await.is_none(),
        "{e}: a dry run writes no user"
    );
    let refused = import::rows(db, id, Verdict::Refuse, 0, 10).await.unwrap();
    let reasons: Vec<(u64, &str)> = refused
        .iter()
        .map(|r| (r.line, r.reason.as_deref().unwrap_or_default()))
        .collect();
    assert_eq!(reasons.len(), 4, "{e}: {reasons:?}");
    assert_eq!(
        reasons[0].0, 4,
        "{e}: lines as in the file (header is line 1)"
    );
    assert!(
        reasons[0].1.starts_with("Plain-text passwords are refused"),
        "{e}: {reasons:?}"
    );
    assert!(reasons[1].1.starts_with("Email: "), "{e}: {reasons:?}");
    assert_eq!(reasons[2], (6, "Same email as line 2"), "{e}");
    // Rows are read country by country (for the phone library's sake); each verdict stays
    // with its own line.
    assert_eq!(reasons[3].0, 9, "{e}: {reasons:?}");
    assert!(reasons[3].1.starts_with("Phone"), "{e}: {reasons:?}");

    let job = import::start(db, id, &ann).await.unwrap();
    run_jobs(db).await;
    assert!(import::start(db, id, &ann).await.is_err(), "{e}: once");
    let done = app::service::jobs::find(db, job).await.unwrap();
    assert_eq!(
        (done.total, done.changed, done.percent()),
        (3, 3, 100),
        "{e}: the accepted rows"
    );
    let a = user_by_email(db, "ann@x.test").await.expect("created");
    assert_eq!(
        (a.status, a.password_hash.as_str()),
        (UserStatus::Active, WHMCS_HASH),
        "{e}"
    );
    assert!(a.email_verified, "{e}: WHMCS's verification date");
    assert_eq!(a.phone.as_deref(), Some("+48512345678"), "{e}");
    let b = user_by_email(db, "bob@x.test").await.expect("created");
    assert_eq!(
        (b.status, b.email_verified),
        (UserStatus::New, false),
        "{e}"
    );
    assert!(
        b.password_hash.starts_with("$argon2id$"),
        "{e}: a hash nobody knows"
    );
    let o = users::Entity::find_by_id(old)
        .one(db)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (o.first_name.as_str(), o.status, o.version),
        ("Olga", UserStatus::Inactive, 2),
        "{e}"
    );
    let made = users::Entity::find().count(db).await.unwrap();
    assert_eq!(made, 3, "{e}: two created, one updated, nothing else");

    // The imported bcrypt hash signs in, and becomes argon2id.
    let hasher = PasswordHasher::new(1);
    let policy = SignInPolicy::default();
    check_password(
        db,
        &hasher,
        policy,
        "ann@x.test",
        "a long passphrase for tests",
        db.now(),
        &Origin::UNKNOWN,
    )
    .await
    .unwrap_or_else(|err| panic!("{e}: {err:?}"));
    let upgraded = user_by_email(db, "ann@x.test").await.unwrap().password_hash;
    assert!(upgraded.starts_with("$argon2id$"), "{e}: {upgraded}");
}

engine_tests!(an_import_resumes_where_its_dead_worker_stopped);
async fn an_import_resumes_where_its_dead_worker_stopped(t: TestDb) {
    use app::clock::ManualClock;
    use std::sync::Arc;
    let clock = Arc::new(ManualClock::at(support::now()));
    let db = &t.db.clone().with_clock(clock.clone());
    let e = t.engine;
    let ann = acting(member(&t, "ann@staff.test", "Administrator").await);
    let rows = import::BATCH as usize * 2 + 7;
    let mut csv = String::from("email,first name,last name\n");
    for i in 0..rows {
        csv.push_str(&format!("user{i}@bulk.test,User,{i}\n"));
    }
    let path = file(&csv);
    let id = import::store(db, path.clone(), "big.csv", &ann)
        .await
        .unwrap();
    std::fs::remove_file(path).ok();
    let mapping = import::view(db, id).await.unwrap().mapping;
    import::check(db, id, mapping, false, &ann).await.unwrap();
    run_jobs(db).await;
    let job = import::start(db, id, &ann).await.unwrap();
    let first = Uuid::now_v7();
    claim(db, first).await.unwrap();
    assert_eq!(work_batch(db, job, first).await.unwrap(), Step::More, "{e}");
    // The worker dies after one batch; another takes over when its lease ends.
    clock.advance(app::service::jobs::worker::LEASE + chrono::Duration::seconds(1));
    run_jobs(db).await;
    let imported = users::Entity::find().count(db).await.unwrap();
    assert_eq!(imported as usize, rows, "{e}: every row once");
    let done = app::service::jobs::find(db, job).await.unwrap();
    assert_eq!((done.changed, done.failed), (rows as u64, 0), "{e}");
}
