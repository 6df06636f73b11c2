//! SCIM 2.0 provisioning at `/scim/v2` (RFC 7643 / 7644): Users are Roster's users, Groups its
//! client accounts. Identity providers (Microsoft Entra ID, Okta, authentik, Keycloak)
//! authenticate with an API token carrying the `scim` or `scim:all` scope; every change is
//! made by the console's services and audited as provisioning by that token.
mod auth;
mod body;
mod discovery;
mod error;
mod group_json;
mod kinds;
mod patch;
mod query;
mod resources;
mod user_json;

use app::state::AppState;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use chrono::{DateTime, SecondsFormat, Utc};
pub use error::ScimProblem;
use kinds::{Groups, Users};
use resources::Kind;
use serde_json::{json, Value};

pub const SCIM_JSON: &str = "application/scim+json";

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/scim/v2/ServiceProviderConfig",
            get(discovery::service_provider_config),
        )
        .route(
            "/scim/v2/ResourceTypes",
            get(discovery::list_resource_types),
        )
        .route(
            "/scim/v2/ResourceTypes/{id}",
            get(discovery::get_resource_type),
        )
        .route("/scim/v2/Schemas", get(discovery::list_schemas))
        .route("/scim/v2/Schemas/{id}", get(discovery::get_schema))
        .route(
            "/scim/v2/.search",
            axum::routing::post(resources::search_all),
        )
        .merge(endpoint::<Users>("/scim/v2/Users"))
        .merge(endpoint::<Groups>("/scim/v2/Groups"))
        .route(
            "/scim/v2/{*rest}",
            axum::routing::any(|| async { ScimProblem::not_found() }),
        )
        .layer(
            tower_http::set_header::SetResponseHeaderLayer::if_not_present(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-store"),
            ),
        )
}

fn endpoint<K: Kind>(path: &str) -> Router<AppState> {
    use axum::routing::post;
    Router::new()
        .route(path, get(resources::list::<K>).post(resources::create::<K>))
        .route(&format!("{path}/.search"), post(resources::search::<K>))
        .route(
            &format!("{path}/{{id}}"),
            get(resources::get::<K>)
                .put(resources::put::<K>)
                .patch(resources::patch::<K>)
                .delete(resources::delete::<K>),
        )
}

/// A SCIM answer: JSON as `application/scim+json`.
pub fn scim_json(body: Value) -> Response {
    let mut response = body.to_string().into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(SCIM_JSON));
    response
}

/// Where Roster is reached (`ROSTER_PUBLIC_URL`): resources' `location`s start with it.
fn base_url(state: &AppState) -> String {
    state.db.mail().public_url.trim_end_matches('/').to_owned()
}

fn meta(
    kind: &str,
    location: &str,
    created: DateTime<Utc>,
    modified: DateTime<Utc>,
    version: i32,
) -> Value {
    json!({
        "resourceType": kind,
        "created": created.to_rfc3339_opts(SecondsFormat::Millis, true),
        "lastModified": modified.to_rfc3339_opts(SecondsFormat::Millis, true),
        "location": location,
        "version": format!("W/\"{version}\""),
    })
}
