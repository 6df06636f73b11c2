//! My API tokens on My profile (any signed-in staff member, on their own tokens only).
use crate::model::api_token::{ApiScope, ApiTokenList, CreatedApiToken};
use crate::model::AppError;
use leptos::prelude::*;
use uuid::Uuid;

#[server(endpoint = "profile/api-tokens")]
pub async fn my_api_tokens() -> Result<ApiTokenList, AppError> {
    use crate::auth::guard::require_staff;
    use crate::request::RequestCtx;
    use crate::service::api_tokens;

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, None).await?;
    let rows = api_tokens::list(&ctx.state.db, me.id)
        .await
        .map_err(|e| ctx.fail(e))?;
    let grantable = api_tokens::grantable(&me);
    Ok(ApiTokenList { rows, grantable })
}

/// Makes a token for me with `scopes` (a subset of what my role allows), lasting
/// `lifetime_days` (none: until revoked).
#[server(endpoint = "profile/api-tokens/create")]
pub async fn create_api_token(
    name: String,
    #[server(default)] scopes: Vec<ApiScope>,
    #[server(default)] lifetime_days: Option<i64>,
) -> Result<CreatedApiToken, AppError> {
    use crate::auth::guard::require_staff;
    use crate::request::RequestCtx;
    use crate::service::api_tokens::{self, NewToken};

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, None).await?;
    let new = NewToken {
        name,
        scopes,
        lifetime_days,
    };
    let (row, token) = api_tokens::create(&ctx.state.db, &me, new, &ctx.staff_actor(&me))
        .await
        .map_err(|e| ctx.fail(e))?;
    Ok(CreatedApiToken { row, token })
}

/// Revokes one of my tokens at once.
#[server(endpoint = "profile/api-tokens/revoke")]
pub async fn revoke_api_token(id: Uuid) -> Result<(), AppError> {
    use crate::auth::guard::require_staff;
    use crate::request::RequestCtx;
    use crate::service::api_tokens;

    let ctx = RequestCtx::current()?;
    let me = require_staff(&ctx, None).await?;
    api_tokens::revoke(&ctx.state.db, id, Some(me.id), &ctx.staff_actor(&me))
        .await
        .map_err(|e| ctx.fail(e))
}
