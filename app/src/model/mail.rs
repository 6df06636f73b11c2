//! Mail as staff see it in the mail log and Edit User's "Emails": what was sent (or waits to
//! be), to whom, why, and how delivery went. Links in a message shown to staff are hidden.
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// Why a message was sent; stored in `mail_outbox.kind`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
    strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, utoipa::ToSchema))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum MailKind {
    #[strum(message = "Email verification")]
    VerifyEmail,
    #[strum(message = "Password reset")]
    PasswordReset,
    #[strum(message = "Invitation")]
    Invitation,
    #[strum(message = "Staff invitation")]
    StaffInvitation,
    #[strum(message = "Password changed")]
    PasswordChanged,
    #[strum(message = "2FA turned off")]
    TwoFactorOff,
    #[strum(message = "Email address changed")]
    EmailChanged,
}

/// Where a message is in delivery; stored in `mail_outbox.status`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
    strum::EnumIter,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, utoipa::ToSchema))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum MailStatus {
    /// Waiting for its first attempt or, after a temporary failure, its next.
    #[strum(message = "Queued")]
    Queued,
    #[strum(message = "Sent")]
    Sent,
    /// Refused for good by the mail server, or still undelivered after a day of retries.
    #[strum(message = "Failed")]
    Failed,
}

/// One message in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MailRow {
    pub id: Uuid,
    pub kind: MailKind,
    pub to: String,
    pub subject: String,
    pub status: MailStatus,
    /// Delivery attempts that failed so far (a queued message with some is "retrying").
    pub attempts: i32,
    /// The mail server's last answer, when an attempt failed.
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// The user it concerns, with their name (None once the user is deleted).
    pub user: Option<(Uuid, String)>,
}

impl MailRow {
    /// "Queued", "Retrying (2 failed attempts)", "Sent", "Failed".
    pub fn state(&self) -> String {
        match self.status {
            MailStatus::Queued if self.attempts > 0 => format!(
                "Retrying ({} failed attempt{})",
                self.attempts,
                if self.attempts == 1 { "" } else { "s" }
            ),
            status => crate::model::Labelled::label(status).to_owned(),
        }
    }
}

/// A message opened in the mail log: as sent, with its links hidden.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MailMessage {
    pub row: MailRow,
    pub text_body: String,
    pub html_body: String,
}

/// The mail log's view: newest first, optionally one user's or one status's.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailQuery {
    pub user: Option<Uuid>,
    pub status: Option<MailStatus>,
    pub page: u32,
}

impl MailQuery {
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        use crate::model::Keyed;
        let nonempty = |k: &str| get(k).filter(|v| !v.trim().is_empty());
        Self {
            user: nonempty("user").and_then(|v| Uuid::parse_str(&v).ok()),
            status: nonempty("status").and_then(|v| MailStatus::from_key(&v)),
            page: nonempty("page")
                .and_then(|v| v.parse().ok())
                .unwrap_or(1)
                .max(1),
        }
    }

    pub fn href(&self) -> String {
        use crate::model::Keyed;
        let mut pairs = Vec::new();
        if let Some(u) = self.user {
            pairs.push(format!("user={u}"));
        }
        if let Some(s) = self.status {
            pairs.push(format!("status={}", s.key()));
        }
        if self.page > 1 {
            pairs.push(format!("page={}", self.page));
        }
        match pairs.is_empty() {
            true => "/admin/mail".into(),
            false => format!("/admin/mail?{}", pairs.join("&")),
        }
    }
}

/// A page of the mail log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MailPage {
    pub rows: Vec<MailRow>,
    pub has_next: bool,
}

/// What a link from a message lets its holder do; stored in `link_tokens.purpose`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum LinkPurpose {
    /// Marks the address it was sent to verified.
    VerifyEmail,
    /// Sets a new password (forgot password, or staff's "Send password reset link").
    ResetPassword,
    /// Sets the first password of an invited user (and verifies their address).
    Invitation,
    /// Sets the first password of an invited staff member.
    StaffInvitation,
}

impl LinkPurpose {
    /// What staff call an open link of this kind in Edit User.
    pub fn noun(self) -> &'static str {
        match self {
            LinkPurpose::VerifyEmail => "verification link",
            LinkPurpose::ResetPassword => "password reset link",
            LinkPurpose::Invitation => "invitation link",
            LinkPurpose::StaffInvitation => "staff invitation link",
        }
    }
}

/// A link sent to a user that still works (Edit User shows it, with "Expire link").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenLink {
    pub purpose: LinkPurpose,
    pub sent_to: String,
    pub expires_at: chrono::DateTime<chrono::Utc>,
}

/// Why a link from a message does not work; its page says which and offers a new link.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum LinkError {
    /// Never issued, for another purpose, or replaced by a newer link.
    #[error("this link is not valid")]
    Invalid,
    #[error("this link has expired")]
    Expired,
    #[error("this link has already been used")]
    Used,
}

impl LinkError {
    pub fn message(self) -> crate::model::messages::Message {
        use crate::model::messages::Message;
        match self {
            LinkError::Invalid => Message::LinkInvalid,
            LinkError::Expired => Message::LinkExpired,
            LinkError::Used => Message::LinkUsed,
        }
    }
}

/// Rows per page of the mail log.
pub const MAIL_PAGE: u64 = 50;

/// What staff see instead of a link that carries a token.
pub const HIDDEN_LINK: &str = "[link hidden from staff]";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_round_trip_through_the_url() {
        let q = MailQuery {
            user: Some(Uuid::nil()),
            status: Some(MailStatus::Failed),
            page: 3,
        };
        let href = q.href();
        let params: std::collections::HashMap<String, String> = href
            .split_once('?')
            .map(|(_, qs)| {
                qs.split('&')
                    .filter_map(|p| p.split_once('='))
                    .map(|(k, v)| (k.into(), v.into()))
                    .collect()
            })
            .unwrap_or_default();
        assert_eq!(MailQuery::from_params(|k| params.get(k).cloned()), q);
        assert_eq!(MailQuery::from_params(|_| None).href(), "/admin/mail");
    }

    #[test]
    fn keys_round_trip() {
        crate::model::keyed::assert_round_trips::<MailKind>();
        crate::model::keyed::assert_round_trips::<MailStatus>();
    }
}
