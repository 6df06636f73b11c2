//! `server staff ...`: how operators add staff, and recover when nobody can sign in (list,
//! disable, enable, reset-2fa, unlock). The same services as the console, audited as the
//! command line.
use crate::config::StaffCommand;
use anyhow::{anyhow, Context};
use app::auth::{password::PasswordHasher, secret_box::SecretBox, totp};
use app::db::Db;
use app::service::{audit::Actor, staff, staff_admin, ServiceError};

pub async fn run(db: &Db, secrets: &SecretBox, cmd: StaffCommand) -> anyhow::Result<()> {
    let cli = Actor::cli();
    let (email, done) = match cmd {
        StaffCommand::Create {
            email,
            name,
            role,
            password_stdin,
            totp_secret,
        } => {
            return create_from_args(db, secrets, email, name, role, password_stdin, totp_secret)
                .await
        }
        StaffCommand::List => return list(db).await,
        StaffCommand::Disable { email } => {
            let id = member(db, &email).await?;
            staff_admin::set_disabled(db, id, true, &cli)
                .await
                .map_err(explain)?;
            (email, "Disabled")
        }
        StaffCommand::Enable { email } => {
            let id = member(db, &email).await?;
            staff_admin::set_disabled(db, id, false, &cli)
                .await
                .map_err(explain)?;
            (email, "Enabled")
        }
        StaffCommand::ResetTwoFactor { email } => {
            let id = member(db, &email).await?;
            staff_admin::reset_two_factor(db, id, &cli)
                .await
                .map_err(explain)?;
            (email, "Reset two-factor authentication of")
        }
        StaffCommand::Unlock { email } => {
            let id = member(db, &email).await?;
            staff::unlock_staff(db, id, &cli).await.map_err(explain)?;
            (email, "Unlocked")
        }
    };
    println!("{done} staff member {email}.");
    Ok(())
}

async fn member(db: &Db, email: &str) -> anyhow::Result<uuid::Uuid> {
    staff::id_by_email(db, email).await.map_err(|e| match e {
        ServiceError::NotFound => anyhow!("no staff member has the email {email}"),
        other => anyhow!(other),
    })
}

/// A refusal in words (a rule's message), anything else as it is.
pub fn explain(e: ServiceError) -> anyhow::Error {
    match e {
        ServiceError::Validation { field, message } => anyhow!("{field}: {message}"),
        other => anyhow!(other),
    }
}

async fn list(db: &Db) -> anyhow::Result<()> {
    let rows = staff::list_staff(db, db.now()).await.map_err(explain)?;
    println!("EMAIL\tNAME\tROLE\tSTATUS\t2FA\tLAST SIGN-IN");
    for m in rows {
        let status: &str = m.status.into();
        let last = m
            .last_sign_in
            .map_or_else(|| "never".to_owned(), |t| t.to_rfc3339());
        let two_factor = if m.two_factor_enrolled { "yes" } else { "no" };
        println!(
            "{}\t{}\t{}\t{status}\t{two_factor}\t{last}",
            m.email, m.name, m.role
        );
    }
    Ok(())
}

async fn create_from_args(
    db: &Db,
    secrets: &SecretBox,
    email: String,
    name: String,
    role: String,
    password_stdin: bool,
    totp_secret: Option<String>,
) -> anyhow::Result<()> {
    let (password, generated) = if password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .context("reading the password from stdin")?;
        (line.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        (staff::one_time_password(), true)
    };
    let totp_secret = totp_secret
        .map(|s| {
            totp::from_base32(&s)
                .ok_or_else(|| anyhow!("--totp-secret must be base32 of at least 16 bytes"))
        })
        .transpose()?;
    let input = staff::NewStaff {
        email: email.clone(),
        name,
        role,
        password: password.clone().into(),
        totp_secret,
    };
    create(db, secrets, input).await?;
    println!("Created staff member {email}.");
    if generated {
        println!("Password (shown once): {password}");
    }
    Ok(())
}

pub async fn create(db: &Db, secrets: &SecretBox, input: staff::NewStaff) -> anyhow::Result<()> {
    staff::create_staff(db, &PasswordHasher::new(1), secrets, input, &Actor::cli())
        .await
        .map(|_| ())
        .map_err(explain)
}
