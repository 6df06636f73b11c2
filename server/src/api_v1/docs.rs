//! `/api/docs`: the API reference, rendered in the browser by Swagger UI from the document at
//! `/api/v1/openapi.json`. Swagger UI is vendored from npm (`swagger-ui-dist`) into the site
//! at build time (`/api-docs/`), so the page works with no network beyond Roster.
use app::state::AppState;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;

const PAGE: &str = r#"<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Roster API reference</title>
<link rel="stylesheet" href="/api-docs/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"><p>Loading the API reference… The document itself is at <a href="/api/v1/openapi.json">/api/v1/openapi.json</a>.</p></div>
<script src="/api-docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script>
</body>
</html>
"#;

const INIT: &str = r##"window.addEventListener("load", function () {
  window.ui = SwaggerUIBundle({
    url: "/api/v1/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    tryItOutEnabled: false
  });
});
"##;

/// Swagger UI sets inline styles and loads its images as data URIs; nothing comes from
/// elsewhere.
const POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/api/docs",
            get(|| async {
                (
                    [
                        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
                        (header::CONTENT_SECURITY_POLICY, POLICY),
                    ],
                    PAGE,
                )
                    .into_response()
            }),
        )
        .route(
            "/api/docs/init.js",
            get(|| async { ([(header::CONTENT_TYPE, "text/javascript")], INIT) }),
        )
}
