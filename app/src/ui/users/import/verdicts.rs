//! What checking found: how many rows would create, update or be refused; the refused rows
//! with their reasons; and the button that imports the rest.
use crate::api::{import_rows, start_import};
use crate::model::import::{ImportCounts, Verdict};
use crate::ui::form::FormError;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn Verdicts(
    id: Uuid,
    counts: ImportCounts,
    importable: bool,
    reload: Callback<()>,
) -> impl IntoView {
    let refused = Resource::new(move || id, move |id| import_rows(id, Verdict::Refuse, 0));
    let start = Action::new(move |_: &()| start_import(id));
    Effect::new(move |_| {
        if let Some(Ok(_)) = start.value().get() {
            reload.run(());
        }
    });
    let error = Signal::derive(move || start.value().get().and_then(Result::err));
    let accepted = counts.create + counts.update;
    view! {
        <section class="import-verdicts" aria-label="What the check found">
            <h2>"Check"</h2>
            <p class="import-counts" role="status">
                <strong>{counts.create}</strong>" to create · "
                <strong>{counts.update}</strong>" to update (same email) · "
                <strong>{counts.refuse}</strong>" refused"
            </p>
            {importable.then(|| view! {
                <FormError error/>
                <button type="button" class="primary" disabled=move || accepted == 0 || start.pending().get()
                    on:click=move |_| { start.dispatch(()); }>{format!("Import {accepted} user{}", if accepted == 1 { "" } else { "s" })}</button>
            })}
            {(counts.refuse > 0).then(|| view! {
                <h3>"Refused rows"</h3>
                {(counts.refuse > 100).then(|| view! {
                    <p class="hint">{format!("The first 100 of {}; the check's report (above) has them all.", counts.refuse)}</p>
                })}
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        let rows = refused.await.unwrap_or_default();
                        view! {
                            <div class="table-scroll" role="region" aria-label="Refused rows" tabindex="0">
                            <table class="list refused-rows">
                                <thead><tr><th scope="col">"Line"</th><th scope="col">"Email"</th><th scope="col">"Why"</th></tr></thead>
                                <tbody>
                                    {rows.into_iter().map(|r| view! {
                                        <tr><td class="num">{r.line}</td><td>{r.email}</td><td>{r.reason.unwrap_or_default()}</td></tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                            </div>
                        }
                    })}
                </Transition>
            })}
        </section>
    }
    .into_any()
}
