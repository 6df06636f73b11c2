//! Delete User: names the user and their clients, and refuses while they own one.
use super::dialogs::users_ui;
use crate::api::{delete_user, user_clients_for_delete};
use crate::ui::form::FormError;
use crate::ui::modal::Modal;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn DeleteUserDialog(id: Uuid, name: String) -> impl IntoView {
    let ui = users_ui();
    let clients = Resource::new(move || id, user_clients_for_delete);
    let delete = Action::new(move |_: &()| delete_user(id));
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            ui.done("User deleted");
        }
    });
    let error = Signal::derive(move || delete.value().get().and_then(Result::err));
    let close = Callback::new(move |_| ui.close());
    let title = format!("Delete {name}?");
    view! {
        <Modal title on_close=close>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let list = match clients.await {
                        Ok(list) => list,
                        // Without the list nobody can tell what the delete would take with it.
                        Err(e) => return view! {
                            <p class="form-error" role="alert">{format!("This user's clients could not be loaded, so the user cannot be deleted now: {e}")}</p>
                            <div class="actions">
                                <button type="button" on:click=move |_| ui.close()>"Close"</button>
                            </div>
                        }.into_any(),
                    };
                    let owned: Vec<String> = list.iter().filter(|(_, o)| *o).map(|(n, _)| n.clone()).collect();
                    let summary = if list.is_empty() {
                        "They belong to no clients.".to_owned()
                    } else {
                        format!("They belong to {} client(s); those associations go too:", list.len())
                    };
                    view! {
                        <p>{summary}</p>
                        <ul class="client-list">
                            {list.into_iter().map(|(n, owner)| view! {
                                <li>{n}{owner.then_some(" (owner)")}</li>
                            }).collect_view()}
                        </ul>
                        {(!owned.is_empty()).then(|| view! {
                            <p class="form-error" role="alert">
                                {format!("They own {}: move ownership to another user before deleting them.", owned.join(", "))}
                            </p>
                        })}
                        <FormError error/>
                        <div class="actions">
                            <button type="button" on:click=move |_| ui.close()>"Cancel"</button>
                            {owned.is_empty().then(|| view! {
                                <button type="button" class="danger" disabled=move || delete.pending().get() aria-busy=move || delete.pending().get().then_some("true")
                                    on:click=move |_| { delete.dispatch(()); }>
                                    {move || if delete.pending().get() { "Deleting…" } else { "Delete" }}
                                </button>
                            })}
                        </div>
                    }.into_any()
                })}
            </Transition>
        </Modal>
    }
}
