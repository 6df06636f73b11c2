//! `/api/v1/users`: Manage Users over HTTP. Each handler authorizes (scope and the owner's
//! permission), reads its input, calls the console's service, and maps the answer.
use super::auth::{self, Allowed, ApiCall};
use super::cursor::{self, fingerprint};
use super::extract::{etag, ApiJson, ApiPath, ApiQuery, IfMatch};
use super::problem::Problem;
use super::user_types::{User, UserCreate, UserList, UserListParams, UserPatch};
use app::model::user_form::UserForm;
use app::model::user_list::UserListQuery;
use app::service::{user_list, users};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use uuid::Uuid;

/// List users with the console's search, filters and sort.
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(UserListParams),
    responses((status = 200, description = "A page of users", body = UserList)))]
pub async fn list_users(
    Allowed(call, _): Allowed<auth::ViewUsers>,
    ApiQuery(p): ApiQuery<UserListParams>,
) -> Result<Json<UserList>, Problem> {
    let mut query = UserListQuery {
        q: p.q.unwrap_or_default(),
        status: p.status,
        two_factor: p.two_factor,
        email_verified: p.email_verified,
        has_clients: p.has_clients,
        signed_in: p.sign_in,
        sort: p.sort.unwrap_or_default(),
        dir: p.dir.unwrap_or_default(),
        ..Default::default()
    };
    let print = fingerprint(&query);
    let at = cursor::page_of(p.cursor.as_deref(), p.limit, &print)?;
    (query.page, query.per_page) = (at.page, at.limit);
    let found = user_list::list_users(&call.ctx.state.db, &query)
        .await
        .map_err(|e| call.fail(e))?;
    let (total, total_exact, next_cursor) =
        cursor::totals(found.total, at, found.rows.len(), &print);
    Ok(Json(UserList {
        data: found.rows.into_iter().map(Into::into).collect(),
        total,
        total_exact,
        next_cursor,
    }))
}

/// One user; its `ETag` is its version.
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users",
    params(("id" = Uuid, Path, description = "The user's id")),
    responses((status = 200, description = "The user", body = User,
        headers(("ETag" = String, description = "The user's version")))))]
pub async fn get_user(
    Allowed(call, _): Allowed<auth::ViewUsers>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Response, Problem> {
    respond(&call, id, StatusCode::OK).await
}

/// Creates a user with status `new`, as Create User does (a verification link, or an
/// invitation, goes out by mail).
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = UserCreate,
    params(super::IdempotencyKey),
    responses((status = 201, description = "Created", body = User, headers(
        ("ETag" = String, description = "The user's version"),
        ("Location" = String, description = "The new user's URL")))))]
pub async fn create_user(
    Allowed(call, _): Allowed<auth::CreateUsers>,
    ApiJson(body): ApiJson<UserCreate>,
) -> Result<Response, Problem> {
    let form = UserForm {
        email: body.email,
        password: body.password.unwrap_or_default().into(),
        first_name: body.first_name,
        last_name: body.last_name,
        phone_region: body.phone_region,
        phone: body.phone,
        language: body.language.unwrap_or_else(|| "en".into()),
        admin_notes: body.admin_notes,
        two_factor_required: body.two_factor_required,
        invite: body.invite,
        ..Default::default()
    };
    let state = &call.ctx.state;
    let id = users::create_user(&state.db, &state.hasher, form, &call.actor())
        .await
        .map_err(|e| call.fail(e))?;
    let mut response = respond(&call, id, StatusCode::CREATED).await?;
    let location = format!("/api/v1/users/{id}").parse().expect("a path");
    response.headers_mut().insert(header::LOCATION, location);
    Ok(response)
}

/// Changes the fields sent, as Edit User's Save does. `If-Match` must name the version read.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", request_body = UserPatch,
    params(("id" = Uuid, Path, description = "The user's id"), super::IfMatchHeader),
    responses((status = 200, description = "The changed user", body = User,
        headers(("ETag" = String, description = "The user's new version")))))]
pub async fn update_user(
    Allowed(call, _): Allowed<auth::EditUsers>,
    ApiPath(id): ApiPath<Uuid>,
    if_match: IfMatch,
    ApiJson(patch): ApiJson<UserPatch>,
) -> Result<Response, Problem> {
    let state = &call.ctx.state;
    let edit = users::load_for_edit(&state.db, id)
        .await
        .map_err(|e| call.fail(e))?;
    let version = if_match.version_or(edit.version)?;
    let form = patched(edit.form, patch);
    users::update_user(
        &state.db,
        &state.hasher,
        id,
        version,
        form,
        false,
        &call.actor(),
    )
    .await
    .map_err(|e| call.fail(e))?;
    respond(&call, id, StatusCode::OK).await
}

/// Deletes a user, as Delete does: refused (409) while they own a client.
#[utoipa::path(delete, path = "/api/v1/users/{id}", tag = "users",
    params(("id" = Uuid, Path, description = "The user's id"), super::IfMatchHeader),
    responses((status = 204, description = "Deleted")))]
pub async fn delete_user(
    Allowed(call, _): Allowed<auth::DeleteUsers>,
    ApiPath(id): ApiPath<Uuid>,
    if_match: IfMatch,
) -> Result<StatusCode, Problem> {
    let db = &call.ctx.state.db;
    let current = users::load_for_edit(db, id)
        .await
        .map_err(|e| call.fail(e))?;
    if_match.check(&current.version.to_string())?;
    users::delete_user(db, id, &call.actor())
        .await
        .map_err(|e| call.fail(e))?;
    Ok(StatusCode::NO_CONTENT)
}

/// The user as it is now, with its ETag.
async fn respond(call: &ApiCall, id: Uuid, status: StatusCode) -> Result<Response, Problem> {
    let (edit, row) = users::load_with_row(&call.ctx.state.db, id)
        .await
        .map_err(|e| call.fail(e))?;
    let tag = etag(edit.version);
    let body = Json(User::new(edit, row));
    Ok((status, [(header::ETAG, tag)], body).into_response())
}

/// The form with the patch's fields applied. Sending a verification flag counts as staff
/// ticking it (an address changed in the same request stays verified only so).
fn patched(mut form: UserForm, p: UserPatch) -> UserForm {
    let set = |field: &mut String, value: Option<String>| {
        if let Some(v) = value {
            *field = v;
        }
    };
    set(&mut form.email, p.email);
    set(&mut form.first_name, p.first_name);
    set(&mut form.last_name, p.last_name);
    set(&mut form.phone, p.phone);
    set(&mut form.phone_region, p.phone_region);
    set(&mut form.language, p.language);
    set(&mut form.admin_notes, p.admin_notes);
    if let Some(password) = p.password {
        form.password = password.into();
    }
    if let Some(required) = p.two_factor_required {
        form.two_factor_required = required;
    }
    if let Some(verified) = p.email_verified {
        (form.email_verified, form.email_verified_marked) = (verified, true);
    }
    if let Some(verified) = p.phone_verified {
        (form.phone_verified, form.phone_verified_marked) = (verified, true);
    }
    if let Some(status) = p.status {
        form.status = status;
    }
    form
}
