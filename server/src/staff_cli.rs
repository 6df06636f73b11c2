//! `server staff create`: how operators and test scripts add staff.
use crate::config::StaffCommand;
use anyhow::{anyhow, Context};
use app::auth::{password::PasswordHasher, secret_box::SecretBox, totp};
use app::db::Db;
use app::service::{audit::Actor, staff, ServiceError};
use rand::{distributions::Alphanumeric, Rng};

pub async fn run(db: &Db, secrets: &SecretBox, cmd: StaffCommand) -> anyhow::Result<()> {
    let (email, name, role, password_stdin, totp_secret) = match cmd {
        StaffCommand::Create {
            email,
            name,
            role,
            password_stdin,
            totp_secret,
        } => (email, name, role, password_stdin, totp_secret),
        StaffCommand::Unlock { email } => {
            staff::unlock_by_email(db, &email, &Actor::cli())
                .await
                .map_err(|e| match e {
                    ServiceError::NotFound => anyhow!("no staff member has the email {email}"),
                    other => anyhow!(other),
                })?;
            println!("Unlocked staff member {email}.");
            return Ok(());
        }
    };
    let (password, generated) = if password_stdin {
        let mut line = String::new();
        std::io::stdin()
            .read_line(&mut line)
            .context("reading the password from stdin")?;
        (line.trim_end_matches(['\r', '\n']).to_owned(), false)
    } else {
        (generate_password(), true)
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
        .map_err(|e| match e {
            ServiceError::Validation { field, message } => anyhow!("{field}: {message}"),
            other => anyhow!(other),
        })
}

/// 20 random letters and digits: about 119 bits.
pub fn generate_password() -> String {
    rand::rngs::OsRng
        .sample_iter(&Alphanumeric)
        .take(20)
        .map(char::from)
        .collect()
}
