//! Bulk jobs on Manage Users: each running job's progress (done, failed, rate, time left) as
//! it moves, live on every console; cancel; and the report of users it could not change.
use crate::api::{cancel_bulk_job, recent_jobs};
use crate::model::job::JobView;
use crate::model::live::ChangeKind;
use crate::model::StaffMe;
use crate::ui::live::use_live;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn JobsPanel() -> impl IntoView {
    let jobs = Resource::new(|| (), |()| recent_jobs());
    if let Some(live) = use_live() {
        live.refetch_when(move |c| c.kind == ChangeKind::Job, move || jobs.refetch());
    }
    let dismissed = RwSignal::new(Vec::<Uuid>::new());
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                let shown: Vec<JobView> = jobs.await.unwrap_or_default().into_iter()
                    .filter(|j| !dismissed.with(|d| d.contains(&j.id)))
                    .collect();
                (!shown.is_empty()).then(|| view! {
                    <section class="jobs" aria-label="Bulk jobs">
                        {shown.into_iter().map(|job| view! { <JobProgress job dismissed=Some(dismissed)/> }).collect_view()}
                    </section>
                })
            })}
        </Transition>
    }
}

fn figures(j: &JobView) -> String {
    // An import's rows are accepted or refused; a bulk action's users changed or not.
    let (yes, no) = match j.kind.starts_with("users.import") {
        true => ("accepted", "refused"),
        false => ("changed", "not changed"),
    };
    let mut parts = vec![format!("{} of {}", j.processed(), j.total)];
    parts.push(format!("{} {yes}", j.changed));
    if j.unchanged > 0 {
        parts.push(format!("{} already so", j.unchanged));
    }
    if j.failed > 0 {
        parts.push(format!("{} {no}", j.failed));
    }
    if let (Some(rate), true) = (j.rate, j.status.is_open()) {
        parts.push(format!("{rate:.0} users/s"));
    }
    if let Some(left) = j.seconds_left {
        parts.push(match left {
            0..=59 => format!("about {left} s left"),
            s => format!("about {} min left", s.div_ceil(60)),
        });
    }
    parts.join(" · ")
}

/// One job's progress; `dismissed` collects the finished jobs put away (None: no Dismiss).
#[component]
pub fn JobProgress(job: JobView, dismissed: Option<RwSignal<Vec<Uuid>>>) -> impl IntoView {
    let id = job.id;
    let cancel = Action::new(move |_: &()| cancel_bulk_job(id));
    let error = move || {
        cancel
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.to_string())
    };
    // Whether this member's permissions cover the job's action is the server's to say.
    let may_cancel =
        use_context::<StaffMe>().is_some() && job.status.is_open() && !job.cancel_requested;
    let status = if job.cancel_requested && job.status.is_open() {
        "Cancelling…"
    } else {
        job.status.label()
    };
    let title = job.title.clone();
    let status_key: &'static str = job.status.into();
    view! {
        <div class="job" data-job-id=id.to_string() data-status=status_key>
            <div class="job-head">
                <strong>{title.clone()}</strong>
                <span class="badge">{status}</span>
                <span class="hint">{format!("by {}", job.created_by)}</span>
            </div>
            <progress max="100" value=job.percent().to_string() aria-label=format!("{title}: {}%", job.percent())></progress>
            <p class="job-figures">{figures(&job)}</p>
            {job.error.clone().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            {move || error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
            <div class="job-actions">
                {(job.failed > 0).then(|| view! {
                    <a href=format!("/admin/jobs/{id}/report.csv") download>"Download report"</a>
                })}
                {may_cancel.then(|| view! {
                    <button type="button" class="link danger" disabled=move || cancel.pending().get()
                        on:click=move |_| { cancel.dispatch(()); }>"Cancel"</button>
                })}
                {dismissed.filter(|_| !job.status.is_open()).map(|dismissed| view! {
                    <button type="button" class="link" on:click=move |_| dismissed.update(|d| d.push(id))>"Dismiss"</button>
                })}
            </div>
        </div>
    }
    .into_any()
}
