use crate::model::mail::{MailMessage, MailPage, MailQuery};
use crate::model::AppError;
use leptos::prelude::*;
use uuid::Uuid;

/// A page of the mail log, or one user's messages (permission `mail.view`).
#[server(endpoint = "mail/list")]
pub async fn list_mail(query: MailQuery) -> Result<MailPage, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::mail::log;

    let ctx = RequestCtx::current()?;
    require_staff(&ctx, Some(Permission::MailView)).await?;
    log::list(&ctx.state.db, &query)
        .await
        .map_err(|e| ctx.fail(e))
}

/// One message as sent, its link hidden (permission `mail.view`).
#[server(endpoint = "mail/open")]
pub async fn open_mail(id: Uuid) -> Result<MailMessage, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::request::RequestCtx;
    use crate::service::mail::log;

    let ctx = RequestCtx::current()?;
    require_staff(&ctx, Some(Permission::MailView)).await?;
    log::open(&ctx.state.db, id).await.map_err(|e| ctx.fail(e))
}
