//! `make bench`'s load scenario: 16 staff sessions for 60 s, each looping over searches of
//! Manage Users (four in five calls) and edits of random users through Edit User (one in
//! five: load the form, save it with a changed last name). Prints one Markdown table row:
//! calls, errors, conflicts, latency percentiles and the server's memory before and after.
use crate::cases::text;
use crate::sign_in;
use app::api::{ListUsers, UpdateUser, UserForEdit};
use app::model::user_form::EditUser;
use app::model::user_list::UserListQuery;
use leptos::server_fn::ServerFn;
use sea_orm::{ConnectionTrait, DatabaseConnection, Statement};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub struct Plan {
    pub origin: String,
    pub sessions: usize,
    pub seconds: u64,
    pub server_pid: Option<u32>,
}

#[derive(Default)]
struct Tally {
    searches: Vec<Duration>,
    edits: Vec<Duration>,
    errors: Vec<String>,
    conflicts: usize,
}

pub async fn run(db: &app::db::Db, plan: Plan) -> anyhow::Result<()> {
    let terms = search_terms(db).await?;
    let ids = user_ids(db).await?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()?;
    let before = crate::live::rss(plan.server_pid);
    let until = Instant::now() + Duration::from_secs(plan.seconds);
    let (terms, ids) = (Arc::new(terms), Arc::new(ids));
    let mut workers = Vec::new();
    for worker in 0..plan.sessions {
        let (cookie, _) = sign_in(db).await?;
        let (client, origin) = (client.clone(), plan.origin.clone());
        let (terms, ids) = (terms.clone(), ids.clone());
        workers.push(tokio::spawn(async move {
            let call = |path: &'static str, body: String| {
                client
                    .post(format!("{origin}{path}"))
                    .header("content-type", "application/x-www-form-urlencoded")
                    .header("origin", &origin)
                    .header("cookie", &cookie)
                    .body(body)
                    .send()
            };
            let mut tally = Tally::default();
            let mut n = worker * 7919;
            while Instant::now() < until {
                n += 1;
                let start = Instant::now();
                if n % 5 != 0 {
                    let query = UserListQuery {
                        q: terms[n % terms.len()].clone(),
                        ..Default::default()
                    };
                    match call(ListUsers::PATH, serde_qs::to_string(&ListUsers { query })?).await {
                        Ok(res) if res.status().is_success() => {
                            res.bytes().await?;
                            tally.searches.push(start.elapsed());
                        }
                        Ok(res) => tally.errors.push(format!("search: {}", res.status())),
                        Err(e) => tally.errors.push(format!("search: {e}")),
                    }
                    continue;
                }
                let id = ids[(n * 31) % ids.len()];
                let res =
                    call(UserForEdit::PATH, serde_qs::to_string(&UserForEdit { id })?).await?;
                if !res.status().is_success() {
                    tally.errors.push(format!("load {id}: {}", res.status()));
                    continue;
                }
                let user: EditUser = serde_json::from_slice(&res.bytes().await?)?;
                let mut form = user.form;
                form.last_name = format!("Load{n}");
                let save = UpdateUser {
                    id,
                    version: user.version,
                    form,
                    overwrite: false,
                };
                let res = call(UpdateUser::PATH, serde_qs::to_string(&save)?).await?;
                match res.status().as_u16() {
                    200..=299 => tally.edits.push(start.elapsed()),
                    409 => tally.conflicts += 1,
                    status => tally.errors.push(format!(
                        "save {id}: {status} {}",
                        String::from_utf8_lossy(&res.bytes().await?)
                    )),
                }
            }
            anyhow::Ok(tally)
        }));
    }
    let mut all = Tally::default();
    for worker in workers {
        let t = worker.await??;
        all.searches.extend(t.searches);
        all.edits.extend(t.edits);
        all.errors.extend(t.errors);
        all.conflicts += t.conflicts;
    }
    for error in all.errors.iter().take(5) {
        eprintln!("load error: {error}");
    }
    let after = crate::live::rss(plan.server_pid);
    let mut every: Vec<Duration> = all.searches.iter().chain(&all.edits).copied().collect();
    let calls = every.len() + all.errors.len() + all.conflicts;
    println!(
        "{} | {} s | {calls} ({:.0}/s) | {} | {} | {} | {} | {} | {} | {} | {before} | {after} |",
        plan.sessions,
        plan.seconds,
        calls as f64 / plan.seconds as f64,
        all.errors.len(),
        all.conflicts,
        percentile(&mut every, 0.50),
        percentile(&mut every, 0.99),
        percentile(&mut all.searches, 0.99),
        all.edits.len(),
        percentile(&mut all.edits, 0.99),
    );
    Ok(())
}

fn percentile(latencies: &mut [Duration], p: f64) -> String {
    if latencies.is_empty() {
        return "-".into();
    }
    latencies.sort();
    let i = ((latencies.len() as f64 * p).ceil() as usize).clamp(1, latencies.len());
    format!("{:.1} ms", latencies[i - 1].as_secs_f64() * 1000.0)
}

/// A mix of what staff type: common and rare first names, a surname, an email, phone digits.
async fn search_terms(db: &DatabaseConnection) -> anyhow::Result<Vec<String>> {
    let mut terms = Vec::new();
    for sql in [
        "SELECT first_name AS v FROM users GROUP BY first_name ORDER BY count(*) DESC LIMIT 1",
        "SELECT first_name AS v FROM users GROUP BY first_name ORDER BY count(*) ASC LIMIT 1",
        "SELECT last_name AS v FROM users ORDER BY created_at LIMIT 1",
        "SELECT email AS v FROM users ORDER BY created_at DESC LIMIT 1",
        "SELECT substr(phone, 4, 6) AS v FROM users WHERE phone IS NOT NULL ORDER BY created_at LIMIT 1",
    ] {
        terms.push(text(db, sql).await?);
    }
    terms.push(String::new());
    Ok(terms)
}

/// 1,000 users spread over the table, to edit.
async fn user_ids(db: &DatabaseConnection) -> anyhow::Result<Vec<uuid::Uuid>> {
    let sql = "SELECT id FROM users ORDER BY email_norm LIMIT 1000";
    let rows = db
        .query_all(Statement::from_string(db.get_database_backend(), sql))
        .await?;
    let ids: Vec<uuid::Uuid> = rows
        .iter()
        .filter_map(|r| r.try_get("", "id").ok())
        .collect();
    anyhow::ensure!(!ids.is_empty(), "no users to edit");
    Ok(ids)
}
