//! The server as a child process, for the tests that stop, kill and restart it.
#![allow(dead_code)]
use app::auth::session::{self, Kind, Stage, STAFF_COOKIE};
use app::service::{audit::Actor, staff};
use app::testing::TestDb;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Server {
    pub child: Child,
    pub base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub async fn start(t: &TestDb, data_dir: &Path, port: u16) -> Server {
    start_with(t, data_dir, port, &[]).await
}

/// `start`, with more environment (e.g. an SMTP server to send through).
pub async fn start_with(t: &TestDb, data_dir: &Path, port: u16, env: &[(&str, &str)]) -> Server {
    let child = Command::new(env!("CARGO_BIN_EXE_server"))
        .arg("serve")
        .envs(env.iter().copied())
        .env("ROSTER_ADDR", format!("127.0.0.1:{port}"))
        .env("ROSTER_DATABASE_URL", &t.url)
        .env("ROSTER_DATA_DIR", data_dir)
        .env("ROSTER_SECRET_KEY", "11".repeat(32))
        .env("ROSTER_HASH_CONCURRENCY", "1")
        .env("RUST_LOG", "info")
        .stdout(Stdio::null())
        .stderr(Stdio::piped()) // tracing writes to standard error
        .spawn()
        .expect("the server binary");
    let server = Server {
        child,
        base: format!("http://127.0.0.1:{port}"),
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Ok(res) = reqwest::get(format!("{}/healthz", server.base)).await {
            if res.status().is_success() {
                return server;
            }
        }
        assert!(Instant::now() < deadline, "the server did not come up");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// A signed-in Administrator's cookie, made straight in the database.
pub async fn admin_cookie(t: &TestDb) -> String {
    let input = staff::NewStaff {
        email: format!("admin-{}@roster.test", uuid::Uuid::now_v7().simple()),
        name: "Admin".into(),
        role: "Administrator".into(),
        password: "a long enough password".into(),
        totp_secret: None,
    };
    let hasher = app::auth::password::PasswordHasher::new(1);
    let secrets = app::auth::secret_box::SecretBox::new(&[0x11; 32]);
    let id = staff::create_staff(&t.db, &hasher, &secrets, input, &Actor::cli())
        .await
        .unwrap();
    let s = session::create(
        &t.db,
        Kind::Staff,
        id,
        Stage::Full,
        &Default::default(),
        t.db.now(),
    )
    .await
    .unwrap();
    format!("{STAFF_COOKIE}={}", s.token)
}

pub fn post(base: &str, path: &str, body: String, cookie: Option<&str>) -> reqwest::RequestBuilder {
    let mut req = reqwest::Client::new()
        .post(format!("{base}{path}"))
        .header("content-type", "application/x-www-form-urlencoded")
        .header("origin", base)
        .body(body);
    if let Some(cookie) = cookie {
        req = req.header("cookie", cookie);
    }
    req
}

pub fn signal(server: &Server, name: &str) {
    let status = Command::new("kill")
        .arg(format!("-{name}"))
        .arg(server.child.id().to_string())
        .status();
    assert!(status.unwrap().success());
}

pub fn tempdir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("roster-process-{}", uuid::Uuid::now_v7()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
