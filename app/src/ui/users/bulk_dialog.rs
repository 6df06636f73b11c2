//! The confirmation of a bulk action: it counts the selection on the server and names the
//! action and the exact count; Associate also asks for the client and the permissions.
use super::bulk_selection::use_bulk_select;
use super::dialogs::users_ui;
use crate::api::{count_bulk_selection, list_clients, start_bulk_job};
use crate::model::client::ClientPermission;
use crate::model::client_list::ClientListQuery;
use crate::model::job::{BulkActionKind, BulkSelection, SelectionCount};
use crate::ui::clients::permissions::PermissionChecks;
use crate::ui::form::FormError;
use crate::ui::modal::Modal;
use leptos::prelude::*;
use uuid::Uuid;

/// What each action does besides its name, for the confirmation.
fn consequence(action: BulkActionKind) -> &'static str {
    match action {
        BulkActionKind::Activate => "They can sign in to the client area.",
        BulkActionKind::Deactivate => "They are signed out everywhere and cannot sign in.",
        BulkActionKind::RequireTwoFactor => "Each must set up 2FA at their next sign-in.",
        BulkActionKind::MarkEmailVerified => "Their email addresses count as verified.",
        BulkActionKind::SendVerificationEmail => {
            "Users whose email is verified already are skipped."
        }
        BulkActionKind::Associate => "Users already on the client keep their permissions.",
        BulkActionKind::Delete => {
            "This cannot be undone. Users who own a client are not deleted; the report lists them."
        }
    }
}

fn users(n: u64) -> String {
    format!("{n} user{}", if n == 1 { "" } else { "s" })
}

#[component]
pub fn BulkDialog(action: BulkActionKind, selection: BulkSelection) -> impl IntoView {
    let ui = users_ui();
    let selection = StoredValue::new(selection);
    let count = Resource::new(|| (), move |()| count_bulk_selection(selection.get_value()));
    let client = RwSignal::new(None::<Uuid>);
    let permissions = RwSignal::new(Vec::<ClientPermission>::new());
    let start = Action::new(move |c: &SelectionCount| {
        let chosen_at = c.chosen_at;
        start_bulk_job(
            action,
            client.get_untracked(),
            permissions.get_untracked(),
            selection.get_value(),
            chosen_at,
        )
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = start.value().get() {
            if let Some(select) = use_bulk_select() {
                select.clear();
            }
            ui.started("Started: its progress is shown above the list");
        }
    });
    let error = Signal::derive(move || start.value().get().and_then(Result::err));
    let close = Callback::new(move |_| ui.close());
    view! {
        <Modal title=format!("{}?", action.label()) on_close=close>
            <Transition fallback=|| view! { <p>"Counting the selected users…"</p> }>
                {move || Suspend::new(async move {
                    let counted = match count.await {
                        Ok(c) => c,
                        Err(e) => return view! {
                            <p class="form-error" role="alert">{format!("The selection could not be counted: {e}")}</p>
                            <div class="actions"><button type="button" on:click=move |_| ui.close()>"Close"</button></div>
                        }.into_any(),
                    };
                    if counted.count == 0 {
                        return view! {
                            <p>"No user matches this selection any more."</p>
                            <div class="actions"><button type="button" on:click=move |_| ui.close()>"Close"</button></div>
                        }.into_any();
                    }
                    let n = counted.count;
                    let ready = move || action != BulkActionKind::Associate || client.get().is_some();
                    let danger = action == BulkActionKind::Delete;
                    view! {
                        <form on:submit=move |ev| { ev.prevent_default(); start.dispatch(counted.clone()); }>
                            <p class="bulk-confirm"><strong>{format!("{} {}?", action.label(), users(n))}</strong></p>
                            <p class="hint">{consequence(action)}" Each change is recorded in Activity."</p>
                            {(action == BulkActionKind::Associate).then(|| view! {
                                <ClientChooser client/>
                                <PermissionChecks chosen=permissions/>
                            })}
                            <FormError error/>
                            <div class="actions">
                                <button type="button" on:click=move |_| ui.close()>"Cancel"</button>
                                <button type="submit" class:primary=!danger class:danger=danger
                                    disabled=move || !ready() || start.pending().get()
                                    aria-busy=move || start.pending().get().then_some("true")>
                                    {format!("{} {}", action.label(), users(n))}
                                </button>
                            </div>
                        </form>
                    }.into_any()
                })}
            </Transition>
        </Modal>
    }
}

/// Finds a client by name, company or email and chooses it.
#[component]
fn ClientChooser(client: RwSignal<Option<Uuid>>) -> impl IntoView {
    let term = RwSignal::new(String::new());
    let found = Resource::new(
        move || term.get(),
        |q| async move {
            if q.trim().is_empty() {
                return Ok(Vec::new());
            }
            let query = ClientListQuery {
                q,
                per_page: 8,
                ..Default::default()
            };
            list_clients(query).await.map(|p| p.rows)
        },
    );
    view! {
        <div class="field">
            <label for="bulk-client">"Client"</label>
            <input id="bulk-client" type="search" autocomplete="off" placeholder="Search clients by name or company"
                on:input=move |e| term.set(event_target_value(&e))/>
        </div>
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match found.await {
                    Ok(rows) if rows.is_empty() => ().into_any(),
                    Ok(rows) => view! {
                        <fieldset class="client-choices">
                            <legend class="visually-hidden">"Matching clients"</legend>
                            {rows.into_iter().map(|c| {
                                let name = crate::model::client::display_name(&c.first_name, &c.last_name, c.company.as_deref());
                                view! {
                                    <label class="check">
                                        <input type="radio" name="bulk-client" prop:checked=move || client.get() == Some(c.id)
                                            on:change=move |_| client.set(Some(c.id))/>
                                        {name}
                                    </label>
                                }
                            }).collect_view()}
                        </fieldset>
                    }.into_any(),
                    Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                }
            })}
        </Transition>
    }
}
