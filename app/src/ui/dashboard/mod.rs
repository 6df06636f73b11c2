//! `/admin`, the page staff land on: counts at a glance (each a link to the list it counts),
//! users created and sign-ins per day, and the latest activity.
mod chart;

use super::list::group;
use super::users::badges::{StatusBadge, TwoFactorBadge};
use super::ErrorPage;
use crate::api::load_dashboard;
use crate::model::activity::action_label;
use crate::model::dashboard::Dashboard;
use crate::model::{Keyed, StaffMe};
use chart::DailyChart;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn DashboardPage() -> impl IntoView {
    let figures = Resource::new(|| (), |_| load_dashboard());
    view! {
        <Title text="Dashboard"/>
        <h1>"Dashboard"</h1>
        <Suspense fallback=|| view! { <p class="loading" aria-busy="true">"Loading the dashboard…"</p> }>
            {move || Suspend::new(async move {
                match figures.await {
                    Ok(d) => view! { <Figures d/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Figures(d: Dashboard) -> impl IntoView {
    let style = use_context::<StaffMe>()
        .map(|me| me.date_style)
        .unwrap_or_default();
    let locked = d.locked > 0;
    view! {
        <section class="stats" aria-label="Totals">
            <a class="stat" href="/admin/users"><span class="stat-n">{group(d.users)}</span>" users"</a>
            <a class="stat" href="/admin/clients"><span class="stat-n">{group(d.clients)}</span>" clients"</a>
            <p class="stat" class:alert=locked>
                <span class="stat-n">{group(d.locked)}</span>" locked after failed sign-ins"
            </p>
        </section>
        <div class="panels">
            <section class="panel" aria-labelledby="by-status">
                <h2 id="by-status">"Users by status"</h2>
                <ul class="breakdown">
                    {d.by_status.into_iter().map(|(status, n)| view! {
                        <li><a href=format!("/admin/users?status={}", status.key())><StatusBadge status/></a><span>{group(n)}</span></li>
                    }).collect_view()}
                </ul>
            </section>
            <section class="panel" aria-labelledby="by-2fa">
                <h2 id="by-2fa">"Two-factor authentication"</h2>
                <ul class="breakdown">
                    {d.by_two_factor.into_iter().map(|(state, n)| view! {
                        <li><a href=format!("/admin/users?tfa={}", state.key())><TwoFactorBadge state/></a><span>{group(n)}</span></li>
                    }).collect_view()}
                </ul>
            </section>
        </div>
        <div class="panels">
            <DailyChart id="created" title="Users created per day" days=d.created/>
            <DailyChart id="sign-ins" title="Client-area sign-ins per day" days=d.sign_ins/>
        </div>
        {d.recent.map(|entries| view! {
            <section class="panel" aria-labelledby="recent">
                <h2 id="recent">"Recent activity"</h2>
                <ul class="recent">
                    {entries.into_iter().map(|e| view! {
                        <li>
                            <time datetime=e.at.to_rfc3339()>{style.timestamp(e.at)}</time>
                            <span>{format!("{}: {} – {}", e.actor, action_label(&e.action), e.target)}</span>
                        </li>
                    }).collect_view()}
                </ul>
                <a href="/admin/activity">"All activity"</a>
            </section>
        })}
    }
}
