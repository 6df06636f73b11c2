//! `/api/v1/audit`: the activity log over HTTP, newest first, filtered as on Activity.
use super::auth::{self, Allowed};
use super::cursor;
use super::extract::ApiQuery;
use super::problem::Problem;
use app::model::activity::{ActivityEntry, ActivityQuery, AuditAction};
use app::model::Keyed;
use app::service::activity;
use axum::Json;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// One change or sign-in.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: DateTime<Utc>,
    /// Who: a staff member (through an API token, when so), a user, or the command line.
    pub actor: String,
    /// What, as a key such as `user.update`.
    pub action: String,
    /// The record it was about, in words.
    pub target: String,
    pub target_id: Option<String>,
    /// "field: old → new" lines; secrets only as "changed".
    pub changes: Vec<String>,
    pub ip: Option<String>,
    pub request_id: Option<String>,
}

impl From<ActivityEntry> for AuditEntry {
    fn from(e: ActivityEntry) -> Self {
        Self {
            id: e.id,
            at: e.at,
            actor: e.actor,
            action: e.action,
            target: e.target,
            target_id: e.target_id,
            changes: e.changes,
            ip: e.ip,
            request_id: e.request_id,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditList {
    pub data: Vec<AuditEntry>,
    /// Pass as `page` for older entries; null on the last page.
    pub next_page: Option<u32>,
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditParams {
    /// A staff member's id.
    pub actor: Option<Uuid>,
    /// An action key, e.g. `user.update`.
    #[param(max_length = 64)]
    pub action: Option<String>,
    /// The id of the record whose history to show.
    #[param(max_length = 64)]
    pub target: Option<String>,
    /// 1-based; 50 entries a page.
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u32>,
}

/// The activity log, newest first.
#[utoipa::path(get, path = "/api/v1/audit", tag = "audit", params(AuditParams),
    responses((status = 200, description = "A page of entries", body = AuditList)))]
pub async fn list_audit(
    Allowed(call, _): Allowed<auth::ViewAudit>,
    ApiQuery(p): ApiQuery<AuditParams>,
) -> Result<Json<AuditList>, Problem> {
    if let Some(action) = p
        .action
        .as_deref()
        .filter(|a| AuditAction::from_key(a).is_none())
    {
        return Err(Problem::invalid(
            "action",
            format!("There is no action {action:?}."),
        ));
    }
    if p.target.as_ref().is_some_and(|t| t.chars().count() > 64) {
        return Err(Problem::invalid(
            "target",
            "A record id has at most 64 characters.",
        ));
    }
    let page = cursor::page_number(p.page)?;
    let query = ActivityQuery {
        actor: p.actor,
        action: p.action,
        target: p.target,
        page,
    };
    let found = activity::list_activity(&call.ctx.state.db, &query)
        .await
        .map_err(|e| call.fail(e))?;
    Ok(Json(AuditList {
        next_page: found.has_next.then_some(page + 1),
        data: found.entries.into_iter().map(Into::into).collect(),
    }))
}
