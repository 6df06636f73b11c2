//! The Roster binary: `serve` (default), `migrate`, `staff create`, `seed`.
#[cfg(test)]
mod access_policy;
#[cfg(test)]
mod access_policy_accounts;
#[cfg(test)]
mod access_tests;
#[cfg(test)]
mod api_tests;
mod api_v1;
mod config;
mod demo;
#[cfg(test)]
mod enumeration_tests;
#[cfg(test)]
mod errors_tests;
mod export;
#[cfg(test)]
mod export_tests;
#[cfg(test)]
mod impersonation_tests;
mod import;
mod import_cli;
#[cfg(test)]
mod injection_tests;
#[cfg(test)]
mod jobs_tests;
mod middleware;
#[cfg(test)]
mod page_policy;
#[cfg(test)]
mod proxy_tests;
mod router;
mod scim;
#[cfg(test)]
mod scim_tests;
#[cfg(test)]
mod secrets_tests;
mod seed;
mod shutdown;
mod staff_cli;
#[cfg(test)]
mod test_app;
mod token_cli;
#[cfg(test)]
mod wire_tests;

use anyhow::Context;
use app::auth::{password::PasswordHasher, secret_box::SecretBox};
use app::db::Db;
use clap::Parser;
use config::{Cli, Command, Common, ServeArgs};
use migration::{Migrator, MigratorTrait};
use std::future::IntoFuture;
use tracing_subscriber::EnvFilter;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Logs go to standard error: standard output is for what a command prints (a token, a
    // list), so scripts can capture it.
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn")),
        )
        .init();
    let cli = Cli::parse();
    let db = open(&cli.common).await?;
    match cli
        .command
        .unwrap_or_else(|| Command::Serve(ServeArgs::default()))
    {
        Command::Migrate => {
            tracing::info!("migrations are up to date");
            Ok(())
        }
        Command::Serve(args) => serve(&cli.common, db, args).await,
        Command::Staff(cmd) => staff_cli::run(&db, &secret_box(&cli.common)?, cmd).await,
        Command::Seed(args) => {
            // One connection: on SQLite a second one closing mid-load runs `PRAGMA optimize`,
            // whose lock the load's next statement could wait on past the busy timeout
            // ("database is locked" at a million users on a busy machine).
            db.into_connection().close().await?;
            let one = app::db::connect_pooled(&cli.common.database_url, 1).await?;
            seed::run(&one, &secret_box(&cli.common)?, &args).await
        }
        Command::Token(cmd) => token_cli::run(&db, cmd).await,
        Command::Import(args) => import_cli::run(&db, args).await,
    }
}

/// Connects and brings the schema up to date.
async fn open(common: &Common) -> anyhow::Result<Db> {
    config::prepare_sqlite_dir(&common.database_url)?;
    let db = app::db::connect_for_schema(&common.database_url)
        .await
        .context("cannot open the database (check ROSTER_DATABASE_URL)")?;
    Migrator::up(&db, None).await.context("migrations failed")?;
    Ok(Db::new(app::db::reconnect(db, &common.database_url).await?))
}

/// Wires the database to the live consoles: on SQLite a pool whose connections report their
/// commits; on PostgreSQL this node's LISTEN task (the triggers NOTIFY).
async fn live(
    db: Db,
    url: &str,
    events: &app::events::EventBus,
    pool: Option<u32>,
) -> anyhow::Result<Db> {
    let pool = pool.unwrap_or_else(|| app::db::default_pool(url));
    db.into_connection().close().await?;
    if !url.starts_with("sqlite:") {
        tokio::spawn(app::events::postgres::listen(
            url.to_owned(),
            events.clone(),
        ));
    }
    Ok(Db::new(app::db::connect_live(url, events, pool).await?))
}

fn secret_box(common: &Common) -> anyhow::Result<SecretBox> {
    Ok(SecretBox::new(&config::secret_key(common)?))
}

/// The sender task, when there is an SMTP server to send through.
fn start_mail(db: &Db, args: &ServeArgs) -> anyhow::Result<()> {
    let Some(url) = &args.smtp_url else {
        tracing::warn!("ROSTER_SMTP_URL is not set: no mail is sent; messages wait in the outbox, readable at /admin/mail");
        return Ok(());
    };
    let smtp = app::service::mail::smtp::Smtp::new(url, &args.mail_from)?;
    tokio::spawn(app::service::mail::sender::run(db.clone(), Box::new(smtp)));
    tracing::info!(
        "mail goes out through ROSTER_SMTP_URL as {}",
        args.mail_from
    );
    Ok(())
}

/// Where people reach Roster when `ROSTER_PUBLIC_URL` is not set: on this machine by the name
/// `localhost` (browsers allow passkeys there, never at an IP address), else at the address.
fn default_public_url(addr: std::net::SocketAddr) -> String {
    if addr.ip().is_loopback() || addr.ip().is_unspecified() {
        format!("http://localhost:{}", addr.port())
    } else {
        format!("http://{addr}")
    }
}

/// Roster as a passkey relying party at `public_url`, or (an IP address, say) passkeys off.
fn passkeys_at(public_url: &str) -> app::service::passkeys::RelyingParty {
    use app::service::passkeys::RelyingParty;
    RelyingParty::for_public_url(public_url).unwrap_or_else(|why| {
        tracing::warn!(
            "passkeys are off: {why}; set ROSTER_PUBLIC_URL to the address people open \
             (https://roster.example.com, or http://localhost:3000 on this machine)"
        );
        RelyingParty::none()
    })
}

async fn serve(common: &Common, db: Db, args: ServeArgs) -> anyhow::Result<()> {
    let secrets = secret_box(common)?;
    let public_url = args
        .public_url
        .clone()
        .unwrap_or_else(|| default_public_url(args.addr));
    if args.demo {
        demo::prepare(&db, &secrets, &public_url).await?;
    }
    let events = app::events::EventBus::new();
    let passkeys = passkeys_at(&public_url);
    let mail = app::service::mail::MailContext {
        brand: app::service::mail::smtp::brand_of(&args.mail_from),
        public_url,
        secrets: secrets.clone(),
        delivers: args.smtp_url.is_some(),
    };
    let db = live(db, &common.database_url, &events, args.db_pool)
        .await?
        .with_mail(mail);
    start_mail(&db, &args)?;
    tokio::spawn(app::service::jobs::worker::run(db.clone(), events.clone()));
    let events_handle = events.clone();
    let state = app::state::AppState {
        db,
        events,
        secrets,
        hasher: PasswordHasher::new(args.hash_concurrency),
        sessions: app::auth::session::SessionPolicy {
            idle: chrono::Duration::minutes(args.session_idle_minutes),
            absolute: chrono::Duration::hours(args.session_lifetime_hours),
            secure_cookies: args.secure_cookies,
            ..Default::default()
        },
        sign_in: app::service::user_sign_in::SignInPolicy {
            require_verified_email: args.require_verified_email,
            per_ip_per_minute: args.sign_in_per_ip,
        },
        trusted_proxies: app::client_ip::TrustedProxies::parse(&args.trusted_proxies)
            .map_err(|e| anyhow::anyhow!("ROSTER_TRUSTED_PROXIES: {e}"))?,
        leptos_options: router::leptos_options(&args),
        api: app::state::ApiPolicy {
            per_minute: args.api_per_minute,
            local_counts: Default::default(),
            cors_origins: args
                .api_cors_origins
                .split(',')
                .map(|o| o.trim().trim_end_matches('/').to_owned())
                .filter(|o| !o.is_empty())
                .collect(),
        },
        passkeys,
    };
    let listener = tokio::net::TcpListener::bind(args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    tracing::info!("Roster listening on http://{}", listener.local_addr()?);
    let db = state.db.clone();
    let shutdown = shutdown::Shutdown::new();
    let server = axum::serve(
        listener,
        router::build(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown.on_signal(events_handle));
    tokio::select! {
        served = server.into_future() => served?,
        () = shutdown.deadline() => tracing::warn!(
            "requests still running after {} s were abandoned",
            shutdown::GRACE.as_secs()
        ),
    }
    db.into_connection().close().await?;
    tracing::info!("stopped: database closed");
    Ok(())
}
