//! `server token ...`: API tokens for automation and recovery, made by the same service as
//! My profile's, audited as the command line. `create` prints the token alone on standard
//! output (scripts capture it); what it is goes to standard error.
use crate::config::TokenCommand;
use anyhow::{anyhow, Context};
use app::auth::guard::load_staff;
use app::db::Db;
use app::model::api_token::ApiScope;
use app::model::Keyed;
use app::service::api_tokens::{self, NewToken};
use app::service::{audit::Actor, staff};

pub async fn run(db: &Db, cmd: TokenCommand) -> anyhow::Result<()> {
    match cmd {
        TokenCommand::Create {
            staff,
            name,
            scopes,
            expires_days,
        } => create(db, &staff, name, &scopes, expires_days).await,
        TokenCommand::List => list(db).await,
        TokenCommand::Revoke { id } => {
            api_tokens::revoke(db, id, None, &Actor::cli())
                .await
                .map_err(|e| match e {
                    app::service::ServiceError::NotFound => anyhow!("no token has the id {id}"),
                    other => crate::staff_cli::explain(other),
                })?;
            println!("Revoked token {id}.");
            Ok(())
        }
    }
}

async fn create(
    db: &Db,
    email: &str,
    name: String,
    scopes: &str,
    lifetime_days: Option<i64>,
) -> anyhow::Result<()> {
    let id = staff::id_by_email(db, email)
        .await
        .map_err(|_| anyhow!("no staff member has the email {email}"))?;
    let owner = load_staff(db, id)
        .await
        .map_err(crate::staff_cli::explain)?
        .ok_or_else(|| {
            anyhow!("{email} is disabled: a disabled staff member's tokens do not work")
        })?;
    let scopes = match scopes.trim() {
        "all" => api_tokens::grantable(&owner),
        list => list
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| ApiScope::from_key(s).with_context(|| format!("unknown scope {s:?}")))
            .collect::<anyhow::Result<_>>()?,
    };
    let new = NewToken {
        name,
        scopes,
        lifetime_days,
    };
    let (row, token) = api_tokens::create(db, &owner, new, &Actor::cli())
        .await
        .map_err(crate::staff_cli::explain)?;
    let scopes: Vec<&str> = row.scopes.iter().map(|s| s.key()).collect();
    eprintln!(
        "Created API token {} ({}) for {email} with {}; it is shown once:",
        row.id,
        row.name,
        scopes.join(", ")
    );
    println!("{token}");
    Ok(())
}

async fn list(db: &Db) -> anyhow::Result<()> {
    let rows = api_tokens::list_all(db)
        .await
        .map_err(crate::staff_cli::explain)?;
    println!("ID\tPREFIX\tOWNER\tNAME\tSCOPES\tEXPIRES\tLAST USED\tREVOKED");
    let time = |t: Option<chrono::DateTime<chrono::Utc>>, none: &str| {
        t.map_or_else(|| none.to_owned(), |t| t.to_rfc3339())
    };
    for (t, owner) in rows {
        let scopes: Vec<&str> = t.scopes.iter().map(|s| s.key()).collect();
        let used = match (&t.last_used_at, &t.last_used_ip) {
            (Some(at), Some(ip)) => format!("{} from {ip}", at.to_rfc3339()),
            (at, _) => time(*at, "never"),
        };
        println!(
            "{}\t{}…\t{owner}\t{}\t{}\t{}\t{used}\t{}",
            t.id,
            t.prefix,
            t.name,
            scopes.join(","),
            time(t.expires_at, "never"),
            time(t.revoked_at, "no"),
        );
    }
    Ok(())
}
