//! The browser's half of a ceremony: `navigator.credentials` with the WebAuthn JSON helpers
//! (`parseCreationOptionsFromJSON`, `toJSON`), so options and answers cross as JSON text and
//! no WebAuthn type is compiled into the WASM bundle.

/// Why the browser gave no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowserRefusal {
    /// No WebAuthn here (an old browser, or a page not served over https or localhost).
    Unsupported,
    /// The person closed the prompt, or it timed out (`NotAllowedError`).
    Cancelled,
    /// This device already holds a passkey for the account (`InvalidStateError`).
    AlreadyOnDevice,
    /// Anything else, with the browser's error name.
    Failed(String),
}

#[cfg(feature = "hydrate")]
mod js {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen(inline_js = r#"
async function run(options, create) {
  if (typeof PublicKeyCredential === "undefined" || !PublicKeyCredential.parseCreationOptionsFromJSON) {
    return JSON.stringify({ error: "Unsupported" });
  }
  try {
    const { publicKey } = JSON.parse(options);
    const credential = create
      ? await navigator.credentials.create({ publicKey: PublicKeyCredential.parseCreationOptionsFromJSON(publicKey) })
      : await navigator.credentials.get({ publicKey: PublicKeyCredential.parseRequestOptionsFromJSON(publicKey) });
    return JSON.stringify({ answer: JSON.stringify(credential.toJSON()) });
  } catch (e) {
    return JSON.stringify({ error: (e && e.name) || "Error" });
  }
}
export function passkey_create(options) { return run(options, true); }
export function passkey_get(options) { return run(options, false); }
"#)]
    extern "C" {
        pub fn passkey_create(options: &str) -> js_sys::Promise;
        pub fn passkey_get(options: &str) -> js_sys::Promise;
    }
}

#[derive(serde::Deserialize)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
struct Outcome {
    answer: Option<String>,
    error: Option<String>,
}

/// `navigator.credentials.create()` with the server's options: the new credential as JSON.
pub async fn create(options: &str) -> Result<String, BrowserRefusal> {
    #[cfg(feature = "hydrate")]
    return settle(js::passkey_create(options)).await;
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = options;
        Err(BrowserRefusal::Unsupported)
    }
}

/// `navigator.credentials.get()` with the server's options: the assertion as JSON.
pub async fn get(options: &str) -> Result<String, BrowserRefusal> {
    #[cfg(feature = "hydrate")]
    return settle(js::passkey_get(options)).await;
    #[cfg(not(feature = "hydrate"))]
    {
        let _ = options;
        Err(BrowserRefusal::Unsupported)
    }
}

#[cfg(feature = "hydrate")]
async fn settle(promise: js_sys::Promise) -> Result<String, BrowserRefusal> {
    let text = wasm_bindgen_futures::JsFuture::from(promise)
        .await
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default();
    outcome(&text)
}

#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn outcome(text: &str) -> Result<String, BrowserRefusal> {
    let outcome: Outcome =
        serde_json::from_str(text).map_err(|_| BrowserRefusal::Failed("no answer".to_owned()))?;
    match (outcome.answer, outcome.error) {
        (Some(answer), _) => Ok(answer),
        (None, Some(name)) => Err(match name.as_str() {
            "Unsupported" | "NotSupportedError" | "SecurityError" => BrowserRefusal::Unsupported,
            "NotAllowedError" | "AbortError" => BrowserRefusal::Cancelled,
            "InvalidStateError" => BrowserRefusal::AlreadyOnDevice,
            _ => BrowserRefusal::Failed(name),
        }),
        (None, None) => Err(BrowserRefusal::Failed("no answer".to_owned())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_browser_s_errors_read_as_refusals() {
        assert_eq!(outcome(r#"{"answer":"{}"}"#), Ok("{}".to_owned()));
        assert_eq!(
            outcome(r#"{"error":"NotAllowedError"}"#),
            Err(BrowserRefusal::Cancelled)
        );
        assert_eq!(
            outcome(r#"{"error":"InvalidStateError"}"#),
            Err(BrowserRefusal::AlreadyOnDevice)
        );
        assert_eq!(
            outcome(r#"{"error":"Unsupported"}"#),
            Err(BrowserRefusal::Unsupported)
        );
        assert_eq!(
            outcome(r#"{"error":"TypeError"}"#),
            Err(BrowserRefusal::Failed("TypeError".to_owned()))
        );
        assert!(outcome("").is_err());
    }
}
