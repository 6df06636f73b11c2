//! `make bench`'s live-update case: N staff consoles subscribed to `/api/live`, changes made
//! through the server at a steady rate; delivery latency from the change request to each
//! subscriber's receipt, events lost per connected subscriber, and the server's memory.
use anyhow::{ensure, Context};
use app::api::UnlockUser;
use app::db::users;
use app::model::live::Change;
use leptos::server_fn::ServerFn;
use sea_orm::{DatabaseConnection, EntityTrait, QueryOrder, QuerySelect};
use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use uuid::Uuid;

pub struct Plan {
    pub origin: String,
    pub cookie: String,
    pub subscribers: usize,
    pub per_second: u32,
    pub seconds: u32,
    pub server_pid: Option<u32>,
}

type Sent = Arc<Mutex<HashMap<Uuid, Instant>>>;

#[derive(Default)]
struct Received {
    latencies: Vec<Duration>,
    ids: HashSet<Uuid>,
}

pub async fn run(db: &DatabaseConnection, plan: Plan) -> anyhow::Result<()> {
    let changes = (plan.per_second * plan.seconds) as usize;
    // Each change unlocks a different user, so each event names its change.
    let ids: Vec<Uuid> = users::Entity::find()
        .select_only()
        .column(users::Column::Id)
        .order_by_asc(users::Column::Id)
        .limit(changes as u64)
        .into_tuple()
        .all(db)
        .await?;
    ensure!(ids.len() == changes, "seed at least {changes} users first");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()?;
    let rss_idle = rss(plan.server_pid);

    let sent: Sent = Arc::default();
    let connected = Arc::new(AtomicUsize::new(0));
    let mut subscribers = Vec::new();
    let mut inboxes = Vec::new();
    for _ in 0..plan.subscribers {
        let inbox = Arc::new(Mutex::new(Received::default()));
        inboxes.push(inbox.clone());
        let (client, sent, connected) = (client.clone(), sent.clone(), connected.clone());
        let (url, cookie) = (format!("{}/api/live", plan.origin), plan.cookie.clone());
        subscribers.push(tokio::spawn(async move {
            subscribe(client, url, cookie, sent, connected, inbox).await
        }));
    }
    let deadline = Instant::now() + Duration::from_secs(30);
    while connected.load(Ordering::Relaxed) < plan.subscribers {
        ensure!(Instant::now() < deadline, "subscribers did not connect");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_connected = rss(plan.server_pid);

    // The changes: `per_second` unlock calls a second, each started on time.
    let mut tick = tokio::time::interval(Duration::from_secs(1) / plan.per_second);
    let failures = Arc::new(AtomicUsize::new(0));
    let mut calls = Vec::with_capacity(changes);
    for id in &ids {
        tick.tick().await;
        let (client, sent, failures) = (client.clone(), sent.clone(), failures.clone());
        let (origin, cookie, id) = (plan.origin.clone(), plan.cookie.clone(), *id);
        calls.push(tokio::spawn(async move {
            sent.lock().unwrap().insert(id, Instant::now());
            let ok = client
                .post(format!("{origin}{}", UnlockUser::PATH))
                .header("content-type", "application/x-www-form-urlencoded")
                .header("origin", &origin)
                .header("cookie", &cookie)
                .body(format!("id={id}"))
                .send()
                .await
                .is_ok_and(|r| r.status().is_success());
            if !ok {
                failures.fetch_add(1, Ordering::Relaxed);
            }
        }));
    }
    for call in calls {
        call.await?;
    }
    // Stragglers: give the last events a moment.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let rss_after = rss(plan.server_pid);
    for s in &subscribers {
        s.abort();
    }

    let mut latencies = Vec::new();
    let mut lost = 0;
    for inbox in &inboxes {
        let got = inbox.lock().unwrap();
        lost += ids.iter().filter(|id| !got.ids.contains(id)).count();
        latencies.extend(got.latencies.iter().copied());
    }
    latencies.sort();
    let at = |p: f64| {
        let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len().max(1));
        latencies.get(i - 1).map_or("-".into(), |d| {
            format!("{:.1} ms", d.as_secs_f64() * 1000.0)
        })
    };
    println!(
        "| {} | {changes} ({}/s for {} s) | {} | {lost} | {} | {} | {} | {} | {} | {} |",
        plan.subscribers,
        plan.per_second,
        plan.seconds,
        failures.load(Ordering::Relaxed),
        at(0.50),
        at(0.99),
        at(1.0),
        rss_idle,
        rss_connected,
        rss_after,
    );
    Ok(())
}

/// One console: reads the event stream and notes when each change arrived.
async fn subscribe(
    client: reqwest::Client,
    url: String,
    cookie: String,
    sent: Sent,
    connected: Arc<AtomicUsize>,
    inbox: Arc<Mutex<Received>>,
) -> anyhow::Result<()> {
    let mut response = client.get(&url).header("cookie", cookie).send().await?;
    ensure!(response.status().is_success(), "HTTP {}", response.status());
    connected.fetch_add(1, Ordering::Relaxed);
    let mut buffer = String::new();
    while let Some(chunk) = response.chunk().await? {
        let now = Instant::now();
        buffer.push_str(std::str::from_utf8(&chunk).context("an SSE stream is UTF-8")?);
        while let Some(end) = buffer.find("\n\n") {
            let block: String = buffer.drain(..end + 2).collect();
            if !block.lines().any(|l| l == "event: change") {
                continue;
            }
            let Some(data) = block.lines().find_map(|l| l.strip_prefix("data: ")) else {
                continue;
            };
            let Some(id) = serde_json::from_str::<Change>(data)?.id else {
                continue;
            };
            let started = sent.lock().unwrap().get(&id).copied();
            if let Some(started) = started {
                let mut inbox = inbox.lock().unwrap();
                if inbox.ids.insert(id) {
                    inbox.latencies.push(now.saturating_duration_since(started));
                }
            }
        }
    }
    Ok(())
}

/// The server's own resident memory (anonymous pages, e.g. "41.2 MB"): SQLite reads its file
/// through a memory map whose pages also count as resident, once per connection.
pub fn rss(pid: Option<u32>) -> String {
    match rss_kb(pid) {
        0 => "-".into(),
        kb => format!("{:.1} MB", kb as f64 / 1024.0),
    }
}

/// The same in KiB (0 when unknown).
pub fn rss_kb(pid: Option<u32>) -> u64 {
    pid.and_then(|pid| std::fs::read_to_string(format!("/proc/{pid}/status")).ok())
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("RssAnon:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}
