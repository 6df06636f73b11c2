//! Import users from CSV: the upload page (a plain form), then the import's page: choose the
//! mapping, check every row (the dry run, a job), read the verdicts, import (a job).
mod mapping;
mod verdicts;

use crate::api::{import_permitted, load_import};
use crate::model::import::ImportView;
use crate::model::live::ChangeKind;
use crate::model::AppError;
use crate::ui::live::use_live;
use crate::ui::users::jobs_panel::JobProgress;
use crate::ui::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};
use uuid::Uuid;

/// `/admin/users/import`: the upload form; a refused file comes back with `?error=`.
#[component]
pub fn ImportUploadPage() -> impl IntoView {
    let allowed = Resource::new(|| (), |()| import_permitted());
    let query = use_query_map();
    let error = move || query.with(|q| q.get("error"));
    view! {
        <Title text="Import users"/>
        <div class="page-head"><h1>"Import users"</h1></div>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                if let Err(e) = allowed.await {
                    return view! { <ErrorPage error=e/> }.into_any();
                }
                view! {
                    <form method="post" action="/admin/users/import" enctype="multipart/form-data" class="import-upload">
                        <p>"Upload a CSV file with a header row, such as WHMCS's client export. Next you choose which column fills which field, and every row is checked before anything is imported."</p>
                        {error().map(|e| view! { <p class="form-error" role="alert">{e}</p> })}
                        <div class="field">
                            <label for="import-file">"CSV file"</label>
                            <input id="import-file" type="file" name="file" accept=".csv,text/csv" required/>
                        </div>
                        <p class="hint">"Up to 1,000,000 rows, UTF-8, separated by commas, semicolons or tabs. Passwords only as hashes (argon2id; bcrypt as WHMCS stores them; PBKDF2-SHA256 from Django); users without one can be invited by email."</p>
                        <button type="submit" class="primary">"Upload"</button>
                    </form>
                }.into_any()
            })}
        </Suspense>
    }
}

/// `/admin/users/import/<uuid>`.
#[component]
pub fn ImportPage() -> impl IntoView {
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| Uuid::parse_str(&s).ok())));
    let import = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_import(id).await,
                None => Err(AppError::NotFound),
            }
        },
    );
    if let Some(live) = use_live() {
        live.refetch_when(move |c| c.kind == ChangeKind::Job, move || import.refetch());
    }
    let reload = Callback::new(move |()| import.refetch());
    view! {
        <Title text="Import users"/>
        <Transition fallback=|| view! { <p>"Loading…"</p> }>
            {move || Suspend::new(async move {
                match import.await {
                    Ok(view) => view! { <ImportSteps view reload/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ImportSteps(view: ImportView, reload: Callback<()>) -> impl IntoView {
    let running = view.job.as_ref().is_some_and(|j| j.status.is_open());
    let editable = !running && !view.imported;
    let finished_import = view.imported && !running;
    let heading = format!("Import {}", view.file_name);
    let rows = view.rows;
    view! {
        <div class="page-head">
            <h1>{heading}</h1>
            <a href="/admin/users">"Manage Users"</a>
        </div>
        <p class="hint">{format!("{rows} rows, read from the file. Nothing is imported until you choose Import.")}</p>
        {view.job.clone().map(|job| view! { <JobProgress job dismissed=None/> })}
        {finished_import.then(|| view! {
            <p class="import-done" role="status">"Imported. The users are in Manage Users; the refused rows are listed below and in the report."</p>
        })}
        {editable.then(|| view! { <mapping::MappingForm view=view.clone() reload/> })}
        {view.checked.map(|counts| view! {
            <verdicts::Verdicts id=view.id counts importable=editable reload/>
        })}
    }
    .into_any()
}
