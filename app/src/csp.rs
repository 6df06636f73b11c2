//! Content-Security-Policy with a fresh nonce per response: the only scripts a page may run
//! are Roster's own files and the inline scripts Leptos writes with the nonce (hydration,
//! streamed resources). Styles may be inline (avatar colours); nothing may frame a page.
use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine as _};
use leptos::prelude::{provide_context, use_context};
use rand::RngCore as _;

/// The nonce of the response being rendered, put in the request's extensions by the
/// security-headers middleware.
#[derive(Clone, Debug)]
pub struct CspNonce(String);

impl CspNonce {
    /// 128 random bits.
    pub fn generate() -> Self {
        let mut bytes = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut bytes);
        Self(URL_SAFE_NO_PAD.encode(bytes))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn policy(&self) -> String {
        format!(
            "default-src 'self'; script-src 'self' 'nonce-{}' 'wasm-unsafe-eval'; \
             style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; \
             object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
            self.0
        )
    }
}

/// Page-rendering context: makes Leptos write this response's nonce (the one in the header)
/// on its inline scripts instead of one of its own.
pub fn provide_request_nonce() {
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
    if let Some(nonce) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce.0));
    }
}
