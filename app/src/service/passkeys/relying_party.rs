//! Roster as a WebAuthn relying party: its id and origin come from `ROSTER_PUBLIC_URL`
//! (`https://roster.example.com` -> id `roster.example.com`). Browsers accept no IP address as
//! a relying party id, so a public URL of one (the default `http://127.0.0.1:3000`) leaves
//! passkeys off, and the pages say so.
use crate::model::messages::Message;
use crate::service::ServiceError;
use std::sync::Arc;
use webauthn_rs::prelude::{Url, Webauthn, WebauthnBuilder};

#[derive(Clone)]
pub struct RelyingParty(Option<Arc<Webauthn>>);

impl std::fmt::Debug for RelyingParty {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("RelyingParty")
            .field(&self.0.as_ref().map(|w| w.get_allowed_origins().to_vec()))
            .finish()
    }
}

impl RelyingParty {
    /// The relying party of `public_url`, or why there can be none.
    pub fn for_public_url(public_url: &str) -> Result<Self, String> {
        let origin = Url::parse(public_url).map_err(|e| format!("{public_url}: {e}"))?;
        let host = match origin.host() {
            Some(url::Host::Domain(host)) => host.to_owned(),
            Some(_) => return Err(format!("{public_url} names an IP address, not a host")),
            None => return Err(format!("{public_url} names no host")),
        };
        let webauthn = WebauthnBuilder::new(&host, &origin)
            .and_then(|b| b.rp_name("Roster").build())
            .map_err(|e| format!("{public_url}: {e}"))?;
        Ok(Self(Some(Arc::new(webauthn))))
    }

    /// No relying party: every passkey call answers `PasskeysUnavailable`.
    pub fn none() -> Self {
        Self(None)
    }

    pub fn is_available(&self) -> bool {
        self.0.is_some()
    }

    pub(super) fn webauthn(&self) -> Result<&Webauthn, ServiceError> {
        self.0
            .as_deref()
            .ok_or_else(|| ServiceError::validation("passkey", Message::PasskeysUnavailable))
    }
}

impl Default for RelyingParty {
    /// `http://localhost:3000`, as `make run` serves Roster.
    fn default() -> Self {
        Self::for_public_url("http://localhost:3000").expect("localhost is a relying party")
    }
}
