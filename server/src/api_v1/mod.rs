//! The public REST API, `/api/v1`: JSON over the console's services, authorized by API tokens
//! (`Authorization: Bearer`), documented by an OpenAPI 3.1 document generated from the
//! handlers' own types (`/api/v1/openapi.json`) and read at `/api/docs`.
mod audit;
pub(crate) mod auth;
mod client_types;
mod clients;
mod cursor;
mod docs;
mod extract;
mod idempotency;
mod mail;
mod members;
pub(crate) mod problem;
mod sessions;
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
    tags(
        (name = "users", description = "Users: login identities"),
        (name = "clients", description = "Client accounts and the users on them"),
        (name = "mail", description = "The mail log: what was sent, to whom, and how delivery went"),
        (name = "audit", description = "The activity log"),
    ),
    components(schemas(
        Problem,
        problem::FieldProblem,
        app::model::user_list::SignInRecency,
        app::model::user_list::SortKey,
        app::model::user_list::SortDir,
        app::model::client::ClientStatus,
        app::model::client_list::ClientSortKey,
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
    #[param(rename = "Idempotency-Key", required = false, value_type = String, min_length = 1, max_length = 255)]
    idempotency_key: Option<String>,
}

/// `If-Match` on PATCH and DELETE.
#[derive(IntoParams)]
#[into_params(parameter_in = Header)]
#[allow(dead_code)] // documents the header; `extract::IfMatch` reads it
struct IfMatchHeader {
    /// The ETag read last (e.g. `"3"`), or `*`: refused with 412 when the resource changed
    /// since, and with 428 when missing (it is required: it is optional here only in HTTP's
    /// sense, RFC 6585).
    #[param(rename = "If-Match", required = false, value_type = String, pattern = r#"^(\*|(W/)?"[0-9A-Za-z]{1,64}")$"#)]
    if_match: Option<String>,
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
        .routes(routes!(members::user_clients))
        .routes(routes!(sessions::list_sessions))
        .routes(routes!(sessions::end_all_sessions))
        .routes(routes!(sessions::end_session))
        .routes(routes!(mail::send_link, mail::open_links))
        .routes(routes!(mail::expire_links))
        .routes(routes!(clients::list_clients, clients::create_client))
        .routes(routes!(clients::get_client, clients::update_client))
        .routes(routes!(members::list_members, members::add_member))
        .routes(routes!(members::update_member, members::remove_member))
        .routes(routes!(mail::list_mail))
        .routes(routes!(mail::get_mail))
        .routes(routes!(audit::list_audit))
        .split_for_parts();
    let doc = Arc::new(served(finish(doc)));
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
    let writes: [(&str, &str); 5] = [
        ("409", "Refused by a rule (e.g. the user owns clients)"),
        ("412", "Changed since the ETag in If-Match"),
        ("428", "If-Match missing (PATCH and DELETE)"),
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
    link_created(
        &mut doc,
        "/api/v1/users",
        ["get_user", "update_user", "delete_user"],
    );
    link_created(&mut doc, "/api/v1/clients", ["get_client", "update_client"]);
    // Lists also refuse a cursor, limit or filter value they cannot serve.
    for list in [
        "/api/v1/users",
        "/api/v1/clients",
        "/api/v1/mail",
        "/api/v1/audit",
    ] {
        if let Some(get) = doc.paths.paths.get_mut(list).and_then(|i| i.get.as_mut()) {
            get.responses
                .responses
                .entry("422".into())
                .or_insert_with(|| {
                    RefOr::T(problem_response(
                        "A cursor, limit or filter the list cannot serve",
                    ))
                });
        }
    }
    doc
}

/// The document as JSON. utoipa 5 writes a link's fields in snake case (`operation_id`);
/// OpenAPI names them in camel case, so they are renamed here.
fn served(doc: Document) -> serde_json::Value {
    let mut json = serde_json::to_value(doc).expect("the document serializes");
    let links = json["paths"]
        .as_object_mut()
        .into_iter()
        .flat_map(|paths| paths.values_mut())
        .filter_map(|item| item.as_object_mut())
        .flat_map(|item| item.values_mut())
        .filter_map(|op| op.get_mut("responses").and_then(|r| r.as_object_mut()))
        .flat_map(|responses| responses.values_mut())
        .filter_map(|response| response.get_mut("links").and_then(|l| l.as_object_mut()))
        .flat_map(|links| links.values_mut())
        .filter_map(|link| link.as_object_mut());
    for link in links {
        for (snake, camel) in [
            ("operation_id", "operationId"),
            ("operation_ref", "operationRef"),
            ("request_body", "requestBody"),
        ] {
            if let Some(value) = link.remove(snake) {
                link.insert(camel.to_owned(), value);
            }
        }
    }
    json
}

/// Links from a POST's 201 to the operations on what it created (by its `id` and `ETag`), so
/// clients and test tools can follow them.
fn link_created<const N: usize>(doc: &mut Document, path: &str, operations: [&str; N]) {
    use utoipa::openapi::link::LinkBuilder;
    let created = doc
        .paths
        .paths
        .get_mut(path)
        .and_then(|item| item.post.as_mut())
        .and_then(|post| post.responses.responses.get_mut("201"));
    let Some(RefOr::T(created)) = created else {
        return;
    };
    for operation in operations {
        let link = LinkBuilder::new()
            .operation_id(operation)
            .parameter("id", "$response.body#/id")
            .parameter("header.If-Match", "$response.header.ETag")
            .build();
        created.links.insert(operation.to_owned(), RefOr::T(link));
    }
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
