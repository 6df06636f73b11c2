//! Command line and environment: every flag is also a `ROSTER_*` variable.
use anyhow::{bail, Context};
use base64::Engine;
use clap::{Args, Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(Parser, Debug)]
#[command(
    name = "server",
    version,
    about = "Roster: the staff console for users and client accounts"
)]
pub struct Cli {
    #[command(flatten)]
    pub common: Common,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Args, Debug, Clone)]
pub struct Common {
    /// Database URL: sqlite://PATH?mode=rwc (embedded) or postgres://USER@HOST/DB.
    #[arg(
        long,
        env = "ROSTER_DATABASE_URL",
        default_value = "sqlite://data/roster.db?mode=rwc",
        global = true
    )]
    pub database_url: String,
    /// 32-byte key (64 hex digits or base64) that encrypts TOTP secrets at rest. When unset,
    /// one is generated once into DATA_DIR/secret.key (mode 0600) and reused.
    #[arg(long, env = "ROSTER_SECRET_KEY", hide_env_values = true, global = true)]
    pub secret_key: Option<String>,
    /// Directory for the SQLite database (default URL) and the generated secret key.
    #[arg(long, env = "ROSTER_DATA_DIR", default_value = "data", global = true)]
    pub data_dir: PathBuf,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run migrations, then serve the console (the default command).
    Serve(ServeArgs),
    /// Run the database migrations and exit.
    Migrate,
    /// Manage staff accounts.
    #[command(subcommand)]
    Staff(StaffCommand),
    /// Fill the database with deterministic, realistic demo data.
    Seed(SeedArgs),
    /// Manage API tokens (for automation and recovery; staff also create them on My profile).
    #[command(subcommand)]
    Token(TokenCommand),
    /// Import users from a CSV file as the console does (mapping guessed from the header):
    /// check every row, then import unless `--check-only`; refused rows are listed.
    Import(ImportArgs),
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The CSV file (UTF-8; commas, semicolons or tabs; a header row).
    #[arg(long)]
    pub file: std::path::PathBuf,
    /// The staff member the import is recorded as (needs Create users and Edit users).
    #[arg(long)]
    pub staff: String,
    /// Send an invitation by email to users without a password hash.
    #[arg(long)]
    pub invite: bool,
    /// Check every row and report, without importing.
    #[arg(long)]
    pub check_only: bool,
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create a token and print it once on standard output (alone on its line).
    Create {
        /// The staff member the token acts as.
        #[arg(long)]
        staff: String,
        /// What the token is for, e.g. "billing sync".
        #[arg(long)]
        name: String,
        /// Comma-separated scopes (users:read, users:write, clients:read, clients:write,
        /// audit:read), or `all` for every scope the staff member's role allows.
        #[arg(long)]
        scopes: String,
        /// Days until the token expires (default: it does not).
        #[arg(long)]
        expires_days: Option<i64>,
    },
    /// List tokens: id, prefix, owner, name, scopes, expiry, last use, revoked.
    List,
    /// Revoke a token at once, by its id.
    Revoke {
        #[arg(long)]
        id: uuid::Uuid,
    },
}

#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on.
    #[arg(long, env = "ROSTER_ADDR", default_value = "127.0.0.1:3000")]
    pub addr: std::net::SocketAddr,
    /// Directory with the built site (pkg/roster.js, pkg/roster_bg.wasm, pkg/roster.css).
    #[arg(long, env = "ROSTER_SITE_ROOT", default_value = "target/site")]
    pub site_root: String,
    /// Minutes of inactivity after which a session ends.
    #[arg(long, env = "ROSTER_SESSION_IDLE_MINUTES", default_value_t = 30)]
    pub session_idle_minutes: i64,
    /// Hours after sign-in after which a session ends, active or not.
    #[arg(long, env = "ROSTER_SESSION_LIFETIME_HOURS", default_value_t = 12)]
    pub session_lifetime_hours: i64,
    /// Mark cookies Secure (set this when Roster is served over https).
    #[arg(long, env = "ROSTER_SECURE_COOKIES", default_value_t = false)]
    pub secure_cookies: bool,
    /// Let users sign in to the client area only once staff marked their email verified.
    #[arg(long, env = "ROSTER_REQUIRE_VERIFIED_EMAIL", default_value_t = true, action = clap::ArgAction::Set)]
    pub require_verified_email: bool,
    /// Sign-in steps (users' and staff's, each password or code) one IP address may take
    /// per minute before it must wait (HTTP 429).
    #[arg(long, env = "ROSTER_SIGN_IN_PER_IP", default_value_t = 30)]
    pub sign_in_per_ip: u32,
    /// Load balancers and reverse proxies (CIDR blocks or addresses, comma-separated) whose
    /// `X-Forwarded-For` / `Forwarded` headers name the caller; from anyone else those
    /// headers are ignored.
    #[arg(long, env = "ROSTER_TRUSTED_PROXIES", default_value = "")]
    pub trusted_proxies: String,
    /// Password hashes computed at once (each takes ~19 MiB and tens of ms of CPU).
    #[arg(long, env = "ROSTER_HASH_CONCURRENCY", default_value_t = 4)]
    pub hash_concurrency: usize,
    /// Database connections in the pool (default: 8 on SQLite; on PostgreSQL twice the cores,
    /// at least 4: size it to the database server's cores, per node).
    #[arg(long, env = "ROSTER_DB_POOL")]
    pub db_pool: Option<u32>,
    /// Demo mode for `make run`: seed 500 users / 120 clients into an empty database and
    /// create an Administrator when there is no staff yet, printing its password once.
    #[arg(long, env = "ROSTER_DEMO", default_value_t = false)]
    pub demo: bool,
    /// The SMTP server mail goes through: `smtp://user:pass@host:587` (STARTTLS, required),
    /// `smtps://user:pass@host:465` (TLS), `smtp://127.0.0.1:25` (a local relay, no TLS).
    /// Unset: nothing is sent, and messages wait in the outbox (readable at /admin/mail).
    #[arg(long, env = "ROSTER_SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,
    /// The sender of every message; its name signs the messages.
    #[arg(
        long,
        env = "ROSTER_MAIL_FROM",
        default_value = "Roster <roster@localhost>"
    )]
    pub mail_from: String,
    /// Where users reach Roster, for the links in messages and as the passkeys' relying party
    /// (default: http://localhost:<port> when ROSTER_ADDR is this machine's, else
    /// http://<ROSTER_ADDR>). Passkeys need a host name, not an IP address.
    #[arg(long, env = "ROSTER_PUBLIC_URL")]
    pub public_url: Option<String>,
    /// Requests one API token may make per minute before it must wait (HTTP 429).
    #[arg(long, env = "ROSTER_API_PER_MINUTE", default_value_t = 600)]
    pub api_per_minute: u32,
    /// Web origins (comma-separated, e.g. `https://shop.example.com`) whose pages may call
    /// `/api/v1` from a browser (CORS). Empty: none may.
    #[arg(long, env = "ROSTER_API_CORS_ORIGINS", default_value = "")]
    pub api_cors_origins: String,
}

impl Default for ServeArgs {
    /// `server` with no subcommand serves, with flags from the environment.
    fn default() -> Self {
        #[derive(Parser)]
        struct ServeOnly {
            #[command(flatten)]
            args: ServeArgs,
        }
        ServeOnly::parse_from(["serve"]).args
    }
}

#[derive(Subcommand, Debug)]
pub enum StaffCommand {
    /// Create a staff member. Without --password-stdin a strong password is generated and printed.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Administrator, Support or a custom role's name.
        #[arg(long, default_value = "Administrator")]
        role: String,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
        /// Pre-enrol 2FA with this base32 TOTP secret (automation and tests).
        #[arg(long)]
        totp_secret: Option<String>,
    },
    /// List staff members: email, name, role, status, 2FA and last sign-in.
    List,
    /// Disable a staff member: they cannot sign in and their sessions end.
    Disable {
        #[arg(long)]
        email: String,
    },
    /// Enable a disabled staff member again.
    Enable {
        #[arg(long)]
        email: String,
    },
    /// Forget a staff member's authenticator: they set up a new one at their next sign-in.
    #[command(name = "reset-2fa")]
    ResetTwoFactor {
        #[arg(long)]
        email: String,
    },
    /// End a staff member's sign-in lock (after repeated failed sign-ins).
    Unlock {
        #[arg(long)]
        email: String,
    },
}

#[derive(Args, Debug, Clone)]
pub struct SeedArgs {
    #[arg(long, default_value_t = 500)]
    pub users: usize,
    #[arg(long, default_value_t = 120)]
    pub clients: usize,
    /// Same seed, same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// The 32-byte key from configuration, or from DATA_DIR/secret.key (created on first use).
pub fn secret_key(common: &Common) -> anyhow::Result<[u8; 32]> {
    if let Some(text) = &common.secret_key {
        return parse_key(text)
            .context("ROSTER_SECRET_KEY must be 32 bytes as 64 hex digits or base64");
    }
    let path = common.data_dir.join("secret.key");
    if path.exists() {
        let text = std::fs::read_to_string(&path)
            .with_context(|| format!("reading {}", path.display()))?;
        return parse_key(&text)
            .with_context(|| format!("{} holds no 32-byte key", path.display()));
    }
    let key: [u8; 32] = rand::random();
    write_private(&path, &hex::encode(key))?;
    tracing::info!(path = %path.display(), "generated a new secret key");
    Ok(key)
}

fn parse_key(text: &str) -> anyhow::Result<[u8; 32]> {
    let text = text.trim();
    let bytes = hex::decode(text)
        .or_else(|_| base64::engine::general_purpose::STANDARD.decode(text))
        .context("neither hex nor base64")?;
    match <[u8; 32]>::try_from(bytes.as_slice()) {
        Ok(key) => Ok(key),
        Err(_) => bail!("the key is {} bytes, not 32", bytes.len()),
    }
}

fn write_private(path: &Path, text: &str) -> anyhow::Result<()> {
    use std::os::unix::fs::OpenOptionsExt;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .with_context(|| format!("creating {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    Ok(())
}

/// Creates the directory of a relative SQLite file URL (`sqlite://data/roster.db?...`).
pub fn prepare_sqlite_dir(url: &str) -> anyhow::Result<()> {
    if let Some(rest) = url.strip_prefix("sqlite://") {
        let path = rest.split('?').next().unwrap_or_default();
        if let Some(dir) = Path::new(path)
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
        {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_parse_from_hex_and_base64() {
        let hex_key = "00".repeat(31) + "ff";
        assert_eq!(parse_key(&hex_key).unwrap()[31], 0xff);
        let b64 = base64::engine::general_purpose::STANDARD.encode([7u8; 32]);
        assert_eq!(parse_key(&b64).unwrap(), [7u8; 32]);
        assert!(parse_key("abcd").is_err());
    }

    #[test]
    fn generated_key_is_private_and_reused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("roster-key-{}", uuid::Uuid::now_v7()));
        let common = Common {
            database_url: String::new(),
            secret_key: None,
            data_dir: dir.clone(),
        };
        let first = secret_key(&common).unwrap();
        assert_eq!(secret_key(&common).unwrap(), first);
        let mode = std::fs::metadata(dir.join("secret.key"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        std::fs::remove_dir_all(dir).unwrap();
    }
}
