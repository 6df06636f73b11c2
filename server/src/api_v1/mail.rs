//! Mail over HTTP: the mail log (`/api/v1/mail`, newest first, links hidden as in the console)
//! and a user's links (`/api/v1/users/{id}/links`: send a verification, password reset or
//! invitation link, see which still work, expire one), as Edit User's "Emails" does.
use super::auth::{self, Allowed};
use super::cursor;
use super::extract::{ApiJson, ApiPath, ApiQuery};
use super::problem::Problem;
use app::model::mail::{
    LinkPurpose, MailKind, MailMessage, MailQuery, MailRow, MailStatus, OpenLink,
};
use app::service::mail::{letters::Letter, log};
use app::service::{self_service, ServiceError};
use axum::http::StatusCode;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// One message: what was sent (or waits to be), to whom, why, and how delivery went.
#[derive(Debug, Serialize, ToSchema)]
pub struct Mail {
    pub id: Uuid,
    pub kind: MailKind,
    pub to: String,
    pub subject: String,
    pub status: MailStatus,
    /// Delivery attempts that failed so far (a queued message with some is being retried).
    pub attempts: i32,
    /// The mail server's last answer, when an attempt failed.
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// The user it concerns (null for staff mail, or once the user is deleted).
    pub user_id: Option<Uuid>,
}

impl From<MailRow> for Mail {
    fn from(m: MailRow) -> Self {
        Self {
            id: m.id,
            kind: m.kind,
            to: m.to,
            subject: m.subject,
            status: m.status,
            attempts: m.attempts,
            last_error: m.last_error,
            created_at: m.created_at,
            sent_at: m.sent_at,
            user_id: m.user.map(|(id, _)| id),
        }
    }
}

/// A message with its bodies as sent, its link replaced by a placeholder (a link is a
/// credential of its recipient).
#[derive(Debug, Serialize, ToSchema)]
pub struct MailWithBody {
    #[serde(flatten)]
    pub mail: Mail,
    pub text_body: String,
    pub html_body: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MailList {
    pub data: Vec<Mail>,
    /// Pass as `page` for older messages; null on the last page.
    pub next_page: Option<u32>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MailParams {
    /// Only the messages about this user.
    pub user: Option<Uuid>,
    pub status: Option<MailStatus>,
    /// 1-based; 50 messages a page.
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u32>,
}

/// The mail log, newest first.
#[utoipa::path(get, path = "/api/v1/mail", tag = "mail", params(MailParams),
    responses((status = 200, description = "A page of messages", body = MailList)))]
pub async fn list_mail(
    Allowed(call, _): Allowed<auth::ViewMail>,
    ApiQuery(p): ApiQuery<MailParams>,
) -> Result<Json<MailList>, Problem> {
    let page = cursor::page_number(p.page)?;
    let query = MailQuery {
        user: p.user,
        status: p.status,
        page,
    };
    let found = log::list(&call.ctx.state.db, &query)
        .await
        .map_err(|e| call.fail(e))?;
    Ok(Json(MailList {
        next_page: found.has_next.then_some(page + 1),
        data: found.rows.into_iter().map(Into::into).collect(),
    }))
}

/// One message as it was sent, its link hidden.
#[utoipa::path(get, path = "/api/v1/mail/{id}", tag = "mail",
    params(("id" = Uuid, Path, description = "The message's id")),
    responses((status = 200, description = "The message", body = MailWithBody)))]
pub async fn get_mail(
    Allowed(call, _): Allowed<auth::ViewMail>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<MailWithBody>, Problem> {
    let MailMessage {
        row,
        text_body,
        html_body,
    } = log::open(&call.ctx.state.db, id)
        .await
        .map_err(|e| call.fail(e))?;
    Ok(Json(MailWithBody {
        mail: row.into(),
        text_body,
        html_body,
    }))
}

/// A link staff can send a user (a staff invitation is not one of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UserLink {
    /// Verifies the address it is sent to (refused once verified).
    VerifyEmail,
    /// Lets the user choose a new password (refused for an inactive user).
    ResetPassword,
    /// Lets a new user choose their first password (refused for an inactive user).
    Invitation,
}

impl UserLink {
    fn purpose(self) -> LinkPurpose {
        match self {
            Self::VerifyEmail => LinkPurpose::VerifyEmail,
            Self::ResetPassword => LinkPurpose::ResetPassword,
            Self::Invitation => LinkPurpose::Invitation,
        }
    }

    fn letter(self) -> Letter {
        match self {
            Self::VerifyEmail => Letter::VerifyEmail,
            Self::ResetPassword => Letter::PasswordReset,
            Self::Invitation => Letter::Invitation,
        }
    }

    fn of(purpose: LinkPurpose) -> Option<Self> {
        [Self::VerifyEmail, Self::ResetPassword, Self::Invitation]
            .into_iter()
            .find(|l| l.purpose() == purpose)
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SendLink {
    pub purpose: UserLink,
}

/// A link sent to the user that still works.
#[derive(Debug, Serialize, ToSchema)]
pub struct Link {
    pub purpose: UserLink,
    /// The address it was sent to.
    pub sent_to: String,
    pub expires_at: DateTime<Utc>,
}

/// Sends the user a link by mail (queued at once, delivered by the mail sender); an earlier
/// link of the same purpose stops working.
#[utoipa::path(post, path = "/api/v1/users/{id}/links", tag = "users", request_body = SendLink,
    params(("id" = Uuid, Path, description = "The user's id"), super::IdempotencyKey),
    responses((status = 202, description = "Queued for delivery")))]
pub async fn send_link(
    Allowed(call, _): Allowed<auth::EditUsers>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<SendLink>,
) -> Result<StatusCode, Problem> {
    let db = &call.ctx.state.db;
    self_service::send_link(db, id, body.purpose.letter(), &call.actor(), db.now())
        .await
        .map_err(|e| call.fail(e))?;
    Ok(StatusCode::ACCEPTED)
}

/// The user's links that still work, soonest to expire first.
#[utoipa::path(get, path = "/api/v1/users/{id}/links", tag = "users",
    params(("id" = Uuid, Path, description = "The user's id")),
    responses((status = 200, description = "The open links", body = Vec<Link>)))]
pub async fn open_links(
    Allowed(call, _): Allowed<auth::ViewUsers>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<Link>>, Problem> {
    let db = &call.ctx.state.db;
    let links = self_service::open_links(db, id, db.now())
        .await
        .map_err(|e| call.fail(e))?;
    let link = |l: OpenLink| {
        UserLink::of(l.purpose).map(|purpose| Link {
            purpose,
            sent_to: l.sent_to,
            expires_at: l.expires_at,
        })
    };
    Ok(Json(links.into_iter().filter_map(link).collect()))
}

/// Expires the user's open links of one purpose: they stop working at once (404 when none
/// is open).
#[utoipa::path(delete, path = "/api/v1/users/{id}/links/{purpose}", tag = "users",
    params(("id" = Uuid, Path, description = "The user's id"),
        ("purpose" = UserLink, Path, description = "Which links")),
    responses((status = 204, description = "Expired")))]
pub async fn expire_links(
    Allowed(call, _): Allowed<auth::EditUsers>,
    ApiPath((id, purpose)): ApiPath<(Uuid, UserLink)>,
) -> Result<StatusCode, Problem> {
    let db = &call.ctx.state.db;
    self_service::expire_links(db, id, purpose.purpose(), &call.actor(), db.now())
        .await
        .map_err(|e| match e {
            // The service's word for "no open link to end".
            ServiceError::Conflict => Problem::not_found(),
            e => call.fail(e),
        })?;
    Ok(StatusCode::NO_CONTENT)
}
