//! `make bench`'s list benchmark: the Manage Users and Manage Clients server functions, the
//! dashboard's, and the public API's user list (`GET /api/v1/users` with an API token), over
//! HTTP with a signed-in staff session, each case at concurrency 1 and 16,
//! as a Markdown table on stdout; or live updates, load, or mail delivery (see the flags).
mod cases;
mod export;
mod live;
mod load;
mod mail;

use anyhow::{bail, ensure, Context};
use app::api::LoadDashboard;
use app::auth::{password::PasswordHasher, secret_box::SecretBox, session, totp};
use app::service::{api_tokens, audit::Actor, staff};
use cases::Case;
use clap::Parser;
use leptos::server_fn::ServerFn;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[derive(Parser)]
struct Args {
    /// The running server, e.g. http://127.0.0.1:3000
    #[arg(long)]
    url: String,
    /// The server's database (to sign a staff member in and to pick search terms).
    #[arg(long, env = "ROSTER_DATABASE_URL")]
    database_url: String,
    /// Requests per case at concurrency 1; concurrency 16 makes 1.6 times as many.
    #[arg(long, default_value_t = 300)]
    requests: usize,
    /// Instead of the lists: download the users CSV export once (all users).
    #[arg(long)]
    export: bool,
    /// Only the list cases whose name starts with this (e.g. `SCIM:`).
    #[arg(long)]
    only: Option<String>,
    /// Instead of the lists: live updates with this many subscribed consoles.
    #[arg(long)]
    live_subscribers: Option<usize>,
    /// Live updates: changes per second, and for how long.
    #[arg(long, default_value_t = 100)]
    live_rate: u32,
    #[arg(long, default_value_t = 30)]
    live_seconds: u32,
    /// Instead of the lists: the load scenario with this many staff sessions.
    #[arg(long)]
    load_sessions: Option<usize>,
    #[arg(long, default_value_t = 60)]
    load_seconds: u64,
    /// Instead of the lists: this many messages queued at once, drained through the server's
    /// SMTP server, which writes them into `--maildir`.
    #[arg(long)]
    mail_messages: Option<usize>,
    #[arg(long)]
    maildir: Option<std::path::PathBuf>,
    /// The server's process id, for its memory.
    #[arg(long)]
    server_pid: Option<u32>,
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let db = app::db::Db::new(app::db::connect(&args.database_url).await?);
    if let Some(messages) = args.mail_messages {
        let plan = mail::Plan {
            messages,
            server_pid: args.server_pid,
            maildir: args.maildir.context("--maildir")?,
        };
        return mail::run(&db, plan).await;
    }
    let (cookie, token) = sign_in(&db).await?;
    if let Some(subscribers) = args.live_subscribers {
        let plan = live::Plan {
            origin: args.url.clone(),
            cookie,
            subscribers,
            per_second: args.live_rate,
            seconds: args.live_seconds,
            server_pid: args.server_pid,
        };
        return live::run(&db, plan).await;
    }
    if args.export {
        return export::run(&args.url, &cookie, args.server_pid).await;
    }
    if let Some(sessions) = args.load_sessions {
        let plan = load::Plan {
            origin: args.url.clone(),
            sessions,
            seconds: args.load_seconds,
            server_pid: args.server_pid,
        };
        return load::run(&db, plan).await;
    }
    let mut cases = cases::cases(&db).await?;
    if let Some(prefix) = &args.only {
        cases.retain(|c| c.name.starts_with(prefix.as_str()));
    }
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(32)
        .build()?;
    let target = Arc::new(Target {
        client,
        origin: args.url.clone(),
        cookie,
        token,
    });

    println!("| case | matches | c=1 p50 | c=1 p95 | c=1 p99 | c=1 req/s | c=16 p50 | c=16 p95 | c=16 p99 | c=16 req/s |");
    println!("|---|---|---|---|---|---|---|---|---|---|");
    for case in &cases {
        let matches = target.call(case).await?.1;
        // Warm the connection pools and caches before measuring.
        run(&target, case, 20, 4).await?;
        let one = run(&target, case, args.requests, 1).await?;
        let many = run(&target, case, args.requests * 16 / 10, 16).await?;
        println!(
            "| {} | {matches} | {} | {} |",
            case.name,
            one.cells(),
            many.cells()
        );
    }
    Ok(())
}

/// A staff member with every permission, a fully signed-in session and an API token with
/// every scope, made in the database.
async fn sign_in(db: &app::db::Db) -> anyhow::Result<(String, String)> {
    let secrets = SecretBox::new(&[7; 32]);
    let email = format!("bench-{}@roster.example", uuid::Uuid::now_v7().simple());
    let input = staff::NewStaff {
        email,
        name: "Benchmark".into(),
        role: "Administrator".into(),
        password: "bench-password-long-enough".into(),
        totp_secret: Some(totp::new_secret()),
    };
    let id = staff::create_staff(db, &PasswordHasher::new(1), &secrets, input, &Actor::cli())
        .await
        .map_err(|e| anyhow::anyhow!("creating the benchmark staff member: {e:?}"))?;
    let session = session::create(
        db,
        session::Kind::Staff,
        id,
        session::Stage::Full,
        &session::Device::default(),
        db.now(),
    )
    .await?;
    let owner = app::auth::guard::load_staff(db, id)
        .await?
        .context("the benchmark staff member")?;
    let new = api_tokens::NewToken {
        name: "benchmark".into(),
        scopes: api_tokens::grantable(&owner),
        lifetime_days: Some(1),
    };
    let (_, token) = api_tokens::create(db, &owner, new, &Actor::cli())
        .await
        .map_err(|e| anyhow::anyhow!("creating the benchmark token: {e:?}"))?;
    Ok((
        format!("{}={}", session::STAFF_COOKIE, session.token),
        token,
    ))
}

struct Target {
    client: reqwest::Client,
    origin: String,
    cookie: String,
    token: String,
}

impl Target {
    /// One call; its latency and the number of matches the page reports.
    async fn call(&self, case: &Case) -> anyhow::Result<(Duration, String)> {
        let start = Instant::now();
        let request = if case.endpoint.is_empty() {
            self.client
                .get(format!("{}{}", self.origin, case.body))
                .bearer_auth(&self.token)
        } else {
            self.client
                .post(format!("{}{}", self.origin, case.endpoint))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("origin", &self.origin)
                .header("cookie", &self.cookie)
                .body(case.body.clone())
        };
        let response = request.send().await?;
        let status = response.status();
        let bytes = response.bytes().await?;
        let elapsed = start.elapsed();
        if !status.is_success() {
            bail!("HTTP {status}: {}", String::from_utf8_lossy(&bytes));
        }
        let page: serde_json::Value = serde_json::from_slice(&bytes)?;
        if case.endpoint == LoadDashboard::PATH {
            let users = page["users"].as_u64().unwrap_or(0);
            ensure!(users > 0, "the dashboard counts no users: {page}");
            return Ok((elapsed, format!("{users} users")));
        }
        if case.body.starts_with("/scim/") {
            // A SCIM ListResponse: exact totals.
            let rows = page["Resources"].as_array().map_or(0, Vec::len);
            ensure!(rows > 0, "a SCIM case returned no users: {page}");
            return Ok((elapsed, page["totalResults"].to_string()));
        }
        if case.endpoint.is_empty() {
            let rows = page["data"].as_array().map_or(0, Vec::len);
            ensure!(rows > 0, "an API case returned no users: {page}");
            let exact = page["total_exact"].as_bool() == Some(true);
            let total = page["total"].to_string();
            return Ok((
                elapsed,
                if exact {
                    total
                } else {
                    format!("more than {total}")
                },
            ));
        }
        let rows = page["rows"].as_array().map_or(0, Vec::len);
        ensure!(rows > 0, "a benchmark case returned no rows: {page}");
        let total = match &page["total"] {
            serde_json::Value::Object(t) if t.contains_key("Exact") => t["Exact"].to_string(),
            serde_json::Value::Object(t) => format!("more than {}", t["AtLeast"]),
            other => other.to_string(),
        };
        Ok((elapsed, total))
    }
}

struct Run {
    latencies: Vec<Duration>,
    wall: Duration,
}

impl Run {
    fn percentile(&self, p: f64) -> String {
        let i = ((self.latencies.len() as f64 * p).ceil() as usize).clamp(1, self.latencies.len());
        format!("{:.1} ms", self.latencies[i - 1].as_secs_f64() * 1000.0)
    }

    fn cells(&self) -> String {
        let rate = self.latencies.len() as f64 / self.wall.as_secs_f64();
        format!(
            "{} | {} | {} | {rate:.0}",
            self.percentile(0.50),
            self.percentile(0.95),
            self.percentile(0.99)
        )
    }
}

/// `total` calls of `case`, `concurrency` at a time.
async fn run(
    target: &Arc<Target>,
    case: &Case,
    total: usize,
    concurrency: usize,
) -> anyhow::Result<Run> {
    let next = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let workers: Vec<_> = (0..concurrency)
        .map(|_| {
            let (target, next) = (target.clone(), next.clone());
            let case = case.clone();
            tokio::spawn(async move {
                let mut mine = Vec::new();
                while next.fetch_add(1, Ordering::Relaxed) < total {
                    mine.push(target.call(&case).await?.0);
                }
                anyhow::Ok(mine)
            })
        })
        .collect();
    let mut latencies = Vec::with_capacity(total);
    for worker in workers {
        latencies.extend(worker.await??);
    }
    let wall = start.elapsed();
    latencies.sort();
    Ok(Run { latencies, wall })
}
