//! Mail through a real SMTP server (aiosmtpd, `end2end/smtp/server.py`) and the server as a
//! process, on SQLite and PostgreSQL: messages written while the SMTP server is down wait
//! and all arrive once it is up, each once; `kill -9` in the middle of a queue loses none,
//! and only a message in flight at the kill may arrive twice.
mod support;

use app::db::{mail_outbox, users};
use app::model::mail::MailStatus;
use app::model::user_list::UserStatus;
use app::service::mail::letters::Letter;
use app::service::mail::outbox::{self, Recipient};
use app::testing::TestDb;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, PaginatorTrait, QueryFilter};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use support::{admin_cookie, free_port, post, start_with, tempdir};
use uuid::Uuid;

/// Messages sent at once by one server (`sender::CONCURRENCY`): at most these can have gone
/// out unrecorded when the process dies.
const IN_FLIGHT: usize = 4;

/// The tests' SMTP server as a child process (stopped when dropped).
struct SmtpServer(Child);

impl SmtpServer {
    fn start(port: u16, dir: &Path) -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let python = std::env::var("ROSTER_E2E_PYTHON")
            .map(PathBuf::from)
            .unwrap_or_else(|_| root.join(".tools/py/bin/python"));
        let mut child = Command::new(&python)
            .arg(root.join("end2end/smtp/server.py"))
            .arg(port.to_string())
            .arg(dir)
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("{}: {e} (`make setup-e2e` installs it)", python.display()));
        let mut ready = String::new();
        std::io::BufRead::read_line(
            &mut std::io::BufReader::new(child.stdout.take().unwrap()),
            &mut ready,
        )
        .unwrap();
        assert_eq!(ready.trim(), "ready", "the SMTP server did not start");
        Self(child)
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// How many times each Message-ID arrived (the row id is its local part).
fn arrivals(dir: &Path) -> HashMap<Uuid, usize> {
    let mut seen = HashMap::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.path().extension().is_some_and(|x| x == "json") {
            let mail: serde_json::Value =
                serde_json::from_slice(&std::fs::read(entry.path()).unwrap()).unwrap();
            let id = mail["message_id"].as_str().unwrap();
            let id = Uuid::parse_str(&id[1..id.find('@').unwrap()]).unwrap();
            *seen.entry(id).or_default() += 1;
        }
    }
    seen
}

/// Queues `n` security notices straight into the outbox, as a burst of changes would.
async fn queue_notices(t: &TestDb, tag: &str, n: usize) -> Vec<Uuid> {
    let mut ids = Vec::with_capacity(n);
    for i in 0..n {
        let email = format!("{tag}-{i}@x.test");
        let id = app::testing::insert_user(&t.db, &email, UserStatus::Active).await;
        let user = users::Entity::find_by_id(id)
            .one(&t.db)
            .await
            .unwrap()
            .unwrap();
        let to = Recipient::user(&user);
        let notice = Letter::PasswordChanged;
        ids.push(
            outbox::queue(&t.db, t.db.mail(), &notice, &to, t.db.now())
                .await
                .unwrap(),
        );
    }
    ids
}

/// Time passes: what waits for a retry or a dead sender's lease is due now (the backoff and
/// the lease themselves are tested with a manual clock in `app/tests/mail_delivery.rs`).
async fn make_due(t: &TestDb) {
    mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(t.db.now()))
        .filter(mail_outbox::Column::Status.eq(MailStatus::Queued))
        .exec(&t.db)
        .await
        .unwrap();
}

async fn wait_until(what: &str, mut done: impl AsyncFnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done().await {
        assert!(Instant::now() < deadline, "timed out waiting: {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

async fn queued(t: &TestDb) -> u64 {
    mail_outbox::Entity::find()
        .filter(mail_outbox::Column::Status.ne(MailStatus::Sent))
        .count(&t.db)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn mail_waits_out_an_smtp_outage_and_a_kill_9_and_arrives() {
    for t in app::testing::engines().await {
        let e = t.engine;
        let dir = tempdir();
        let maildir = dir.join("mail");
        let (port, smtp_port) = (free_port(), free_port());
        let smtp_url = format!("smtp://127.0.0.1:{smtp_port}");
        let env = [("ROSTER_SMTP_URL", smtp_url.as_str())];
        let server = start_with(&t, &dir, port, &env).await;
        let cookie = admin_cookie(&t).await;

        // The SMTP server is down while staff create users.
        let path = <app::api::CreateUser as leptos::server_fn::ServerFn>::PATH;
        for i in 0..5 {
            let form = app::model::user_form::UserForm {
                email: format!("created-{i}@x.test"),
                password: "a long enough password 42".into(),
                first_name: "Outage".into(),
                ..Default::default()
            };
            let body = serde_qs::to_string(&app::api::CreateUser { form }).unwrap();
            let res = post(&server.base, path, body, Some(&cookie))
                .send()
                .await
                .unwrap();
            assert!(res.status().is_success(), "{e}: {}", res.status());
        }
        let mut outage: Vec<Uuid> = mail_outbox::Entity::find()
            .all(&t.db)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.id)
            .collect();
        outage.extend(queue_notices(&t, "outage", 100).await);
        wait_until("the sender tried every message", async || {
            mail_outbox::Entity::find()
                .filter(mail_outbox::Column::Attempts.eq(0))
                .count(&t.db)
                .await
                .unwrap()
                == 0
        })
        .await;
        assert_eq!(queued(&t).await, 105, "{e}: all wait for a retry");

        // It comes back: every message arrives, each once.
        let _smtp = SmtpServer::start(smtp_port, &maildir);
        make_due(&t).await;
        wait_until("the outage's mail went out", async || queued(&t).await == 0).await;
        let seen = arrivals(&maildir);
        assert!(
            outage.iter().all(|id| seen.get(id) == Some(&1)),
            "{e}: {seen:?}"
        );
        assert_eq!(seen.len(), outage.len(), "{e}");

        // A long queue, and the server killed while it drains.
        let burst = queue_notices(&t, "burst", 600).await;
        wait_until("some of the burst arrived", async || {
            arrivals(&maildir).len() >= outage.len() + 60
        })
        .await;
        drop(server); // SIGKILL
        let before_restart = arrivals(&maildir).len() - outage.len();
        assert!(
            before_restart < burst.len(),
            "{e}: killed mid-queue ({before_restart})"
        );

        let _restarted = start_with(&t, &dir, port, &env).await;
        make_due(&t).await; // the dead process's lease has ended
        wait_until("the burst's mail went out", async || queued(&t).await == 0).await;
        let seen = arrivals(&maildir);
        let twice: Vec<_> = burst.iter().filter(|id| seen.get(id) == Some(&2)).collect();
        assert!(
            burst.iter().all(|id| matches!(seen.get(id), Some(1 | 2))),
            "{e}: every message arrived, none more than twice"
        );
        assert!(
            twice.len() <= IN_FLIGHT,
            "{e}: only messages in flight at the kill go twice: {twice:?}"
        );
        assert!(outage.iter().all(|id| seen.get(id) == Some(&1)), "{e}");
        let _ = std::fs::remove_dir_all(dir);
    }
}
