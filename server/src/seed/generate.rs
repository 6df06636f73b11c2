//! The seed's rows, made on their own thread while the database writes the previous batch:
//! deterministic (same seed, same rows), users in the order they joined, then clients with
//! their users.
use super::names::{ascii_slug, Country, COMPANY_FORMS, COMPANY_KINDS, COMPANY_WORDS, COUNTRIES};
use app::auth::{secret_box::SecretBox, totp};
use app::db::{client_users, clients, users, KeyList};
use app::model::client::{ClientPermission, ClientStatus};
use app::model::user_list::UserStatus;
use app::model::VariantArray;
use app::service::users::phone;
use chrono::{DateTime, Duration, SubsecRound, TimeZone, Utc};
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rustc_hash::FxHashSet as HashSet;
use sea_orm::Set;
use uuid::Uuid;

/// Rows per insert statement.
pub const BATCH: usize = 1000;
/// Users whose phone numbers are made together (a multiple of `BATCH`).
const NUMBERED: usize = 100 * BATCH;

/// What a seed adds: rows of one table, or clients with their associations.
pub enum Batch {
    Users(Vec<users::ActiveModel>),
    Clients(Vec<clients::ActiveModel>, Vec<client_users::ActiveModel>),
}

/// What is in the database already: the new rows avoid its addresses, numbers and names.
/// (Hashed with FxHash: with SipHash, looking up a million addresses and numbers was 13% of
/// making the rows.)
#[derive(Default)]
pub struct Taken {
    pub emails: HashSet<String>,
    pub phones: HashSet<String>,
    pub company_names: HashSet<String>,
    pub clients: usize,
}

pub struct Generator {
    rng: ChaCha8Rng,
    secrets: SecretBox,
    hash: String,
    end: DateTime<Utc>,
    taken: Taken,
    joined: std::vec::IntoIter<DateTime<Utc>>,
    opened: std::vec::IntoIter<DateTime<Utc>>,
    homes: Vec<&'static Country>,
    /// The next users' phone numbers (see `phone_numbers`), made `NUMBERED` at a time.
    numbers: std::vec::IntoIter<Option<String>>,
    /// Each client's users, its owner first, and each user's number of clients.
    members: Vec<Vec<usize>>,
    clients_of: Vec<i32>,
    user_ids: Vec<Uuid>,
    clients_made: usize,
}

impl Generator {
    /// Plans the rows: when each user joined and each client opened, where users live, who
    /// belongs to which client (so each row is written once, with its
    /// count of clients or users).
    pub fn new(
        seed: u64,
        users: usize,
        clients: usize,
        secrets: SecretBox,
        hash: String,
        taken: Taken,
    ) -> Self {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        // Times are spread over five years up to a fixed day, so a seed always gives the
        // same rows.
        let end = Utc
            .with_ymd_and_hms(2026, 11, 1, 0, 0, 0)
            .single()
            .unwrap_or_else(Utc::now);
        let span_ms = Duration::days(5 * 365).num_milliseconds();
        // Users join over time, and a directory stores them in that order: rows (and every
        // index led by the creation time) are appended, as in a real database.
        let joined = in_time_order(&mut rng, users, end, span_ms);
        let homes: Vec<&Country> = (0..users)
            .map(|_| COUNTRIES.choose(&mut rng).unwrap_or(&COUNTRIES[0]))
            .collect();
        let members = memberships(&mut rng, users, clients);
        let mut clients_of = vec![0i32; users];
        for &user in members.iter().flatten() {
            clients_of[user] += 1;
        }
        let opened = in_time_order(&mut rng, clients, end, span_ms);
        Generator {
            rng,
            secrets,
            hash,
            end,
            taken,
            joined,
            opened,
            homes,
            numbers: Vec::new().into_iter(),
            members,
            clients_of,
            user_ids: Vec::with_capacity(users),
            clients_made: 0,
        }
    }

    fn users(&mut self) -> Option<Batch> {
        let from = self.user_ids.len();
        let n = BATCH.min(self.homes.len() - from);
        if n == 0 {
            return None;
        }
        if from.is_multiple_of(NUMBERED) {
            let homes = &self.homes[from..(from + NUMBERED).min(self.homes.len())];
            self.numbers = phone_numbers(&mut self.rng, homes, &mut self.taken.phones).into_iter();
        }
        let mut rows = Vec::with_capacity(n);
        for i in from..from + n {
            let created = self.joined.next()?;
            let phone = self.numbers.next().flatten();
            let (id, mut row) = user(
                &mut self.rng,
                &self.secrets,
                &self.hash,
                (self.homes[i], phone),
                (created, self.end),
                &mut self.taken.emails,
            );
            row.clients_count = Set(self.clients_of[i]);
            self.user_ids.push(id);
            rows.push(row);
        }
        Some(Batch::Users(rows))
    }

    fn clients(&mut self) -> Option<Batch> {
        let from = self.clients_made;
        let n = BATCH.min(self.members.len() - from);
        if n == 0 {
            return None;
        }
        let mut rows = Vec::with_capacity(n);
        let mut links = Vec::new();
        for i in from..from + n {
            let created = self.opened.next()?;
            let index = self.taken.clients + i;
            let (client_id, mut row) =
                client(&mut self.rng, index, created, &mut self.taken.company_names);
            row.users_count = Set(self.members[i].len() as i32);
            rows.push(row);
            for (k, &user) in self.members[i].iter().enumerate() {
                let user_id = self.user_ids[user];
                links.push(link(&mut self.rng, client_id, user_id, k == 0, created));
            }
        }
        self.clients_made += n;
        Some(Batch::Clients(rows, links))
    }
}

/// Users first (clients refer to them), then clients.
impl Iterator for Generator {
    type Item = Batch;

    fn next(&mut self) -> Option<Batch> {
        self.users().or_else(|| self.clients())
    }
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
/// country: the phone library keeps only 100 compiled patterns, and validating the
/// countries' numbers in turn recompiled them for nearly every number (95% of the seed's
/// time: 89 s for 100,000 users).
fn phone_numbers(
    rng: &mut ChaCha8Rng,
    homes: &[&Country],
    taken: &mut HashSet<String>,
) -> Vec<Option<String>> {
    let mut numbers = vec![None; homes.len()];
    for country in COUNTRIES {
        for (i, _) in homes
            .iter()
            .enumerate()
            .filter(|(_, c)| c.dial == country.dial)
        {
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
