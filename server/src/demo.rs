//! `serve --demo` (what `make run` uses): demo data in an empty database and a first
//! Administrator, whose password is printed once.
use crate::{seed, staff_cli};
use app::auth::secret_box::SecretBox;
use app::db::users;
use app::service::staff;
use sea_orm::{EntityTrait, PaginatorTrait};

pub const DEMO_ADMIN_EMAIL: &str = "admin@roster.example";

pub async fn prepare(
    db: &app::db::Db,
    secrets: &SecretBox,
    public_url: &str,
) -> anyhow::Result<()> {
    if users::Entity::find().count(db).await? == 0 {
        let args = crate::config::SeedArgs {
            users: 500,
            clients: 120,
            seed: 1,
        };
        seed::run(db, secrets, &args).await?;
    }
    let base = public_url.trim_end_matches('/');
    let url = format!("{base}/admin");
    if staff::count(db).await? == 0 {
        let password = staff::one_time_password();
        let input = staff::NewStaff {
            email: DEMO_ADMIN_EMAIL.into(),
            name: "Roster Admin".into(),
            role: "Administrator".into(),
            password: password.clone().into(),
            totp_secret: None,
        };
        staff_cli::create(db, secrets, input).await?;
        println!("\n  Roster is starting at {url}");
        println!("  Sign in as {DEMO_ADMIN_EMAIL} with password {password}");
        println!("  (shown once; you will set up two-factor authentication at first sign-in)\n");
    } else {
        println!("\n  Roster is starting at {url} (sign in with your staff account)\n");
    }
    println!("  No mail is sent without ROSTER_SMTP_URL: messages wait in the outbox; read them");
    println!("  in the mail log, {base}/admin/mail\n");
    Ok(())
}
