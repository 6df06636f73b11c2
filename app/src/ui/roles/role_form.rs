//! Add Role / Edit Role: a name and the permissions, grouped (Users, Clients, ...) with a line
//! on what each allows.
use super::{roles_ui, RoleRow};
use crate::api::{create_role, update_role};
use crate::model::user_form::FieldError;
use crate::model::{Keyed, Labelled, Permission, PermissionGroup, RoleForm, VariantArray};
use crate::ui::fields::TextField;
use crate::ui::form::{place_error, FormError};
use crate::ui::modal::Modal;
use leptos::prelude::*;

#[component]
pub fn RoleFormDialog(editing: Option<RoleRow>) -> impl IntoView {
    let ui = roles_ui();
    let name = RwSignal::new(editing.as_ref().map(|r| r.name.clone()).unwrap_or_default());
    let chosen = RwSignal::new(
        editing
            .as_ref()
            .map(|r| r.permissions.clone())
            .unwrap_or_default(),
    );
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None);
    let target = editing.as_ref().map(|r| (r.id, r.version));
    let save = Action::new(move |form: &RoleForm| {
        let form = form.clone();
        async move {
            match target {
                None => create_role(form).await.map(|_| ()),
                Some((id, version)) => update_role(id, version, form).await,
            }
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(())) => ui.done(if target.is_some() {
            "Role saved"
        } else {
            "Role added"
        }),
        Some(Err(e)) => {
            let (placed, rest) = place_error(e, |f| f == "name");
            errors.set(placed);
            failure.set(rest);
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        errors.set(Vec::new());
        // Sent in Roster's order, whatever order the boxes were ticked in.
        let permissions = Permission::VARIANTS
            .iter()
            .copied()
            .filter(|p| chosen.with_untracked(|c| c.contains(p)))
            .collect();
        save.dispatch(RoleForm {
            name: name.get_untracked(),
            permissions,
        });
    };
    let title = match &editing {
        None => "Add Role".to_owned(),
        Some(r) => format!("Edit {}", r.name),
    };
    let close = Callback::new(move |_| ui.close());
    view! {
        <Modal title on_close=close>
            <form class="user-form" on:submit=submit novalidate>
                <TextField label="Name" field="name" value=name set=Callback::new(move |v| name.set(v)) errors
                    leave=Callback::new(|_| {}) required=true scope="role"/>
                {PermissionGroup::VARIANTS.iter().copied().map(|group| view! { <PermissionGroupBoxes group chosen/> }).collect_view()}
                <FormError error=failure/>
                <div class="actions">
                    <button type="button" on:click=move |_| ui.close()>"Cancel"</button>
                    <button type="submit" class="primary" disabled=move || save.pending().get() aria-busy=move || save.pending().get().then_some("true")>
                        {if target.is_some() { "Save" } else { "Add role" }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

#[component]
fn PermissionGroupBoxes(
    group: PermissionGroup,
    chosen: RwSignal<Vec<Permission>>,
) -> impl IntoView {
    let heading: &'static str = group.into();
    view! {
        <fieldset class="permission-group">
            <legend>{heading}</legend>
            {Permission::VARIANTS.iter().copied().filter(|p| p.group() == group).map(|p| {
                let id = format!("perm-{}", p.key());
                let toggle = move |ev| {
                    let on = event_target_checked(&ev);
                    chosen.update(|c| {
                        c.retain(|x| *x != p);
                        if on { c.push(p) }
                    });
                };
                view! {
                    <div class="field check">
                        <input type="checkbox" id=id.clone() prop:checked=move || chosen.with(|c| c.contains(&p))
                            on:change=toggle aria-describedby=format!("{id}-about")/>
                        <label for=id.clone()>{p.label()}</label>
                        <p class="hint" id=format!("{id}-about")>{p.description()}</p>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
}
