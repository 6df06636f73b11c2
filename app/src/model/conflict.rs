//! A save that found its record saved by someone else since the form was opened: who, when,
//! and the record as it is now. One type for every versioned record (users, clients; staff
//! and the API next), so one notice and one save flow serve every edit form.
use super::client_form::EditClient;
use super::messages::Message;
use super::user_form::EditUser;
use super::Labelled;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Conflict<R> {
    /// As the audit trail names them.
    pub by: String,
    pub at: chrono::DateTime<chrono::Utc>,
    pub current: R,
}

/// The record a conflict reports, as its edit form loads it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Current {
    User(EditUser),
    Client(EditClient),
}

/// A record edited at a version, through a form that can take the other save's version.
pub trait Versioned: Clone + Send + Sync + 'static {
    /// "user", "client".
    const NOUN: &'static str;
    /// What a save says when the record was deleted meanwhile.
    const GONE: Message;
    fn version(&self) -> i32;
    /// The record in one line, for the notice ("Ann Lee, ann@example.com, Active").
    fn summary(&self) -> String;
    fn into_current(self) -> Current;
    fn from_current(current: Current) -> Option<Self>;
}

impl Current {
    pub fn noun(&self) -> &'static str {
        match self {
            Current::User(_) => EditUser::NOUN,
            Current::Client(_) => EditClient::NOUN,
        }
    }
}

impl Conflict<Current> {
    /// The conflict about an `R`, if that is what this one reports.
    pub fn about<R: Versioned>(self) -> Option<Conflict<R>> {
        Some(Conflict {
            current: R::from_current(self.current)?,
            by: self.by,
            at: self.at,
        })
    }
}

impl Versioned for EditUser {
    const NOUN: &'static str = "user";
    const GONE: Message = Message::UserGone;

    fn version(&self) -> i32 {
        self.version
    }

    fn summary(&self) -> String {
        let f = &self.form;
        let phone = if f.phone.is_empty() {
            String::new()
        } else {
            format!(", {}", f.phone)
        };
        let status = f.status.label();
        format!(
            "{} {}, {}, {status}{phone}",
            f.first_name, f.last_name, f.email
        )
    }

    fn into_current(self) -> Current {
        Current::User(self)
    }

    fn from_current(current: Current) -> Option<Self> {
        match current {
            Current::User(user) => Some(user),
            _ => None,
        }
    }
}

impl Versioned for EditClient {
    const NOUN: &'static str = "client";
    const GONE: Message = Message::ClientGone;

    fn version(&self) -> i32 {
        self.version
    }

    fn summary(&self) -> String {
        let f = &self.form;
        let company = if f.company_name.is_empty() {
            "no company"
        } else {
            &f.company_name
        };
        let status = f.status.label();
        format!("{} {}, {company}, {status}", f.first_name, f.last_name)
    }

    fn into_current(self) -> Current {
        Current::Client(self)
    }

    fn from_current(current: Current) -> Option<Self> {
        match current {
            Current::Client(client) => Some(client),
            _ => None,
        }
    }
}
