//! One batch of an import's rows, checked (the dry run) or imported, in one transaction: the
//! form's rules for each row, an address used twice in the file refused after its first
//! row, an existing user (matched by email) updated rather than duplicated. Importing checks
//! again, so a row that became invalid since the dry run is refused, not written.
use super::row::{phone_order, read, RowInput};
use crate::db::{import_rows, imports, users, Db};
use crate::model::import::{Mapping, Verdict};
use crate::model::user_list::UserStatus;
use crate::service::audit::record_all;
use crate::service::audit::{Actor, AuditAction};
use crate::service::mail::letters::Letter;
use crate::service::mail::outbox::{queue, Recipient};
use crate::service::users::audit_trail::{diff, entry, record};
use crate::service::versioned::update_at_version;
use crate::service::ServiceError;
use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Condition, Expr};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
    TryIntoModel,
};
use serde_json::json;
use std::collections::HashMap;
use uuid::Uuid;

/// Rows per transaction.
pub const BATCH: u64 = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Check,
    Import,
}

/// What a batch did: rows accepted (to create or update), and refused.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub accepted: i64,
    pub refused: i64,
}

/// Everything a batch shares.
pub struct Run<'a> {
    pub db: &'a Db,
    pub import: &'a imports::Model,
    pub mapping: &'a Mapping,
    pub mode: Mode,
    pub actor: &'a Actor,
    /// The hash given to users imported without one: of a password nobody was told.
    pub unknowable_hash: &'a str,
    pub at: DateTime<Utc>,
}

enum Decided {
    Refuse(String),
    Create(RowInput),
    Update(RowInput, Box<users::Model>),
}

impl Run<'_> {
    /// Works the next batch; None when no row is left.
    pub async fn next(&self, txn: &impl ConnectionTrait) -> Result<Option<Counts>, ServiceError> {
        // Written as the partial indexes of migration 23 are, so that both engines read
        // the next rows from them (SQLite matches an index's condition only as written).
        let pending = Expr::cust(match self.mode {
            Mode::Check => "import_rows.verdict IS NULL",
            Mode::Import => "import_rows.verdict IN ('create', 'update') AND NOT import_rows.done",
        });
        let rows = import_rows::Entity::find()
            .filter(import_rows::Column::ImportId.eq(self.import.id))
            .filter(pending)
            .order_by_asc(import_rows::Column::Line)
            .limit(BATCH)
            .all(txn)
            .await?;
        let Some(first_line) = rows.first().map(|r| r.line) else {
            return Ok(None);
        };
        let decided = self.decide(txn, &rows, first_line).await?;
        let mut created = match self.mode {
            Mode::Import => self.create_all(txn, &decided).await?.into_iter(),
            Mode::Check => Vec::new().into_iter(),
        };
        let mut counts = Counts::default();
        let mut worked = Vec::with_capacity(rows.len());
        for (row, decided) in rows.iter().zip(decided) {
            let (verdict, reason, email_norm, user_id) = match decided {
                Decided::Refuse(reason) => (Verdict::Refuse, Some(reason), None, None),
                Decided::Create(input) => (
                    Verdict::Create,
                    None,
                    Some(input.clean.email_norm),
                    created.next(),
                ),
                Decided::Update(input, user) => {
                    if self.mode == Mode::Import {
                        self.update(txn, &input, &user).await?;
                    }
                    (
                        Verdict::Update,
                        None,
                        Some(input.clean.email_norm),
                        Some(user.id),
                    )
                }
            };
            match verdict {
                Verdict::Refuse => counts.refused += 1,
                _ => counts.accepted += 1,
            }
            worked.push(import_rows::ActiveModel {
                import_id: Set(self.import.id),
                line: Set(row.line),
                fields: Set(row.fields.clone()),
                verdict: Set(Some(verdict)),
                reason: Set(reason),
                email_norm: Set(email_norm),
                done: Set(self.mode == Mode::Import),
                user_id: Set(user_id),
            });
        }
        // The batch's rows replaced with their verdicts: two statements, not one per row.
        let lines: Vec<i64> = rows.iter().map(|r| r.line).collect();
        import_rows::Entity::delete_many()
            .filter(import_rows::Column::ImportId.eq(self.import.id))
            .filter(import_rows::Column::Line.is_in(lines))
            .exec(txn)
            .await?;
        import_rows::Entity::insert_many(worked)
            .exec_without_returning(txn)
            .await?;
        Ok(Some(counts))
    }

    /// Each row's fate: the form's rules, then the addresses against earlier rows and users.
    async fn decide(
        &self,
        txn: &impl ConnectionTrait,
        rows: &[import_rows::Model],
        first_line: i64,
    ) -> Result<Vec<Decided>, ServiceError> {
        let fields: Vec<Vec<String>> = rows
            .iter()
            .map(|r| serde_json::from_str(&r.fields).unwrap_or_default())
            .collect();
        let mut order: Vec<usize> = (0..rows.len()).collect();
        order.sort_by_cached_key(|&i| phone_order(&fields[i], self.mapping));
        let mut read: Vec<(usize, Result<RowInput, String>)> = order
            .into_iter()
            .map(|i| (i, read(&fields[i], self.mapping)))
            .collect();
        read.sort_unstable_by_key(|(i, _)| *i);
        let read: Vec<Result<RowInput, String>> = read.into_iter().map(|(_, r)| r).collect();
        let emails: Vec<String> = read
            .iter()
            .filter_map(|r| r.as_ref().ok().map(|i| i.clean.email_norm.clone()))
            .collect();
        // Earlier rows of the file that were accepted with one of these addresses.
        let mut first_seen: HashMap<String, i64> = import_rows::Entity::find()
            .filter(import_rows::Column::ImportId.eq(self.import.id))
            .filter(import_rows::Column::Line.lt(first_line))
            .filter(import_rows::Column::Verdict.is_in([Verdict::Create, Verdict::Update]))
            .filter(import_rows::Column::EmailNorm.is_in(emails.clone()))
            .all(txn)
            .await?
            .into_iter()
            .filter_map(|r| Some((r.email_norm?, r.line)))
            .collect();
        // The SCIM name as its unique index has it: a plain `scim_user_name_norm IN` had no
        // index, and read every user for every batch.
        let name_of = crate::search::scim::user_name(crate::search::Dialect::of(txn));
        let existing = users::Entity::find()
            .filter(
                Condition::any()
                    .add(users::Column::EmailNorm.is_in(emails.clone()))
                    .add(Expr::expr(name_of).is_in(emails)),
            )
            .all(txn)
            .await?;
        let by_email: HashMap<&str, &users::Model> = existing
            .iter()
            .map(|u| (u.email_norm.as_str(), u))
            .collect();
        let by_user_name: HashMap<&str, &users::Model> = existing
            .iter()
            .filter_map(|u| Some((u.scim_user_name_norm.as_deref()?, u)))
            .collect();
        let mut out = Vec::with_capacity(rows.len());
        for (row, input) in rows.iter().zip(read) {
            let input = match input {
                Ok(input) => input,
                Err(reason) => {
                    out.push(Decided::Refuse(reason));
                    continue;
                }
            };
            let email = input.clean.email_norm.clone();
            if let Some(line) = first_seen.get(&email) {
                out.push(Decided::Refuse(format!("Same email as line {line}")));
                continue;
            }
            first_seen.insert(email.clone(), row.line);
            out.push(
                match (
                    by_email.get(email.as_str()),
                    by_user_name.get(email.as_str()),
                ) {
                    (Some(user), _) => Decided::Update(input, Box::new((*user).clone())),
                    (None, Some(_)) => Decided::Refuse(
                        "Email: another user's SCIM user name is this address".into(),
                    ),
                    (None, None) => Decided::Create(input),
                },
            );
        }
        Ok(out)
    }

    /// Creates the batch's new users in one statement, with their audit entries (and
    /// invitations); their ids in the batch's order.
    async fn create_all(
        &self,
        txn: &impl ConnectionTrait,
        decided: &[Decided],
    ) -> Result<Vec<Uuid>, ServiceError> {
        let inputs: Vec<&RowInput> = decided
            .iter()
            .filter_map(|d| match d {
                Decided::Create(input) => Some(input),
                _ => None,
            })
            .collect();
        if inputs.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<Uuid> = inputs.iter().map(|_| Uuid::now_v7()).collect();
        let rows = inputs
            .iter()
            .zip(&ids)
            .map(|(input, id)| self.new_user(*id, input));
        users::Entity::insert_many(rows)
            .exec_without_returning(txn)
            .await?;
        let mut made: HashMap<Uuid, users::Model> = users::Entity::find()
            .filter(users::Column::Id.is_in(ids.clone()))
            .all(txn)
            .await?
            .into_iter()
            .map(|u| (u.id, u))
            .collect();
        let mut entries = Vec::with_capacity(ids.len());
        for (input, id) in inputs.iter().zip(&ids) {
            let user = made.remove(id).ok_or(ServiceError::NotFound)?;
            let mut changes = diff(None, &user);
            let password = match (&input.hash, self.import.invite) {
                (Some(_), _) => "imported hash",
                (None, true) => "invitation sent",
                (None, false) => "none (reset link needed)",
            };
            changes.insert("password".into(), json!(password));
            changes.insert("import".into(), json!(self.import.id));
            entries.push(entry(AuditAction::UserCreate, &user, changes));
            if input.hash.is_none() && self.import.invite {
                let to = Recipient::user(&user);
                queue(txn, self.db.mail(), &Letter::Invitation, &to, self.at).await?;
            }
        }
        record_all(txn, self.actor, entries, self.at).await?;
        Ok(ids)
    }

    fn new_user(&self, id: Uuid, input: &RowInput) -> users::ActiveModel {
        let c = &input.clean;
        users::ActiveModel {
            id: Set(id),
            email: Set(c.email.clone()),
            email_norm: Set(c.email_norm.clone()),
            password_hash: Set(input
                .hash
                .clone()
                .unwrap_or_else(|| self.unknowable_hash.to_owned())),
            first_name: Set(c.first_name.clone()),
            last_name: Set(c.last_name.clone()),
            phone: Set(c.phone.clone()),
            language: Set(input.language.clone()),
            admin_notes: Set(c.admin_notes.clone()),
            status: Set(input.status.unwrap_or(UserStatus::New)),
            email_verified: Set(input.email_verified),
            phone_verified: Set(false),
            two_factor_required: Set(false),
            failed_logins: Set(0),
            created_at: Set(self.at),
            updated_at: Set(self.at),
            version: Set(1),
            ..Default::default()
        }
    }

    /// The file's values over an existing user's (a field the file does not map is kept).
    async fn update(
        &self,
        txn: &impl ConnectionTrait,
        input: &RowInput,
        old: &users::Model,
    ) -> Result<(), ServiceError> {
        use crate::model::import::ImportField as F;
        let maps = |f: F| self.mapping.contains(&Some(f));
        let c = &input.clean;
        let mut row: users::ActiveModel = old.clone().into();
        if maps(F::FirstName) {
            row.first_name = Set(c.first_name.clone());
        }
        if maps(F::LastName) {
            row.last_name = Set(c.last_name.clone());
        }
        if maps(F::Phone) {
            row.phone = Set(c.phone.clone());
            if c.phone != old.phone {
                row.phone_verified = Set(false);
            }
        }
        if maps(F::Language) {
            row.language = Set(input.language.clone());
        }
        if maps(F::AdminNotes) {
            row.admin_notes = Set(c.admin_notes.clone());
        }
        if let Some(status) = input.status {
            row.status = Set(status);
        }
        if maps(F::EmailVerified) {
            row.email_verified = Set(input.email_verified);
        }
        if let Some(hash) = &input.hash {
            row.password_hash = Set(hash.clone());
        }
        row.updated_at = Set(self.at);
        row.version = Set(old.version + 1);
        let new = row.clone().try_into_model()?;
        let mut changes = diff(Some(old), &new);
        if input.hash.is_some() {
            changes.insert("password".into(), json!("imported hash"));
        }
        if changes.is_empty() {
            return Ok(());
        }
        // Read in this transaction, but PostgreSQL's writers run side by side: a save made
        // meanwhile fails the batch, which is then worked again from what is there now.
        let key = (users::Column::Id, old.id);
        if !update_at_version::<users::Entity>(txn, row, key, (users::Column::Version, old.version))
            .await?
        {
            return Err(ServiceError::Conflict);
        }
        changes.insert("import".into(), json!(self.import.id));
        record(
            txn,
            self.actor,
            AuditAction::UserUpdate,
            &new,
            changes,
            self.at,
        )
        .await?;
        Ok(())
    }
}
