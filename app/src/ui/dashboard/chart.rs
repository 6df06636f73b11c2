//! A bar per day, drawn as SVG by Roster (no chart library, nothing loaded from elsewhere),
//! with the same figures as a table for screen readers and for anyone who wants the numbers.
use crate::model::dashboard::DayCount;
use crate::ui::list::group;
use leptos::prelude::*;

const WIDTH: f64 = 720.0;
const HEIGHT: f64 = 140.0;

#[component]
pub fn DailyChart(id: &'static str, title: &'static str, days: Vec<DayCount>) -> impl IntoView {
    let total: u64 = days.iter().map(|d| d.n).sum();
    let busiest = days.iter().copied().max_by_key(|d| d.n).filter(|d| d.n > 0);
    let top = busiest.map_or(1, |d| d.n) as f64;
    let step = WIDTH / days.len().max(1) as f64;
    let summary = match busiest {
        Some(b) => format!(
            "{} in {} days; most on {} ({}).",
            group(total),
            days.len(),
            b.day.format("%b %-d"),
            group(b.n)
        ),
        None => format!("None in the last {} days.", days.len()),
    };
    let (first, last) = (days.first().map(|d| d.day), days.last().map(|d| d.day));
    let heading = format!("{id}-title");
    view! {
        <section class="panel chart" aria-labelledby=heading.clone()>
            <h2 id=heading.clone()>{title}</h2>
            <p class="chart-summary">{summary.clone()}</p>
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none" role="img"
                aria-label=format!("{title}: {summary}")>
                <line class="axis" x1="0" y1=HEIGHT x2=WIDTH y2=HEIGHT/>
                {days.iter().enumerate().filter(|(_, d)| d.n > 0).map(|(i, d)| {
                    let h = (d.n as f64 / top * (HEIGHT - 4.0)).max(2.0);
                    view! {
                        <rect class="bar" x=format!("{:.1}", i as f64 * step + 1.0) y=format!("{:.1}", HEIGHT - h)
                            width=format!("{:.1}", (step - 2.0).max(1.0)) height=format!("{h:.1}")>
                            <title>{format!("{}: {}", d.day.format("%Y-%m-%d"), group(d.n))}</title>
                        </rect>
                    }
                }).collect_view()}
            </svg>
            <p class="chart-range" aria-hidden="true">
                <span>{first.map(|d| d.format("%b %-d").to_string())}</span>
                <span>{last.map(|d| d.format("%b %-d").to_string())}</span>
            </p>
            <details>
                <summary>"Show as a table"</summary>
                <table class="list compact">
                    <thead><tr><th scope="col">"Day"</th><th scope="col">"Count"</th></tr></thead>
                    <tbody>
                        {days.into_iter().rev().map(|d| view! {
                            <tr><td>{d.day.format("%Y-%m-%d").to_string()}</td><td class="num">{group(d.n)}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </details>
        </section>
    }
}
