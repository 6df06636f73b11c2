//! A client's users (`/api/v1/clients/{id}/users`) and a user's clients
//! (`/api/v1/users/{id}/clients`): the Users tab and the User Clients dialog over HTTP. A
//! membership has no version of its own, so its ETag is a digest of what it holds (owner and
//! permissions): a change made meanwhile still fails `If-Match`.
use super::auth::{self, Allowed, ApiCall};
use super::client_types::{Member, MemberCreate, MemberPatch, UserClientItem};
use super::extract::{ApiJson, ApiPath, IfMatch};
use super::problem::Problem;
use app::model::client::ClientPermission;
use app::model::client_page::ClientUser;
use app::model::{Keyed, VariantArray};
use app::service::{associations, clients, user_clients};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The users of a client, owner first.
#[utoipa::path(get, path = "/api/v1/clients/{id}/users", tag = "clients",
    params(("id" = Uuid, Path, description = "The client's id")),
    responses((status = 200, description = "The client's users", body = Vec<Member>)))]
pub async fn list_members(
    Allowed(call, _): Allowed<auth::ViewClients>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<Member>>, Problem> {
    let detail = clients::client_detail(&call.ctx.state.db, id)
        .await
        .map_err(|e| call.fail(e))?;
    Ok(Json(detail.users.into_iter().map(Into::into).collect()))
}

/// Associates a user with the client, with permissions, optionally as its owner.
#[utoipa::path(post, path = "/api/v1/clients/{id}/users", tag = "clients",
    request_body = MemberCreate,
    params(("id" = Uuid, Path, description = "The client's id"), super::IdempotencyKey),
    responses((status = 201, description = "Associated", body = Member,
        headers(("ETag" = String, description = "The membership's tag")))))]
pub async fn add_member(
    Allowed(call, _): Allowed<auth::EditClients>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<MemberCreate>,
) -> Result<Response, Problem> {
    at_most_each(&body.permissions)?;
    let db = &call.ctx.state.db;
    let actor = call.actor();
    associations::associate_user(db, id, body.user_id, body.owner, &body.permissions, &actor)
        .await
        .map_err(|e| call.fail(e))?;
    respond(&call, id, body.user_id, StatusCode::CREATED).await
}

/// Changes a user's permissions on the client, or makes them its owner.
#[utoipa::path(patch, path = "/api/v1/clients/{id}/users/{user_id}", tag = "clients",
    request_body = MemberPatch,
    params(("id" = Uuid, Path, description = "The client's id"),
        ("user_id" = Uuid, Path, description = "The user's id"), super::IfMatchHeader),
    responses((status = 200, description = "The membership as it is now", body = Member,
        headers(("ETag" = String, description = "The membership's tag")))))]
pub async fn update_member(
    Allowed(call, _): Allowed<auth::EditClients>,
    ApiPath((id, user_id)): ApiPath<(Uuid, Uuid)>,
    if_match: IfMatch,
    ApiJson(patch): ApiJson<MemberPatch>,
) -> Result<Response, Problem> {
    at_most_each(patch.permissions.as_deref().unwrap_or_default())?;
    if patch.owner == Some(false) {
        return Err(Problem::invalid(
            "owner",
            "Ownership is not given up: make another user the owner instead.",
        ));
    }
    if_match.check(&tag(&member(&call, id, user_id).await?))?;
    let (db, actor) = (&call.ctx.state.db, call.actor());
    if let Some(permissions) = &patch.permissions {
        associations::set_permissions(db, id, user_id, permissions, &actor)
            .await
            .map_err(|e| call.fail(e))?;
    }
    if patch.owner == Some(true) {
        associations::make_owner(db, id, user_id, &actor)
            .await
            .map_err(|e| call.fail(e))?;
    }
    respond(&call, id, user_id, StatusCode::OK).await
}

/// Removes a user from the client; the owner stays until another user is made owner.
#[utoipa::path(delete, path = "/api/v1/clients/{id}/users/{user_id}", tag = "clients",
    params(("id" = Uuid, Path, description = "The client's id"),
        ("user_id" = Uuid, Path, description = "The user's id"), super::IfMatchHeader),
    responses((status = 204, description = "Removed")))]
pub async fn remove_member(
    Allowed(call, _): Allowed<auth::EditClients>,
    ApiPath((id, user_id)): ApiPath<(Uuid, Uuid)>,
    if_match: IfMatch,
) -> Result<StatusCode, Problem> {
    if_match.check(&tag(&member(&call, id, user_id).await?))?;
    associations::remove_user(&call.ctx.state.db, id, user_id, &call.actor())
        .await
        .map_err(|e| call.fail(e))?;
    Ok(StatusCode::NO_CONTENT)
}

/// The clients a user belongs to.
#[utoipa::path(get, path = "/api/v1/users/{id}/clients", tag = "users",
    params(("id" = Uuid, Path, description = "The user's id")),
    responses((status = 200, description = "The user's clients", body = Vec<UserClientItem>)))]
pub async fn user_clients(
    Allowed(call, _): Allowed<auth::ViewUserClients>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<Vec<UserClientItem>>, Problem> {
    let found = user_clients::user_clients(&call.ctx.state.db, id)
        .await
        .map_err(|e| call.fail(e))?;
    Ok(Json(found.clients.into_iter().map(Into::into).collect()))
}

/// A list of permissions holds each at most once (the document says at most 10 items).
fn at_most_each(permissions: &[ClientPermission]) -> Result<(), Problem> {
    if permissions.len() > ClientPermission::VARIANTS.len() {
        let message = "List each permission at most once.";
        return Err(Problem::invalid("permissions", message));
    }
    Ok(())
}

async fn member(call: &ApiCall, id: Uuid, user_id: Uuid) -> Result<ClientUser, Problem> {
    let detail = clients::client_detail(&call.ctx.state.db, id)
        .await
        .map_err(|e| call.fail(e))?;
    detail
        .users
        .into_iter()
        .find(|u| u.id == user_id)
        .ok_or_else(Problem::not_found)
}

/// A digest of what the membership holds.
fn tag(m: &ClientUser) -> String {
    let mut digest = Sha256::new();
    digest.update([u8::from(m.owner)]);
    for p in &m.permissions {
        digest.update(p.key().as_bytes());
        digest.update(b",");
    }
    hex::encode(&digest.finalize()[..8])
}

async fn respond(
    call: &ApiCall,
    id: Uuid,
    user_id: Uuid,
    status: StatusCode,
) -> Result<Response, Problem> {
    let m = member(call, id, user_id).await?;
    let etag = format!("\"{}\"", tag(&m));
    Ok((status, [(header::ETAG, etag)], Json(Member::from(m))).into_response())
}
