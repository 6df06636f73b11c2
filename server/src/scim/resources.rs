//! The verbs of a SCIM resource endpoint (RFC 7644 §3.3-3.6), once for Users and Groups:
//! each authorizes the token's owner first, then reads, calls the service and answers with
//! the resource, its `ETag` (the version) and, on create, its `Location`.
use super::auth::ScimCall;
use super::body::Mode;
use super::kinds::{Groups, Users};
use super::query::{self, Projection};
use super::{base_url, patch, scim_json, ScimProblem};
use app::model::Permission;
use app::service::scim::{ListRequest, Listed, Reach, ScimError};
use app::state::AppState;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::future::Future;
use uuid::Uuid;

const LIST: &str = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

/// A resource type: how its rows are listed, read, written and shown.
pub trait Kind: Send + Sync + 'static {
    const CORE: &'static str;
    const VIEW: Permission;
    const CREATE: Permission;
    const EDIT: Permission;
    const DELETE: Permission;
    type Row: Send + Sync;

    fn id(row: &Self::Row) -> Uuid;
    fn version(row: &Self::Row) -> i32;
    /// The resource as JSON, with what `projection` asks for of the attributes returned only
    /// on request (the projection itself is applied after).
    fn to_json(row: &Self::Row, base: &str, projection: &Projection) -> Value;
    fn list(
        state: &AppState,
        reach: Reach,
        request: &ListRequest,
        projection: &Projection,
    ) -> impl Future<Output = Result<Listed<Self::Row>, ScimError>> + Send;
    fn get(
        state: &AppState,
        reach: Reach,
        id: Uuid,
    ) -> impl Future<Output = Result<Self::Row, ScimError>> + Send;
    fn create(
        state: &AppState,
        call: &ScimCall,
        body: &Value,
    ) -> impl Future<Output = Result<Self::Row, ScimProblem>> + Send;
    fn replace(
        state: &AppState,
        call: &ScimCall,
        current: &Self::Row,
        version: Option<i32>,
        body: &Value,
        mode: Mode,
    ) -> impl Future<Output = Result<Self::Row, ScimProblem>> + Send;
    fn delete(
        state: &AppState,
        call: &ScimCall,
        id: Uuid,
        version: Option<i32>,
    ) -> impl Future<Output = Result<(), ScimError>> + Send;
}

pub async fn list<K: Kind>(
    State(state): State<AppState>,
    call: ScimCall,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, ScimProblem> {
    call.require(K::VIEW)?;
    let (request, projection) = query::from_query(&params)?;
    answer_list::<K>(&state, &call, request, projection).await
}

/// `POST /Users/.search`: a list whose parameters travel in the body.
pub async fn search<K: Kind>(
    State(state): State<AppState>,
    call: ScimCall,
    body: Bytes,
) -> Result<Response, ScimProblem> {
    call.require(K::VIEW)?;
    let (request, projection) = query::from_search(&json_body(&body)?)?;
    answer_list::<K>(&state, &call, request, projection).await
}

/// `POST /.search`: Users and then Groups (those the owner may see), as one list. A filter
/// on attributes one of them lacks matches none of that kind.
pub async fn search_all(
    State(state): State<AppState>,
    call: ScimCall,
    body: Bytes,
) -> Result<Response, ScimProblem> {
    let (request, projection) = query::from_search(&json_body(&body)?)?;
    let mut found = Found {
        skip: request.start_index - 1,
        room: request.count,
        ..Default::default()
    };
    let users = found
        .add::<Users>(&state, &call, &request, &projection)
        .await;
    let groups = found
        .add::<Groups>(&state, &call, &request, &projection)
        .await;
    match (users, groups) {
        (Err(e), Err(_)) => return Err(e),
        (Err(e), _) | (_, Err(e)) if e.scim_type != Some("invalidFilter") => return Err(e),
        _ => {}
    }
    if !call.may(Users::VIEW) && !call.may(Groups::VIEW) {
        return Err(ScimProblem::forbidden());
    }
    Ok(scim_json(json!({
        "schemas": [LIST],
        "totalResults": found.total,
        "itemsPerPage": found.resources.len(),
        "startIndex": request.start_index,
        "Resources": found.resources,
    })))
}

/// The resources of several kinds, as one list's page.
#[derive(Default)]
struct Found {
    skip: u64,
    room: u64,
    total: u64,
    resources: Vec<Value>,
}

impl Found {
    async fn add<K: Kind>(
        &mut self,
        state: &AppState,
        call: &ScimCall,
        request: &ListRequest,
        projection: &Projection,
    ) -> Result<(), ScimProblem> {
        if !call.may(K::VIEW) {
            return Ok(());
        }
        let part = ListRequest {
            start_index: self.skip + 1,
            count: self.room,
            ..request.clone()
        };
        let page = K::list(state, call.reach, &part, projection)
            .await
            .map_err(|e| call.fail(e))?;
        let base = base_url(state);
        self.total += page.total;
        self.skip = self.skip.saturating_sub(page.total);
        self.room -= page.rows.len() as u64;
        self.resources.extend(
            page.rows
                .iter()
                .map(|row| projection.apply(K::to_json(row, &base, projection), K::CORE)),
        );
        Ok(())
    }
}

async fn answer_list<K: Kind>(
    state: &AppState,
    call: &ScimCall,
    request: ListRequest,
    projection: Projection,
) -> Result<Response, ScimProblem> {
    let page = K::list(state, call.reach, &request, &projection)
        .await
        .map_err(|e| call.fail(e))?;
    let base = base_url(state);
    let resources: Vec<Value> = page
        .rows
        .iter()
        .map(|row| projection.apply(K::to_json(row, &base, &projection), K::CORE))
        .collect();
    Ok(scim_json(json!({
        "schemas": [LIST],
        "totalResults": page.total,
        "itemsPerPage": resources.len(),
        "startIndex": request.start_index,
        "Resources": resources,
    })))
}

pub async fn get<K: Kind>(
    State(state): State<AppState>,
    call: ScimCall,
    Path(id): Path<String>,
    Query(params): Query<HashMap<String, String>>,
) -> Result<Response, ScimProblem> {
    call.require(K::VIEW)?;
    let (_, projection) = query::from_query(&params)?;
    let row = K::get(&state, call.reach, parse_id(&id)?)
        .await
        .map_err(|e| call.fail(e))?;
    let json = projection.apply(K::to_json(&row, &base_url(&state), &projection), K::CORE);
    Ok(tagged(StatusCode::OK, json, K::version(&row)))
}

pub async fn create<K: Kind>(
    State(state): State<AppState>,
    call: ScimCall,
    body: Bytes,
) -> Result<Response, ScimProblem> {
    call.require(K::CREATE)?;
    let row = K::create(&state, &call, &json_body(&body)?).await?;
    let json = K::to_json(&row, &base_url(&state), &Projection::default());
    let mut response = tagged(StatusCode::CREATED, json.clone(), K::version(&row));
    if let Some(location) = json["meta"]["location"]
        .as_str()
        .and_then(|l| HeaderValue::from_str(l).ok())
    {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

pub async fn put<K: Kind>(
    State(state): State<AppState>,
    call: ScimCall,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ScimProblem> {
    replace::<K>(&state, &call, &id, &headers, &body, |_, body| {
        Ok((body, Mode::Put))
    })
    .await
}

/// PATCH: the operations applied to the resource's JSON, which is then read like a PUT's.
pub async fn patch<K: Kind>(
    State(state): State<AppState>,
    call: ScimCall,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, ScimProblem> {
    replace::<K>(&state, &call, &id, &headers, &body, |mut current, body| {
        patch::apply(&mut current, &body, K::CORE)?;
        Ok((current, Mode::Patched))
    })
    .await
}

/// A write to one resource: `input` makes the body the service reads from the resource's
/// current JSON and the request's body.
async fn replace<K: Kind>(
    state: &AppState,
    call: &ScimCall,
    id: &str,
    headers: &HeaderMap,
    body: &Bytes,
    input: impl FnOnce(Value, Value) -> Result<(Value, Mode), ScimProblem>,
) -> Result<Response, ScimProblem> {
    call.require(K::EDIT)?;
    let body = json_body(body)?;
    let (current, version) = current::<K>(state, call, id, headers).await?;
    let base = base_url(state);
    let (resource, mode) = input(K::to_json(&current, &base, &Projection::default()), body)?;
    let row = K::replace(state, call, &current, version, &resource, mode).await?;
    let json = K::to_json(&row, &base, &Projection::default());
    Ok(tagged(StatusCode::OK, json, K::version(&row)))
}

/// The resource a write names, and the version its `If-Match` names (refused when stale).
async fn current<K: Kind>(
    state: &AppState,
    call: &ScimCall,
    id: &str,
    headers: &HeaderMap,
) -> Result<(K::Row, Option<i32>), ScimProblem> {
    let current = K::get(state, call.reach, parse_id(id)?)
        .await
        .map_err(|e| call.fail(e))?;
    let version = if_match(headers, K::version(&current))?;
    Ok((current, version))
}

pub async fn delete<K: Kind>(
    State(state): State<AppState>,
    call: ScimCall,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> Result<Response, ScimProblem> {
    call.require(K::DELETE)?;
    let (current, version) = current::<K>(&state, &call, &id, &headers).await?;
    K::delete(&state, &call, K::id(&current), version)
        .await
        .map_err(|e| call.fail(e))?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// An id that is not one names no resource (404, as for an unknown id).
fn parse_id(id: &str) -> Result<Uuid, ScimProblem> {
    Uuid::parse_str(id).map_err(|_| ScimProblem::not_found())
}

fn json_body(body: &Bytes) -> Result<Value, ScimProblem> {
    serde_json::from_slice(body)
        .map_err(|_| ScimProblem::bad("invalidSyntax", "The body is not valid JSON."))
}

/// `If-Match`: the version it names (None: absent or `*`); a stale one is refused here, so
/// the service only has to catch a change racing this request.
fn if_match(headers: &HeaderMap, current: i32) -> Result<Option<i32>, ScimProblem> {
    let Some(value) = headers.get(header::IF_MATCH) else {
        return Ok(None);
    };
    let value = value.to_str().unwrap_or_default().trim();
    if value == "*" {
        return Ok(None);
    }
    let named: Vec<Option<i32>> = value
        .split(',')
        .map(|tag| {
            tag.trim()
                .trim_start_matches("W/")
                .trim_matches('"')
                .parse()
                .ok()
        })
        .collect();
    match named.contains(&Some(current)) {
        true => Ok(Some(current)),
        false => Err(ScimProblem::stale()),
    }
}

fn tagged(status: StatusCode, json: Value, version: i32) -> Response {
    let mut response = scim_json(json);
    *response.status_mut() = status;
    if let Ok(tag) = HeaderValue::from_str(&format!("W/\"{version}\"")) {
        response.headers_mut().insert(header::ETAG, tag);
    }
    response
}
