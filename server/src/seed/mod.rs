//! `server seed`: deterministic demo data (same seed, same rows), inserted in batches.
mod names;

use crate::config::SeedArgs;
use app::auth::{password::PasswordHasher, secret_box::SecretBox, totp};
use app::db::{client_users, clients, users, KeyList};
use app::model::client::{ClientPermission, ClientStatus};
use app::model::user_list::UserStatus;
use app::model::VariantArray;
use app::service::users::phone;
use chrono::{DateTime, Duration, SubsecRound, TimeZone, Utc};
use indicatif::{ProgressBar, ProgressStyle};
use names::{ascii_slug, Country, COMPANY_FORMS, COMPANY_KINDS, COMPANY_WORDS, COUNTRIES};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sea_orm::{
    ConnectionTrait, DatabaseConnection, EntityTrait, PaginatorTrait, QuerySelect, Set,
    TransactionTrait,
};
use std::collections::HashSet;
use uuid::Uuid;

/// The password of every seeded user (demo data only; hashed once, argon2id).
pub const DEMO_USER_PASSWORD: &str = "demo-password-roster";
const BATCH: usize = 1000;

pub async fn run(
    db: &DatabaseConnection,
    secrets: &SecretBox,
    args: &SeedArgs,
) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let mut rng = ChaCha8Rng::seed_from_u64(args.seed);
    let hash = PasswordHasher::new(1)
        .hash(DEMO_USER_PASSWORD.into())
        .await
        .map_err(anyhow::Error::msg)?;
    // Times are spread over five years up to a fixed day, so a seed always gives the same rows.
    let end = Utc
        .with_ymd_and_hms(2026, 11, 1, 0, 0, 0)
        .single()
        .unwrap_or_else(Utc::now);
    let span_ms = Duration::days(5 * 365).num_milliseconds();

    // A database that already has users (another seed, or real ones) keeps them: new rows
    // avoid their emails, phones and client numbers.
    let existing: Vec<(String, Option<String>)> = users::Entity::find()
        .select_only()
        .columns([users::Column::EmailNorm, users::Column::Phone])
        .into_tuple()
        .all(db)
        .await?;
    let mut user_ids = Vec::with_capacity(args.users);
    let mut emails = HashSet::with_capacity(args.users + existing.len());
    let mut phones = HashSet::with_capacity(args.users + existing.len());
    for (email, phone) in existing {
        emails.insert(email);
        phones.extend(phone);
    }
    let first_client = clients::Entity::find().count(db).await? as usize;
    // Users join over time, and a directory stores them in that order: rows (and every index
    // led by the creation time) are appended, as in a real database, not scattered.
    let mut joined = in_time_order(&mut rng, args.users, end, span_ms);
    let bar = progress(args.users as u64, "users");
    for chunk_start in (0..args.users).step_by(BATCH * 20) {
        let txn = db.begin().await?;
        for batch_start in (chunk_start..(chunk_start + BATCH * 20).min(args.users)).step_by(BATCH)
        {
            let n = BATCH.min(args.users - batch_start);
            let mut rows = Vec::with_capacity(n);
            for created in joined.by_ref().take(n) {
                let (id, row) = user(
                    &mut rng,
                    secrets,
                    &hash,
                    created,
                    end,
                    &mut emails,
                    &mut phones,
                );
                user_ids.push(id);
                rows.push(row);
            }
            users::Entity::insert_many(rows)
                .exec_without_returning(&txn)
                .await?;
            bar.inc(n as u64);
        }
        txn.commit().await?;
    }
    bar.finish_and_clear();

    let per_client = ((args.users as f64 * 1.5) / args.clients.max(1) as f64)
        .round()
        .max(1.0) as usize;
    let bar = progress(args.clients as u64, "clients");
    let mut associations = 0;
    let mut company_names: HashSet<String> = clients::Entity::find()
        .select_only()
        .column(clients::Column::CompanyName)
        .into_tuple::<Option<String>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .collect();
    let mut opened = in_time_order(&mut rng, args.clients, end, span_ms);
    for chunk_start in (0..args.clients).step_by(BATCH * 5) {
        let txn = db.begin().await?;
        for batch_start in (chunk_start..(chunk_start + BATCH * 5).min(args.clients)).step_by(BATCH)
        {
            let n = BATCH.min(args.clients - batch_start);
            let mut client_rows = Vec::with_capacity(n);
            let mut links = Vec::new();
            for (i, created) in (batch_start..batch_start + n).zip(opened.by_ref()) {
                let (client_id, row) =
                    client(&mut rng, first_client + i, created, &mut company_names);
                client_rows.push(row);
                if !user_ids.is_empty() {
                    let extra = rng
                        .gen_range(0..=2 * (per_client - 1))
                        .min(user_ids.len() - 1);
                    let members: Vec<Uuid> = user_ids
                        .choose_multiple(&mut rng, extra + 1)
                        .copied()
                        .collect();
                    for (k, user_id) in members.into_iter().enumerate() {
                        links.push(link(&mut rng, client_id, user_id, k == 0, created));
                    }
                }
            }
            associations += links.len();
            clients::Entity::insert_many(client_rows)
                .exec_without_returning(&txn)
                .await?;
            for part in links.chunks(BATCH) {
                client_users::Entity::insert_many(part.to_vec())
                    .exec_without_returning(&txn)
                    .await?;
            }
            bar.inc(n as u64);
        }
        txn.commit().await?;
    }
    bar.finish_and_clear();
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
    println!(
        "Seeded {} users, {} clients, {associations} associations in {:.1} s",
        args.users,
        args.clients,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

fn progress(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    let template = format!("seeding {what} {{bar:40}} {{pos}}/{{len}} ({{eta}} left)");
    bar.set_style(
        ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// `n` moments within `span_ms` before `end`, oldest first.
fn in_time_order(
    rng: &mut ChaCha8Rng,
    n: usize,
    end: DateTime<Utc>,
    span_ms: i64,
) -> std::vec::IntoIter<DateTime<Utc>> {
    let mut ago: Vec<i64> = (0..n).map(|_| rng.gen_range(0..span_ms)).collect();
    ago.sort_unstable_by(|a, b| b.cmp(a));
    let at: Vec<DateTime<Utc>> = ago
        .into_iter()
        .map(|ms| end - Duration::milliseconds(ms))
        .collect();
    at.into_iter()
}

/// A UUID v7 for `at` whose random bits come from the seeded generator.
fn uuid_v7(rng: &mut ChaCha8Rng, at: DateTime<Utc>) -> Uuid {
    let random: [u8; 10] = rng.gen();
    uuid::Builder::from_unix_timestamp_millis(at.timestamp_millis() as u64, &random).into_uuid()
}

fn fill(rng: &mut ChaCha8Rng, shape: &str) -> String {
    shape
        .chars()
        .map(|c| {
            if c == '#' {
                char::from(b'0' + rng.gen_range(0..10u8))
            } else {
                c
            }
        })
        .collect()
}

fn pick<'a>(rng: &mut ChaCha8Rng, list: &'a [&'a str]) -> &'a str {
    list.choose(rng).copied().unwrap_or_default()
}

fn user(
    rng: &mut ChaCha8Rng,
    secrets: &SecretBox,
    hash: &str,
    created: DateTime<Utc>,
    end: DateTime<Utc>,
    emails: &mut HashSet<String>,
    phones: &mut HashSet<String>,
) -> (Uuid, users::ActiveModel) {
    let country: &Country = COUNTRIES.choose(rng).unwrap_or(&COUNTRIES[0]);
    let first = pick(rng, country.first);
    let last = pick(rng, country.last);
    let domain = pick(rng, country.domains);
    let base = format!("{}.{}", ascii_slug(first), ascii_slug(last));
    let mut email = format!("{base}@{domain}");
    while !emails.insert(email.to_lowercase()) {
        email = format!("{base}{}@{domain}", rng.gen_range(1..100_000));
    }
    // A few tries at a number nobody has yet; each shape holds millions, so this ends.
    let phone = if rng.gen_bool(0.9) {
        (0..8).find_map(|_| {
            let shape = pick(rng, country.mobile);
            let number = format!("+{}{}", country.dial, fill(rng, shape));
            // Only numbers the numbering plan allows: Edit User refuses others on save.
            let valid = matches!(phone::e164(&number, ""), Ok(Some(_)));
            (valid && phones.insert(number.clone())).then_some(number)
        })
    } else {
        None
    };
    let status = match rng.gen_range(0..100) {
        0..=69 => UserStatus::Active,
        70..=89 => UserStatus::New,
        _ => UserStatus::Inactive,
    };
    let two_factor = rng.gen_bool(0.3);
    let enrolled = two_factor && status != UserStatus::New && rng.gen_bool(0.7);
    let created = created.trunc_subsecs(3);
    // NEW users never signed in; the others last did some time between joining and the end.
    let since = (end - created).num_milliseconds().max(1);
    let last_sign_in = (status != UserStatus::New)
        .then(|| created + Duration::milliseconds(rng.gen_range(0..since)));
    let id = uuid_v7(rng, created);
    let row = users::ActiveModel {
        id: Set(id),
        email_norm: Set(email.to_lowercase()),
        email: Set(email),
        password_hash: Set(hash.to_owned()),
        first_name: Set(first.to_owned()),
        last_name: Set(last.to_owned()),
        phone_verified: Set(phone.is_some() && rng.gen_bool(0.5)),
        phone: Set(phone),
        language: Set(country.language.to_owned()),
        admin_notes: Set(if rng.gen_bool(0.1) {
            "Prefers contact by email.".into()
        } else {
            String::new()
        }),
        status: Set(status),
        email_verified: Set(status != UserStatus::New || rng.gen_bool(0.3)),
        two_factor_required: Set(two_factor),
        totp_secret_enc: Set(enrolled.then(|| secrets.seal(&totp::new_secret()))),
        totp_enrolled_at: Set(enrolled.then_some(created)),
        totp_last_step: Set(None),
        failed_logins: Set(0),
        locked_until: Set(None),
        created_at: Set(created),
        updated_at: Set(created),
        last_login_at: Set(last_sign_in),
        version: Set(1),
        ..Default::default()
    };
    (id, row)
}

fn client(
    rng: &mut ChaCha8Rng,
    index: usize,
    created: DateTime<Utc>,
    company_names: &mut HashSet<String>,
) -> (Uuid, clients::ActiveModel) {
    let country: &Country = COUNTRIES.choose(rng).unwrap_or(&COUNTRIES[0]);
    let company = rng.gen_bool(0.6).then(|| {
        let name = format!(
            "{} {} {}",
            pick(rng, COMPANY_WORDS),
            pick(rng, COMPANY_KINDS),
            pick(rng, COMPANY_FORMS)
        );
        if company_names.insert(name.clone()) {
            name
        } else {
            format!("{name} #{index}")
        }
    });
    // Tax ids are unique by construction: the index is part of the number.
    let tax_id = company
        .as_ref()
        .map(|_| format!("TX{:09}{:02}", index, rng.gen_range(0..100)));
    let status = match rng.gen_range(0..100) {
        0..=74 => ClientStatus::Active,
        75..=84 => ClientStatus::New,
        85..=94 => ClientStatus::Inactive,
        95..=98 => ClientStatus::Closed,
        _ => ClientStatus::Fraud,
    };
    let created = created.trunc_subsecs(3);
    let id = uuid_v7(rng, created);
    let row = clients::ActiveModel {
        id: Set(id),
        first_name: Set(pick(rng, country.first).to_owned()),
        last_name: Set(pick(rng, country.last).to_owned()),
        company_name: Set(company),
        tax_id: Set(tax_id),
        status: Set(status),
        language: Set(country.language.to_owned()),
        admin_notes: Set(String::new()),
        created_at: Set(created),
        updated_at: Set(created),
        version: Set(1),
        ..Default::default()
    };
    (id, row)
}

fn link(
    rng: &mut ChaCha8Rng,
    client_id: Uuid,
    user_id: Uuid,
    owner: bool,
    created: DateTime<Utc>,
) -> client_users::ActiveModel {
    let permissions: Vec<ClientPermission> = if owner {
        ClientPermission::VARIANTS.to_vec()
    } else {
        ClientPermission::VARIANTS
            .iter()
            .copied()
            .filter(|_| rng.gen_bool(0.4))
            .collect()
    };
    client_users::ActiveModel {
        client_id: Set(client_id),
        user_id: Set(user_id),
        owner: Set(owner),
        permissions: Set(KeyList::new(&permissions)),
        created_at: Set(created.trunc_subsecs(3)),
    }
}

#[cfg(test)]
mod tests;
