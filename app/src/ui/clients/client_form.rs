//! Create Client / Edit Client: the rules run as each field is left; Save shows the server's
//! messages next to their fields and keeps everything typed; a client changed by someone
//! else meanwhile is shown, never silently overwritten.
use crate::api::{client_for_edit, create_client, update_client};
use crate::model::client::ClientStatus;
use crate::model::client_form::{check, check_field, ClientForm, EditClient, FIELDS};
use crate::model::language::LANGUAGES;
use crate::model::user_form::FieldError;
use crate::model::{Keyed, Labelled, VariantArray};
use crate::ui::edit_dialog::EditDialog;
use crate::ui::fields::{FieldMessage, TextField};
use crate::ui::form::{on_leave, FormError};
use crate::ui::versioned_save::{versioned_save, ConflictNotice};
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn ClientFormDialog(
    editing: Option<Uuid>,
    on_close: Callback<()>,
    /// Called with "Client created" / "Client saved".
    on_done: Callback<&'static str>,
) -> impl IntoView {
    let body = move |client: Option<EditClient>| {
        view! { <ClientFormBody client on_close on_done/> }.into_any()
    };
    view! { <EditDialog noun="Client" editing load=client_for_edit on_close body/> }
}

#[component]
fn ClientFormBody(
    client: Option<EditClient>,
    on_close: Callback<()>,
    on_done: Callback<&'static str>,
) -> impl IntoView {
    let id = client.as_ref().map(|c| c.id);
    let form = RwSignal::new(client.as_ref().map(|c| c.form.clone()).unwrap_or_default());
    let version = RwSignal::new(client.as_ref().map_or(0, |c| c.version));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let leave = on_leave(errors, move |field| {
        form.with_untracked(|f| check_field(f, field))
    });
    let flow = versioned_save(
        move |overwrite| {
            let sent = form.get_untracked();
            async move {
                match id {
                    None => create_client(sent).await.map(|_| ()),
                    Some(id) => update_client(id, version.get_untracked(), sent, overwrite).await,
                }
            }
        },
        errors,
        // The selects show their own messages too.
        |f| FIELDS.contains(&f) || ["status", "language"].contains(&f),
        move || {
            on_done.run(if id.is_some() {
                "Client saved"
            } else {
                "Client created"
            })
        },
        move |theirs: EditClient| {
            form.set(theirs.form);
            version.set(theirs.version);
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let all = form.with_untracked(check);
        errors.set(all.clone());
        if all.is_empty() {
            flow.dispatch();
        }
    };
    let text = |get: fn(&ClientForm) -> &String, put: fn(&mut ClientForm, String)| {
        (
            Signal::derive(move || form.with(|f| get(f).clone())),
            Callback::new(move |v: String| form.update(|f| put(f, v))),
        )
    };
    let (first, set_first) = text(|f| &f.first_name, |f, v| f.first_name = v);
    let (last, set_last) = text(|f| &f.last_name, |f, v| f.last_name = v);
    let (company, set_company) = text(|f| &f.company_name, |f, v| f.company_name = v);
    let (tax_id, set_tax_id) = text(|f| &f.tax_id, |f, v| f.tax_id = v);
    let scope = "client";
    view! {
        <form class="user-form" on:submit=submit novalidate>
            <div class="pair">
                <TextField label="Firstname" field="first_name" value=first set=set_first errors leave required=true scope/>
                <TextField label="Lastname" field="last_name" value=last set=set_last errors leave scope/>
            </div>
            <TextField label="Company Name" field="company_name" value=company set=set_company errors leave scope/>
            <TextField label="Tax ID" field="tax_id" value=tax_id set=set_tax_id errors leave scope/>
            <div class="pair">
                <div class="field">
                    <label for="client-status">"Status"</label>
                    <select id="client-status" prop:value=move || form.with(|f| f.status.key())
                        on:change=move |ev| {
                            let chosen = ClientStatus::from_key(&event_target_value(&ev)).unwrap_or_default();
                            form.update(|f| f.status = chosen);
                        }>
                        {ClientStatus::VARIANTS.iter().copied().map(|s| view! { <option value=s.key()>{s.label()}</option> }).collect_view()}
                    </select>
                    <FieldMessage field="status" errors scope/>
                </div>
                <div class="field">
                    <label for="client-language">"Language"</label>
                    <select id="client-language" prop:value=move || form.with(|f| f.language.clone())
                        on:change=move |ev| form.update(|f| f.language = event_target_value(&ev))>
                        {LANGUAGES.iter().map(|(code, name)| view! { <option value=*code>{*name}</option> }).collect_view()}
                    </select>
                    <FieldMessage field="language" errors scope/>
                </div>
            </div>
            <div class="field">
                <label for="client-admin_notes">"Admin Notes"</label>
                <textarea id="client-admin_notes" rows="3" aria-describedby="client-admin_notes-error"
                    prop:value=move || form.with(|f| f.admin_notes.clone())
                    on:input=move |ev| form.update(|f| f.admin_notes = event_target_value(&ev))
                    on:blur=move |_| leave.run("admin_notes")></textarea>
                <FieldMessage field="admin_notes" errors scope/>
            </div>
            <ConflictNotice flow/>
            <FormError error=flow.failure/>
            <div class="actions">
                <button type="button" on:click=move |_| on_close.run(())>"Cancel"</button>
                <button type="submit" class="primary" disabled=move || flow.save.pending().get() aria-busy=move || flow.save.pending().get().then_some("true")>
                    {move || if flow.save.pending().get() { "Saving…" } else { "Save" }}
                </button>
            </div>
        </form>
    }
}
