//! `/api/v1/clients`: Manage Clients over HTTP (no delete: the console closes clients with
//! the status `closed` instead, keeping their history).
use super::auth::{self, Allowed, ApiCall};
use super::client_types::{Client, ClientCreate, ClientList, ClientListParams, ClientPatch};
use super::cursor::{self, fingerprint};
use super::extract::{etag, ApiJson, ApiPath, ApiQuery, IfMatch};
use super::problem::Problem;
use app::model::client_form::ClientForm;
use app::model::client_list::ClientListQuery;
use app::service::{client_list, clients};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use uuid::Uuid;

/// List clients with the console's search, filter and sort.
#[utoipa::path(get, path = "/api/v1/clients", tag = "clients", params(ClientListParams),
    responses((status = 200, description = "A page of clients", body = ClientList)))]
pub async fn list_clients(
    Allowed(call, _): Allowed<auth::ViewClients>,
    ApiQuery(p): ApiQuery<ClientListParams>,
) -> Result<Json<ClientList>, Problem> {
    let mut query = ClientListQuery {
        q: p.q.unwrap_or_default(),
        status: p.status,
        sort: p.sort.unwrap_or_default(),
        dir: p.dir.unwrap_or_default(),
        ..Default::default()
    };
    let print = fingerprint(&query);
    let at = cursor::page_of(p.cursor.as_deref(), p.limit, &print)?;
    (query.page, query.per_page) = (at.page, at.limit);
    let found = client_list::list_clients(&call.ctx.state.db, &query)
        .await
        .map_err(|e| call.fail(e))?;
    let (total, total_exact, next_cursor) =
        cursor::totals(found.total, at, found.rows.len(), &print);
    Ok(Json(ClientList {
        data: found.rows.into_iter().map(Into::into).collect(),
        total,
        total_exact,
        next_cursor,
    }))
}

/// One client; its `ETag` is its version.
#[utoipa::path(get, path = "/api/v1/clients/{id}", tag = "clients",
    params(("id" = Uuid, Path, description = "The client's id")),
    responses((status = 200, description = "The client", body = Client,
        headers(("ETag" = String, description = "The client's version")))))]
pub async fn get_client(
    Allowed(call, _): Allowed<auth::ViewClients>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, Problem> {
    respond(&call, id, StatusCode::OK).await
}

/// Creates a client, as Create Client does.
#[utoipa::path(post, path = "/api/v1/clients", tag = "clients", request_body = ClientCreate,
    params(super::IdempotencyKey),
    responses((status = 201, description = "Created", body = Client, headers(
        ("ETag" = String, description = "The client's version"),
        ("Location" = String, description = "The new client's URL")))))]
pub async fn create_client(
    Allowed(call, _): Allowed<auth::EditClients>,
    ApiJson(body): ApiJson<ClientCreate>,
) -> Result<Response, Problem> {
    let form = ClientForm {
        first_name: body.first_name,
        last_name: body.last_name,
        company_name: body.company_name,
        tax_id: body.tax_id,
        status: body.status.unwrap_or_default(),
        language: body.language.unwrap_or_else(|| "en".into()),
        admin_notes: body.admin_notes,
    };
    let id = clients::create_client(&call.ctx.state.db, form, &call.actor())
        .await
        .map_err(|e| call.fail(e))?;
    let mut response = respond(&call, id, StatusCode::CREATED).await?;
    let location = format!("/api/v1/clients/{id}").parse().expect("a path");
    response.headers_mut().insert(header::LOCATION, location);
    Ok(response)
}

/// Changes the fields sent, as Edit Client's Save does. `If-Match` must name the version read.
#[utoipa::path(patch, path = "/api/v1/clients/{id}", tag = "clients", request_body = ClientPatch,
    params(("id" = Uuid, Path, description = "The client's id"), super::IfMatchHeader),
    responses((status = 200, description = "The changed client", body = Client,
        headers(("ETag" = String, description = "The client's new version")))))]
pub async fn update_client(
    Allowed(call, _): Allowed<auth::EditClients>,
    ApiPath(id): ApiPath<Uuid>,
    if_match: IfMatch,
    ApiJson(p): ApiJson<ClientPatch>,
) -> Result<Response, Problem> {
    let db = &call.ctx.state.db;
    let edit = clients::load_for_edit(db, id)
        .await
        .map_err(|e| call.fail(e))?;
    let version = if_match.version_or(edit.version)?;
    let mut form = edit.form;
    for (field, value) in [
        (&mut form.first_name, p.first_name),
        (&mut form.last_name, p.last_name),
        (&mut form.company_name, p.company_name),
        (&mut form.tax_id, p.tax_id),
        (&mut form.language, p.language),
        (&mut form.admin_notes, p.admin_notes),
    ] {
        if let Some(value) = value {
            *field = value;
        }
    }
    if let Some(status) = p.status {
        form.status = status;
    }
    clients::update_client(db, id, version, form, false, &call.actor())
        .await
        .map_err(|e| call.fail(e))?;
    respond(&call, id, StatusCode::OK).await
}

async fn respond(call: &ApiCall, id: Uuid, status: StatusCode) -> Result<Response, Problem> {
    let db = &call.ctx.state.db;
    let edit = clients::load_for_edit(db, id)
        .await
        .map_err(|e| call.fail(e))?;
    let detail = clients::client_detail(db, id)
        .await
        .map_err(|e| call.fail(e))?;
    let tag = etag(edit.version);
    let body = Json(Client::new(edit, detail));
    Ok((status, [(header::ETAG, tag)], body).into_response())
}
