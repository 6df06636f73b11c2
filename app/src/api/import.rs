//! CSV imports of users: the mapping and the dry run, the verdicts, the import itself. The
//! upload is a plain form post (`server::import`), not a server function. Importing needs
//! both Create users and Edit users (a file's rows may update existing users).
use crate::model::import::{CheckedRow, ImportView, Verdict};
use crate::model::AppError;
use leptos::prelude::*;
use uuid::Uuid;

#[cfg(feature = "ssr")]
async fn importer(
    ctx: &crate::request::RequestCtx,
) -> Result<crate::service::audit::Actor, AppError> {
    use crate::auth::guard::require_staff;
    use crate::model::Permission;
    use crate::service::ServiceError;
    let me = require_staff(ctx, Some(Permission::UsersCreate)).await?;
    if !me.can(Permission::UsersEdit) {
        return Err(ctx.fail(ServiceError::Forbidden));
    }
    Ok(ctx.staff_actor(&me))
}

/// Whether the caller may import (the upload page asks before showing its form).
#[server(endpoint = "import/permitted")]
pub async fn import_permitted() -> Result<(), AppError> {
    let ctx = crate::request::RequestCtx::current()?;
    importer(&ctx).await.map(|_| ())
}

#[server(endpoint = "import/load")]
pub async fn load_import(id: Uuid) -> Result<ImportView, AppError> {
    let ctx = crate::request::RequestCtx::current()?;
    importer(&ctx).await?;
    crate::service::import::view(&ctx.state.db, id)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Saves the mapping (`mapping[i]`: the field column `i` fills, empty for none) and checks
/// every row as a job (the dry run).
#[server(endpoint = "import/check")]
pub async fn check_import(
    id: Uuid,
    #[server(default)] mapping: Vec<String>,
    invite: bool,
) -> Result<Uuid, AppError> {
    use crate::model::import::ImportField;
    use crate::model::Keyed;
    let ctx = crate::request::RequestCtx::current()?;
    let actor = importer(&ctx).await?;
    let mapping = mapping.iter().map(|k| ImportField::from_key(k)).collect();
    crate::service::import::check(&ctx.state.db, id, mapping, invite, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Imports the checked rows, as a job.
#[server(endpoint = "import/start")]
pub async fn start_import(id: Uuid) -> Result<Uuid, AppError> {
    let ctx = crate::request::RequestCtx::current()?;
    let actor = importer(&ctx).await?;
    crate::service::import::start(&ctx.state.db, id, &actor)
        .await
        .map_err(|e| ctx.fail(e))
}

/// Checked rows with `verdict` after line `after`, 100 at a time (the preview).
#[server(endpoint = "import/rows")]
pub async fn import_rows(
    id: Uuid,
    verdict: Verdict,
    after: u64,
) -> Result<Vec<CheckedRow>, AppError> {
    let ctx = crate::request::RequestCtx::current()?;
    importer(&ctx).await?;
    crate::service::import::rows(&ctx.state.db, id, verdict, after, 100)
        .await
        .map_err(|e| ctx.fail(e))
}
