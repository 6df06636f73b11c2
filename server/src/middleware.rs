//! Request middleware: the sign-in gate for `/admin` pages, cache rules, CSRF refusal and
//! security headers.
use app::auth::{
    guard::signed_in_staff,
    session::{cookie_in, STAFF_COOKIE},
};
use app::client_ip::ClientIp;
use app::csp::CspNonce;
use app::model::messages::Message;
use app::model::AppError;
use app::request::{status_of, REQUEST_ID_HEADER};
use app::state::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use std::net::SocketAddr;

fn is_admin_page(path: &str) -> bool {
    path == "/admin" || path.starts_with("/admin/")
}

/// Signed-out visitors of `/admin` pages go to the sign-in page before anything renders;
/// signed-in staff skip the sign-in page.
pub async fn admin_gate(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if req.method() != Method::GET || !is_admin_page(path) {
        return next.run(req).await;
    }
    // Sign-in and an invitation's page (a new member has no session yet) open signed out.
    let on_login = path == "/admin/login"
        || path.starts_with("/admin/login/")
        || path.starts_with("/admin/invitation/");
    let token = cookie_in(req.headers(), STAFF_COOKIE);
    match signed_in_staff(&state, token.as_deref()).await {
        Ok(Some(_)) if path == "/admin/login" => Redirect::to("/admin").into_response(),
        Ok(None) if !on_login => Redirect::to("/admin/login").into_response(),
        Ok(_) => next.run(req).await,
        Err(e) => {
            let id = req
                .headers()
                .get(REQUEST_ID_HEADER)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("none")
                .to_owned();
            tracing::error!(request_id = %id, error = %e, "admin gate: session lookup failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                format!("Something went wrong on our side. Request id: {id}."),
            )
                .into_response()
        }
    }
}

/// Pages and server-function answers are personal: never cache them. Static assets may be.
pub async fn no_store(req: Request, next: Next) -> Response {
    let personal = !req.uri().path().starts_with("/pkg/");
    let mut res = next.run(req).await;
    if personal {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// Refuses state-changing requests that come from another site (CSRF): browsers say so in
/// `Sec-Fetch-Site`, and `Origin` must name this host. SameSite=Strict cookies already keep
/// sessions out of such requests; this refuses them outright.
pub async fn same_origin(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS) {
        return next.run(req).await;
    }
    let headers = req.headers();
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let cross_site = text("sec-fetch-site") == Some("cross-site");
    let foreign_origin = match (text("origin"), text("host")) {
        (Some(origin), Some(host)) => origin.split_once("://").map(|(_, h)| h) != Some(host),
        (Some(_), None) => true,
        _ => false,
    };
    if cross_site || foreign_origin {
        tracing::warn!(origin = ?text("origin"), "refused a cross-site request");
        return (
            StatusCode::FORBIDDEN,
            "Cross-site requests are not allowed.",
        )
            .into_response();
    }
    next.run(req).await
}

/// Text with NUL (U+0000) in a server function's arguments or a page's address: no field can
/// hold it (PostgreSQL refuses it outright), so it is refused as invalid input naming the
/// argument, before anything runs, alike on both engines. (`/api/v1` refuses it in its own
/// extractors.)
pub async fn refuse_nul(req: Request, next: Next) -> Response {
    let is_server_fn = req.uri().path().starts_with("/api/");
    let in_query = req.uri().query().and_then(|q| field_with_nul(q.as_bytes()));
    if let Some(field) = in_query {
        return nul_refused(is_server_fn, field);
    }
    if !is_server_fn || req.method() != Method::POST {
        return next.run(req).await;
    }
    let (parts, body) = req.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, crate::router::BODY_LIMIT).await else {
        return StatusCode::PAYLOAD_TOO_LARGE.into_response();
    };
    let json = parts
        .headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let in_body = match json {
        true => bytes.windows(6).any(|w| w == b"\\u0000").then(String::new),
        false => field_with_nul(&bytes),
    };
    match in_body {
        Some(field) => nul_refused(true, field),
        None => next.run(Request::from_parts(parts, bytes.into())).await,
    }
}

/// The argument of a form-encoded request whose text holds NUL: `form[first_name]` names
/// `first_name`, as the form's own validation would.
fn field_with_nul(form: &[u8]) -> Option<String> {
    let (key, _) =
        form_urlencoded::parse(form).find(|(k, v)| k.contains('\0') || v.contains('\0'))?;
    let name = key.rsplit('[').next().unwrap_or(&key).trim_end_matches(']');
    Some(name.replace('\0', ""))
}

fn nul_refused(is_server_fn: bool, field: String) -> Response {
    let error = AppError::validation(&field, Message::NulCharacter);
    match is_server_fn {
        true => (status_of(&error), axum::Json(error)).into_response(),
        false => (StatusCode::BAD_REQUEST, error.to_string()).into_response(),
    }
}

/// Server-function errors raised before the function runs (malformed arguments) leave
/// leptos' default status 500; give every `AppError` answer the status its kind means.
pub async fn server_fn_status(req: Request, next: Next) -> Response {
    let is_server_fn = req.uri().path().starts_with("/api/");
    let res = next.run(req).await;
    if !is_server_fn || res.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return (parts, "Something went wrong on our side.").into_response();
    };
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = status_of(&error);
    }
    Response::from_parts(parts, axum::body::Body::from(bytes))
}

/// Content-Security-Policy with this response's nonce (pages render it on their inline
/// scripts, see `app::csp`), and HSTS when Roster is served over https.
pub async fn security_headers(
    State(state): State<AppState>,
    mut req: Request,
    next: Next,
) -> Response {
    let nonce = CspNonce::generate();
    let https = state.sessions.secure_cookies
        || req
            .headers()
            .get("x-forwarded-proto")
            .and_then(|v| v.to_str().ok())
            == Some("https");
    req.extensions_mut().insert(nonce.clone());
    let mut res = next.run(req).await;
    let headers = res.headers_mut();
    if let Ok(policy) = HeaderValue::from_str(&nonce.policy()) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    if https {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    res
}

/// Resolves the caller's address once per request (through `ROSTER_TRUSTED_PROXIES`), for
/// throttling, sessions and the audit trail.
pub async fn client_ip(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    if let Some(peer) = peer {
        let ip = state.trusted_proxies.client_ip(peer, req.headers());
        req.extensions_mut().insert(ClientIp(ip));
    }
    next.run(req).await
}
