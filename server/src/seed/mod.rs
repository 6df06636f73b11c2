//! `server seed`: deterministic demo data (same seed, same rows), inserted in batches.
mod names;

use crate::config::SeedArgs;
use app::auth::{password::PasswordHasher, secret_box::SecretBox, totp};
use app::db::{bulk_load, client_users, clients, users, KeyList};
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
    if db.get_database_backend() == sea_orm::DbBackend::Sqlite {
        // The load's only connection (see `main`): a page cache that holds the indexes being
        // filled, instead of spilling changed pages to the WAL and reading them back.
        db.execute_unprepared("PRAGMA cache_size = -1048576").await?;
        db.execute_unprepared("PRAGMA temp_store = memory").await?;
    }
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
    let mut emails = HashSet::with_capacity(args.users + existing.len());
    let mut phones = HashSet::with_capacity(args.users + existing.len());
    for (email, phone) in existing {
        emails.insert(email);
        phones.extend(phone);
    }
    let first_client = clients::Entity::find().count(db).await? as usize;
    let mut company_names: HashSet<String> = clients::Entity::find()
        .select_only()
        .column(clients::Column::CompanyName)
        .into_tuple::<Option<String>>()
        .all(db)
        .await?
        .into_iter()
        .flatten()
        .collect();
    // Users join over time, and a directory stores them in that order: rows (and every index
    // led by the creation time) are appended, as in a real database, not scattered.
    let mut joined = in_time_order(&mut rng, args.users, end, span_ms);
    let homes: Vec<&Country> = (0..args.users)
        .map(|_| COUNTRIES.choose(&mut rng).unwrap_or(&COUNTRIES[0]))
        .collect();
    let mut numbers = phone_numbers(&mut rng, &homes, &mut phones).into_iter();
    // Who belongs to which client is chosen first, so each row is written once, with its
    // count of clients or users.
    let members = memberships(&mut rng, args.users, args.clients);
    let mut clients_of = vec![0i32; args.users];
    for &user in members.iter().flatten() {
        clients_of[user] += 1;
    }

    let txn = db.begin().await?;
    let load = bulk_load::begin(&txn).await?;
    let mut phases = vec![("planned", started.elapsed())];
    let mut user_ids = Vec::with_capacity(args.users);
    let bar = progress(args.users as u64, "users");
    for batch_start in (0..args.users).step_by(BATCH) {
        let n = BATCH.min(args.users - batch_start);
        let mut rows = Vec::with_capacity(n);
        for (i, created) in (batch_start..batch_start + n).zip(joined.by_ref()) {
            let (id, mut row) = user(
                &mut rng,
                secrets,
                &hash,
                (homes[i], numbers.next().flatten()),
                (created, end),
                &mut emails,
            );
            row.clients_count = Set(clients_of[i]);
            user_ids.push(id);
            rows.push(row);
        }
        users::Entity::insert_many(rows)
            .exec_without_returning(&txn)
            .await?;
        bar.inc(n as u64);
    }
    bar.finish_and_clear();
    phases.push(("users", started.elapsed()));

    let bar = progress(args.clients as u64, "clients");
    let mut associations = 0;
    let mut opened = in_time_order(&mut rng, args.clients, end, span_ms);
    for batch_start in (0..args.clients).step_by(BATCH) {
        let n = BATCH.min(args.clients - batch_start);
        let mut client_rows = Vec::with_capacity(n);
        let mut links = Vec::new();
        for (i, created) in (batch_start..batch_start + n).zip(opened.by_ref()) {
            let (client_id, mut row) =
                client(&mut rng, first_client + i, created, &mut company_names);
            row.users_count = Set(members[i].len() as i32);
            client_rows.push(row);
            for (k, &user) in members[i].iter().enumerate() {
                links.push(link(&mut rng, client_id, user_ids[user], k == 0, created));
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
    bar.finish_and_clear();
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

fn progress(len: u64, what: &str) -> ProgressBar {
    let bar = ProgressBar::new(len);
    let template = format!("seeding {what} {{bar:40}} {{pos}}/{{len}} ({{eta}} left)");
    bar.set_style(
        ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}

/// Each client's users (indexes into the seeded users), its owner first: about 1.5
/// clients per user in all.
fn memberships(rng: &mut ChaCha8Rng, users: usize, clients: usize) -> Vec<Vec<usize>> {
    if users == 0 {
        return vec![Vec::new(); clients];
    }
    let per_client = ((users as f64 * 1.5) / clients.max(1) as f64)
        .round()
        .max(1.0) as usize;
    (0..clients)
        .map(|_| {
            let extra = rng.gen_range(0..=2 * (per_client - 1)).min(users - 1);
            rand::seq::index::sample(rng, users, extra + 1).into_vec()
        })
        .collect()
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

/// A phone number for nine users in ten, unique and valid in its country's numbering plan
/// (Edit User refuses others on save), in `homes`' order. The numbers are made country by
/// country: the phone library keeps only 100 compiled patterns, and validating the 8
/// countries' numbers in turn recompiled them for nearly every number (95% of the seed's
/// time: 89 s for 100,000 users).
fn phone_numbers(
    rng: &mut ChaCha8Rng,
    homes: &[&Country],
    taken: &mut HashSet<String>,
) -> Vec<Option<String>> {
    let mut numbers = vec![None; homes.len()];
    for country in COUNTRIES {
        for (i, _) in homes.iter().enumerate().filter(|(_, c)| c.dial == country.dial) {
            if !rng.gen_bool(0.9) {
                continue;
            }
            // A few tries at a number nobody has yet; each shape holds millions, so this ends.
            numbers[i] = (0..8).find_map(|_| {
                let shape = pick(rng, country.mobile);
                let number = format!("+{}{}", country.dial, fill(rng, shape));
                let valid = matches!(phone::e164(&number, ""), Ok(Some(_)));
                (valid && taken.insert(number.clone())).then_some(number)
            });
        }
    }
    numbers
}

fn user(
    rng: &mut ChaCha8Rng,
    secrets: &SecretBox,
    hash: &str,
    (country, phone): (&Country, Option<String>),
    (created, end): (DateTime<Utc>, DateTime<Utc>),
    emails: &mut HashSet<String>,
) -> (Uuid, users::ActiveModel) {
    let first = pick(rng, country.first);
    let last = pick(rng, country.last);
    let domain = pick(rng, country.domains);
    let base = format!("{}.{}", ascii_slug(first), ascii_slug(last));
    let mut email = format!("{base}@{domain}");
    while !emails.insert(email.to_lowercase()) {
        email = format!("{base}{}@{domain}", rng.gen_range(1..100_000));
    }
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
