//! Who is provisioning: an API token (`Authorization: Bearer`) with the `scim` scope (what
//! SCIM created) or `scim:all` (everything), resolved, rate limited and refused exactly as
//! the REST API's (`api_v1::auth`); each operation then needs its owner's permission.
use super::error::{scim_error, ScimProblem};
use crate::api_v1::auth::ApiCall;
use app::model::api_token::ApiScope;
use app::model::Permission;
use app::request::safe_error;
use app::service::audit::Actor;
use app::service::scim::{Reach, ScimError};
use app::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;

pub struct ScimCall {
    pub call: ApiCall,
    pub reach: Reach,
}

impl FromRequestParts<AppState> for ScimCall {
    type Rejection = ScimProblem;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ScimProblem> {
        let call = ApiCall::from_request_parts(parts, state).await?;
        let scopes = &call.caller.scopes;
        let reach = if scopes.contains(&ApiScope::ScimAll) {
            Reach::Everything
        } else if scopes.contains(&ApiScope::Scim) {
            Reach::Provisioned
        } else {
            return Err(ScimProblem::forbidden());
        };
        Ok(Self { call, reach })
    }
}

impl ScimCall {
    pub fn may(&self, permission: Permission) -> bool {
        self.call.caller.staff.can(permission)
    }

    /// Refused unless the token's owner may do this now.
    pub fn require(&self, permission: Permission) -> Result<(), ScimProblem> {
        match self.may(permission) {
            true => Ok(()),
            false => Err(ScimProblem::forbidden()),
        }
    }

    pub fn actor(&self) -> Actor {
        self.call.caller.provisioning_actor(&self.call.ctx.origin())
    }

    /// A service's answer as the provider may see it (details logged with the request id).
    pub fn fail(&self, error: ScimError) -> ScimProblem {
        let ctx = &self.call.ctx;
        scim_error(error, |e| {
            safe_error(e, &ctx.request_id(), ctx.ip().as_deref())
        })
    }
}
