//! `server import --file F --staff EMAIL`: a CSV import from the command line, through the
//! same services and jobs as the console's (audited as that staff member), worked here to
//! the end; for big migrations and for `make bench`. Standard output gets the verdicts.
use crate::config::ImportArgs;
use anyhow::{anyhow, bail};
use app::auth::guard::load_staff;
use app::db::Db;
use app::model::import::Verdict;
use app::service::jobs::worker::{claim, work};
use app::service::{import, staff};
use std::time::Instant;
use uuid::Uuid;

pub async fn run(db: &Db, args: ImportArgs) -> anyhow::Result<()> {
    let id = staff::id_by_email(db, &args.staff)
        .await
        .map_err(|_| anyhow!("no staff member has the email {}", args.staff))?;
    let me = load_staff(db, id)
        .await
        .map_err(crate::staff_cli::explain)?
        .ok_or_else(|| anyhow!("{} is disabled", args.staff))?;
    let actor = app::service::audit::Actor {
        kind: app::service::audit::ActorKind::Staff,
        id: Some(me.id),
        label: format!("{} (command line)", me.name),
        ip: None,
        request_id: None,
    };
    let name = args
        .file
        .file_name()
        .map_or("import.csv".into(), |n| n.to_string_lossy().into_owned());
    let started = Instant::now();
    let import_id = import::store(db, args.file.clone(), &name, &actor)
        .await
        .map_err(crate::staff_cli::explain)?;
    let read = started.elapsed();
    let view = import::view(db, import_id)
        .await
        .map_err(crate::staff_cli::explain)?;
    import::check(db, import_id, view.mapping, args.invite, &actor)
        .await
        .map_err(crate::staff_cli::explain)?;
    finish_jobs(db).await?;
    let checked = started.elapsed();
    let counts = import::view(db, import_id)
        .await
        .map_err(crate::staff_cli::explain)?
        .checked
        .ok_or_else(|| anyhow!("the check did not finish"))?;
    println!(
        "{} rows: {} to create, {} to update, {} refused (read {:.1} s, checked {:.1} s)",
        view.rows,
        counts.create,
        counts.update,
        counts.refuse,
        read.as_secs_f64(),
        (checked - read).as_secs_f64()
    );
    let mut after = 0;
    loop {
        let refused = import::rows(db, import_id, Verdict::Refuse, after, 100)
            .await
            .map_err(crate::staff_cli::explain)?;
        for r in &refused {
            println!(
                "  line {}: {}: {}",
                r.line,
                r.email,
                r.reason.as_deref().unwrap_or_default()
            );
        }
        match refused.last() {
            Some(last) if refused.len() == 100 => after = last.line,
            _ => break,
        }
    }
    if args.check_only {
        return Ok(());
    }
    import::start(db, import_id, &actor)
        .await
        .map_err(crate::staff_cli::explain)?;
    finish_jobs(db).await?;
    println!(
        "imported {} users in {:.1} s ({:.1} s in all)",
        counts.create + counts.update,
        (started.elapsed() - checked).as_secs_f64(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// Works every open job to its end in this process.
async fn finish_jobs(db: &Db) -> anyhow::Result<()> {
    let me = Uuid::now_v7();
    while let Some(job) = claim(db, me).await? {
        work(db, job.id, me).await;
        let done = app::service::jobs::find(db, job.id)
            .await
            .map_err(crate::staff_cli::explain)?;
        if let Some(error) = done.error {
            bail!("{}: {error}", done.title);
        }
    }
    Ok(())
}
