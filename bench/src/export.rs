//! The users CSV export at full size: one download of every user, timed from the request to
//! the last byte, with the server's memory before and at its highest while streaming.
use crate::live::{rss, rss_kb};
use std::time::Instant;

pub async fn run(origin: &str, cookie: &str, server_pid: Option<u32>) -> anyhow::Result<()> {
    let before = rss(server_pid);
    let start = Instant::now();
    let mut response = reqwest::Client::new()
        .get(format!("{origin}/admin/export/users.csv"))
        .header("cookie", cookie)
        .send()
        .await?
        .error_for_status()?;
    let (mut bytes, mut lines, mut peak, mut chunks) = (0usize, 0usize, rss_kb(server_pid), 0u64);
    while let Some(chunk) = response.chunk().await? {
        bytes += chunk.len();
        lines += chunk.iter().filter(|&&b| b == b'\n').count();
        chunks += 1;
        if chunks % 64 == 0 {
            peak = peak.max(rss_kb(server_pid));
        }
    }
    let seconds = start.elapsed().as_secs_f64();
    println!(
        "| {} | {:.1} MB | {seconds:.1} s | {before} | {:.1} MB | {} |",
        lines.saturating_sub(1),
        bytes as f64 / 1_048_576.0,
        peak.max(rss_kb(server_pid)) as f64 / 1024.0,
        rss(server_pid),
    );
    Ok(())
}
