//! The public REST API, `/api/v1`: JSON over the console's services, authorized by API tokens
//! (`Authorization: Bearer`), documented by an OpenAPI 3.1 document generated from the
//! handlers' own types (`/api/v1/openapi.json`) and read at `/api/docs`.
mod auth;
mod cursor;
mod docs;
mod extract;
mod idempotency;
mod problem;
mod user_types;
mod users;

use app::state::AppState;
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::Router;
use problem::Problem;
use std::sync::Arc;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{OpenApi as Document, RefOr, Response as DocResponse};
use utoipa::{IntoParams, Modify, OpenApi};
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Roster API",
        version = "1",
        description = "Users and client accounts of Roster, over HTTP. Authenticate with an API token: `Authorization: Bearer rst_...`. Errors are RFC 9457 problem details."
    ),
    modifiers(&Security),
    security(("bearer" = [])),
    tags((name = "users", description = "Users: login identities")),
    components(schemas(
        Problem,
        problem::FieldProblem,
        app::model::user_list::SignInRecency,
        app::model::user_list::SortKey,
        app::model::user_list::SortDir,
    ))
)]
struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, doc: &mut Document) {
        let components = doc.components.get_or_insert_with(Default::default);
        let bearer = HttpBuilder::new()
            .scheme(HttpAuthScheme::Bearer)
            .description(Some(
                "An API token from My profile or `server token create`",
            ))
            .build();
        components.add_security_scheme("bearer", SecurityScheme::Http(bearer));
    }
}

/// `Idempotency-Key` on POST: the first answer is replayed for 24 hours.
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)] // documents the header; `idempotency` reads it
struct IdempotencyKey {
    /// Any unique string (e.g. a UUID) of up to 255 characters: a retried request with the
    /// same key and body gets the first answer again instead of acting twice.
    #[param(rename = "Idempotency-Key")]
    idempotency_key: Option<String>,
}

/// `If-Match` on PATCH and DELETE.
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)] // documents the header; `extract::IfMatch` reads it
struct IfMatchHeader {
    /// The ETag read last (e.g. `"3"`), or `*`: refused with 412 when the resource changed
    /// since, with 428 when missing.
    #[param(rename = "If-Match")]
    if_match: String,
}

/// 412 for an `If-Match` that names an older version.
fn stale() -> Problem {
    Problem::new(
        StatusCode::PRECONDITION_FAILED,
        "stale",
        "Changed meanwhile",
        "This resource changed since the ETag you sent: read it again.",
    )
}

/// The API's routes and its document (built once: the document is the routes' own).
pub fn router(state: &AppState) -> Router<AppState> {
    let (routes, doc) = OpenApiRouter::<AppState>::with_openapi(ApiDoc::openapi())
        .routes(routes!(users::list_users, users::create_user))
        .routes(routes!(
            users::get_user,
            users::update_user,
            users::delete_user
        ))
        .split_for_parts();
    let doc = Arc::new(finish(doc));
    let api = routes
        .route(
            "/api/v1/openapi.json",
            axum::routing::get(move || {
                let doc = doc.clone();
                async move { axum::Json(doc.as_ref().clone()) }
            }),
        )
        .route(
            "/api/v1/{*rest}",
            axum::routing::any(|| async { Problem::not_found() }),
        )
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            idempotency::replay,
        ))
        .layer(cors(&state.api.cors_origins))
        .layer(
            tower_http::set_header::SetResponseHeaderLayer::if_not_present(
                header::CACHE_CONTROL,
                HeaderValue::from_static("no-store"),
            ),
        );
    api.merge(docs::routes())
}

/// The document as served: each operation also lists the problems any request can meet.
fn finish(mut doc: Document) -> Document {
    let common: [(&str, &str); 6] = [
        (
            "400",
            "Malformed request (unreadable JSON, unknown field, wrong type)",
        ),
        ("401", "No valid API token"),
        (
            "403",
            "The token's scopes or its owner's role do not allow this",
        ),
        ("404", "No such resource"),
        ("429", "Too many requests: wait Retry-After seconds"),
        ("500", "Server error (quote request_id)"),
    ];
    let writes: [(&str, &str); 4] = [
        ("409", "Refused by a rule (e.g. the user owns clients)"),
        ("412", "Changed since the ETag in If-Match"),
        ("415", "The body is not JSON"),
        ("422", "Invalid input: each field's message in errors"),
    ];
    for item in doc.paths.paths.values_mut() {
        let ops = [
            (&mut item.get, false),
            (&mut item.post, true),
            (&mut item.patch, true),
            (&mut item.delete, true),
        ];
        for (op, write) in ops {
            let Some(op) = op.as_mut() else { continue };
            let list: Vec<_> = common
                .iter()
                .chain(if write { writes.iter() } else { [].iter() })
                .collect();
            for (code, text) in list {
                op.responses
                    .responses
                    .entry((*code).to_owned())
                    .or_insert_with(|| RefOr::T(problem_response(text)));
            }
        }
    }
    // Listing takes a `q` of any text, so only malformed queries (400) and bad values (422).
    if let Some(get) = doc
        .paths
        .paths
        .get_mut("/api/v1/users")
        .and_then(|i| i.get.as_mut())
    {
        get.responses
            .responses
            .entry("422".into())
            .or_insert_with(|| {
                RefOr::T(problem_response("A cursor or limit the list cannot serve"))
            });
    }
    doc
}

fn problem_response(description: &str) -> DocResponse {
    use utoipa::openapi::{ContentBuilder, ResponseBuilder};
    let schema = RefOr::Ref(utoipa::openapi::Ref::from_schema_name("Problem"));
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/problem+json",
            ContentBuilder::new().schema(Some(schema)).build(),
        )
        .build()
}

/// CORS for the origins allowed by `ROSTER_API_CORS_ORIGINS`; none by default, so browsers
/// on other sites cannot read answers (tokens are never cookies, so nothing is sent
/// implicitly either way).
fn cors(origins: &[String]) -> tower_http::cors::CorsLayer {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    let allowed: Vec<HeaderValue> = origins.iter().filter_map(|o| o.parse().ok()).collect();
    CorsLayer::new()
        .allow_origin(AllowOrigin::list(allowed))
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        .allow_headers([
            header::AUTHORIZATION,
            header::CONTENT_TYPE,
            header::IF_MATCH,
            header::HeaderName::from_static("idempotency-key"),
        ])
        .expose_headers([header::ETAG, header::LOCATION, header::RETRY_AFTER])
}
