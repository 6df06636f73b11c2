//! `server seed`: deterministic demo data (same seed, same rows), written in one bulk load
//! (`app::db::bulk_load`) while `generate` makes the next rows.
mod generate;
mod names;

use crate::config::SeedArgs;
use app::auth::{password::PasswordHasher, secret_box::SecretBox};
use app::db::bulk_insert::insert_all;
use app::db::{bulk_load, clients, users};
use generate::{Batch, Generator, Taken, BATCH};
use indicatif::{ProgressBar, ProgressStyle};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QuerySelect, TransactionTrait,
};

/// The password of every seeded user (demo data only; hashed once, argon2id).
pub const DEMO_USER_PASSWORD: &str = "demo-password-roster";

pub async fn run(
    db: &DatabaseConnection,
    secrets: &SecretBox,
    args: &SeedArgs,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    if db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        // The load's only connection (see `main`): a page cache that holds the indexes being
        // filled, instead of spilling changed pages to the WAL and reading them back.
        db.execute_unprepared("PRAGMA cache_size = -1048576")
            .await?;
        db.execute_unprepared("PRAGMA temp_store = memory").await?;
    }
    let hash = PasswordHasher::new(1)
        .hash(DEMO_USER_PASSWORD.into())
        .await
        .map_err(anyhow::Error::msg)?;
    let taken = taken(db).await?;
    let (users, clients) = (args.users, args.clients);
    // Rows are made on a thread of their own, ahead of the database: up to 64 batches, so
    // that the database keeps writing while the next 100,000 phone numbers are made.
    let (sender, mut batches) = tokio::sync::mpsc::channel(64);
    let generator = {
        let (secrets, seed) = (secrets.clone(), args.seed);
        tokio::task::spawn_blocking(move || {
            for batch in Generator::new(seed, users, clients, secrets, hash, taken) {
                if sender.blocking_send(batch).is_err() {
                    break;
                }
            }
        })
    };

    let txn = db.begin().await?;
    let load = bulk_load::begin(&txn).await?;
    let mut phases = Vec::new();
    let bar = progress(users as u64, "users");
    let mut associations = 0;
    let mut pending = Vec::new();
    while let Some(batch) = batches.recv().await {
        match batch {
            Batch::Users(rows) => {
                bar.inc(rows.len() as u64);
                insert_all(&txn, rows).await?;
            }
            Batch::Clients(rows, links) => {
                if phases.is_empty() {
                    bar.finish_and_clear();
                    phases.push(("users", started.elapsed()));
                    bar.reset();
                    bar.set_length(clients as u64);
                }
                bar.inc(rows.len() as u64);
                associations += links.len();
                insert_all(&txn, rows).await?;
                // Associations go in statements of BATCH rows: a batch of clients has about
                // 6,000, over SQLite's limit of 32,766 parameters in one statement.
                pending.extend(links);
                while pending.len() >= BATCH {
                    insert_all(&txn, pending.drain(..BATCH).collect()).await?;
                }
            }
        }
    }
    insert_all(&txn, pending).await?;
    generator.await?;
    bar.finish_and_clear();
    if phases.is_empty() {
        phases.push(("users", started.elapsed())); // no clients asked for
    }
    phases.push(("clients", started.elapsed()));
    load.finish(&txn).await?;
    txn.commit().await?;
    phases.push(("indexes and counts", started.elapsed()));
    // After a bulk load, what a long-running server gets over time: planner statistics, on
    // PostgreSQL the visibility map that index-only scans need (and GIN's pending entries
    // merged), on SQLite the search index's many small segments merged into one.
    let statements: &[&str] = match db.get_database_backend() {
        sea_orm::DbBackend::Postgres => &["VACUUM ANALYZE"],
        _ => &[
            "ANALYZE",
            "INSERT INTO users_fts (users_fts) VALUES ('optimize')",
            "INSERT INTO clients_fts (clients_fts) VALUES ('optimize')",
        ],
    };
    for sql in statements {
        db.execute_unprepared(sql).await?;
    }
    phases.push(("statistics", started.elapsed()));
    let mut previous = std::time::Duration::ZERO;
    let steps: Vec<String> = phases
        .into_iter()
        .map(|(what, at)| {
            let step = format!("{what} {:.1} s", (at - previous).as_secs_f64());
            previous = at;
            step
        })
        .collect();
    println!(
        "Seeded {} users, {} clients, {associations} associations in {:.1} s ({})",
        args.users,
        args.clients,
        started.elapsed().as_secs_f64(),
        steps.join(", ")
    );
    Ok(())
}

/// What the database holds already.
async fn taken(db: &DatabaseConnection) -> anyhow::Result<Taken> {
    let existing: Vec<(String, Option<String>)> = users::Entity::find()
        .select_only()
        .columns([users::Column::EmailNorm, users::Column::Phone])
        .into_tuple()
        .all(db)
        .await?;
    let mut taken = Taken::default();
    for (email, phone) in existing {
        taken.emails.insert(email);
        taken.phones.extend(phone);
    }
    taken.clients = clients::Entity::find().count(db).await? as usize;
    taken.company_names = clients::Entity::find()
        .select_only()
        .column(clients::Column::CompanyName)
        .into_tuple::<Option<String>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .collect();
    Ok(taken)
}

fn progress(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    let template = format!("seeding {what} {{bar:40}} {{pos}}/{{len}} ({{eta}} left)");
    bar.set_style(
        ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

#[cfg(test)]
mod tests;
