//! The per-client permission checkboxes, and the dialog that changes a user's.
use super::page::client_page_ui;
use crate::api::set_client_permissions;
use crate::model::client::ClientPermission;
use crate::model::client_page::ClientUser;
use crate::model::{Keyed, Labelled, VariantArray};
use crate::ui::form::FormError;
use crate::ui::modal::Modal;
use leptos::prelude::*;
use uuid::Uuid;

/// The ten permissions as checkboxes; when `locked` (an owner) all are shown checked and
/// cannot be changed, while `chosen` keeps what was ticked before.
#[component]
pub fn PermissionChecks(
    chosen: RwSignal<Vec<ClientPermission>>,
    #[prop(into, optional)] locked: Signal<bool>,
) -> impl IntoView {
    view! {
        <fieldset class="field permissions-grid">
            <legend>"Permissions"</legend>
            {ClientPermission::VARIANTS.iter().copied().map(|p| {
                let id = format!("perm-{}", p.key());
                let checked = move || locked.get() || chosen.with(|c| c.contains(&p));
                view! {
                    <div class="check">
                        <input type="checkbox" id=id.clone() prop:checked=checked disabled=move || locked.get()
                            on:change=move |ev| {
                                let on = event_target_checked(&ev);
                                chosen.update(|c| {
                                    c.retain(|x| *x != p);
                                    if on { c.push(p); }
                                });
                            }/>
                        <label for=id>{p.label()}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}

#[component]
pub fn EditPermissionsDialog(client: Uuid, user: ClientUser) -> impl IntoView {
    let ui = client_page_ui();
    let chosen = RwSignal::new(user.permissions.clone());
    let user_id = user.id;
    let save =
        Action::new(move |_: &()| set_client_permissions(client, user_id, chosen.get_untracked()));
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            ui.done("Permissions saved");
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let close = Callback::new(move |_| ui.close());
    view! {
        <Modal title=format!("Permissions of {}", user.name) on_close=close>
            <form on:submit=move |ev| { ev.prevent_default(); save.dispatch(()); }>
                <PermissionChecks chosen/>
                <FormError error/>
                <div class="actions">
                    <button type="button" on:click=move |_| ui.close()>"Cancel"</button>
                    <button type="submit" class="primary" disabled=move || save.pending().get() aria-busy=move || save.pending().get().then_some("true")>"Save"</button>
                </div>
            </form>
        </Modal>
    }
}
