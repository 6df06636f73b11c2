//! Delivery through an SMTP server (lettre, rustls): `ROSTER_SMTP_URL` as
//! `smtp://user:pass@host:587` (STARTTLS, required), `smtps://user:pass@host:465` (TLS from
//! the start), or `smtp://host:25?tls=none` (no TLS; the default for a relay on this machine,
//! `localhost` or a loopback address).
use lettre::message::{Mailbox, MultiPart};
use lettre::transport::smtp::Error as SmtpError;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// A message ready to go.
pub struct Outgoing<'a> {
    pub id: uuid::Uuid,
    pub to: &'a str,
    pub subject: &'a str,
    pub text: String,
    pub html: String,
}

/// Why a message did not go: retry it later, or never.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SendError {
    /// The server answered 4xx, or could not be reached: try again later.
    Temporary(String),
    /// The server refused it for good (5xx), or it cannot be built (a bad address).
    Permanent(String),
}

/// Sends messages; the outbox's sender drives it.
#[async_trait::async_trait]
pub trait Transport: Send + Sync {
    async fn send(&self, message: Outgoing<'_>) -> Result<(), SendError>;
}

pub struct Smtp {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    /// The domain of Message-IDs (the sender's).
    domain: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SmtpConfigError {
    #[error("ROSTER_SMTP_URL: {0}")]
    Url(String),
    #[error("ROSTER_MAIL_FROM: {0}")]
    From(String),
}

impl Smtp {
    pub fn new(url: &str, from: &str) -> Result<Self, SmtpConfigError> {
        let from: Mailbox = from
            .parse()
            .map_err(|e| SmtpConfigError::From(format!("{e}")))?;
        let url = with_tls_default(url).map_err(SmtpConfigError::Url)?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(&url)
            .map_err(|e| SmtpConfigError::Url(e.to_string()))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let domain = from.email.domain().to_owned();
        Ok(Self {
            transport,
            from,
            domain,
        })
    }
}

/// The name messages are signed with: `ROSTER_MAIL_FROM`'s display name, else "Roster".
pub fn brand_of(from: &str) -> String {
    from.parse::<Mailbox>()
        .ok()
        .and_then(|m| m.name)
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "Roster".to_owned())
}

/// lettre reads no `tls` parameter as "no TLS": make STARTTLS required unless the URL says
/// otherwise or the server is on this machine; `tls=none` is spelled out for lettre by omission.
fn with_tls_default(url: &str) -> Result<String, String> {
    let mut parsed = url::Url::parse(url).map_err(|e| e.to_string())?;
    if parsed.scheme() != "smtp" {
        return Ok(url.to_owned());
    }
    let tls = parsed
        .query_pairs()
        .find(|(k, _)| k == "tls")
        .map(|(_, v)| v.into_owned());
    let local = matches!(parsed.host_str(), Some("localhost" | "127.0.0.1" | "[::1]"));
    let rest: Vec<(String, String)> = parsed
        .query_pairs()
        .filter(|(k, _)| k != "tls")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    let tls = match tls.as_deref() {
        Some("none") => None,
        Some(v @ ("required" | "opportunistic")) => Some(v.to_owned()),
        Some(other) => return Err(format!("tls={other}: use required, opportunistic or none")),
        None if local => None,
        None => Some("required".to_owned()),
    };
    parsed.set_query(None);
    {
        let mut pairs = parsed.query_pairs_mut();
        pairs.extend_pairs(rest);
        if let Some(tls) = tls {
            pairs.append_pair("tls", &tls);
        }
    }
    let mut out = parsed.to_string();
    if out.ends_with('?') {
        out.pop();
    }
    Ok(out)
}

fn classify(e: SmtpError) -> SendError {
    if e.is_permanent() {
        SendError::Permanent(e.to_string())
    } else {
        SendError::Temporary(e.to_string())
    }
}

#[async_trait::async_trait]
impl Transport for Smtp {
    async fn send(&self, m: Outgoing<'_>) -> Result<(), SendError> {
        let to: Mailbox =
            m.to.parse()
                .map_err(|e| SendError::Permanent(format!("invalid address {}: {e}", m.to)))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject)
            // One Message-ID per outbox row: a message sent twice (see `outbox`) is
            // recognisable as one.
            .message_id(Some(format!("<{}@{}>", m.id, self.domain)))
            .multipart(MultiPart::alternative_plain_html(m.text, m.html))
            .map_err(|e| SendError::Permanent(e.to_string()))?;
        self.transport
            .send(message)
            .await
            .map(drop)
            .map_err(classify)
    }
}

#[cfg(test)]
mod tests {
    use super::with_tls_default;

    #[test]
    fn the_sender_name_signs_messages() {
        assert_eq!(
            super::brand_of("Example Hosting <no-reply@example.com>"),
            "Example Hosting"
        );
        assert_eq!(super::brand_of("no-reply@example.com"), "Roster");
    }

    #[test]
    fn starttls_is_required_except_on_this_machine_or_when_turned_off() {
        assert_eq!(
            with_tls_default("smtp://u:p@mail.example:587").unwrap(),
            "smtp://u:p@mail.example:587?tls=required"
        );
        assert_eq!(
            with_tls_default("smtp://127.0.0.1:2525").unwrap(),
            "smtp://127.0.0.1:2525"
        );
        assert_eq!(
            with_tls_default("smtp://mail.example:25?tls=none").unwrap(),
            "smtp://mail.example:25"
        );
        assert_eq!(
            with_tls_default("smtp://localhost:25?tls=required").unwrap(),
            "smtp://localhost:25?tls=required"
        );
        assert_eq!(
            with_tls_default("smtps://u:p@mail.example").unwrap(),
            "smtps://u:p@mail.example"
        );
        assert!(with_tls_default("smtp://mail.example?tls=maybe").is_err());
    }
}
