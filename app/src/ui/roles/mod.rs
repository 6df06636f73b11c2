//! `/admin/roles` (permission `staff.manage`): the built-in Administrator and Support, and
//! custom roles of chosen permissions; Add, Edit and Delete (refused while someone holds it).
mod role_form;

use crate::api::{delete_role, list_roles};
use crate::model::live::ChangeKind;
use crate::model::{Labelled, RoleRow};
use crate::ui::dialogs::{page_ui, PageUi};
use crate::ui::form::FormError;
use crate::ui::icon::{lucide, Icon};
use crate::ui::list::TableScroll;
use crate::ui::modal::Modal;
use crate::ui::skeleton::SkeletonRows;
use crate::ui::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;

#[derive(Clone)]
enum Dialog {
    Create,
    Edit(RoleRow),
    Delete(RoleRow),
}

fn roles_ui() -> PageUi<Dialog> {
    page_ui::<Dialog>()
}

#[component]
pub fn RolesPage() -> impl IntoView {
    let roles = Resource::new(|| (), |_| list_roles());
    if let Some(live) = crate::ui::live::use_live() {
        live.refetch_when(
            move |c| c.kind == ChangeKind::Staff,
            move || roles.refetch(),
        );
    }
    let ui = PageUi::<Dialog>::provide(Callback::new(move |_| roles.refetch()));
    view! {
        <Title text="Roles"/>
        <div class="page-head">
            <h1>"Roles"</h1>
            <button type="button" class="primary" data-shortcut="create" aria-keyshortcuts="n"
                on:click=move |_| ui.open(Dialog::Create)>
                <Icon svg=lucide::PLUS/>"Add role"
            </button>
        </div>
        {move || ui.dialog.get().map(|d| match d {
            Dialog::Create => view! { <role_form::RoleFormDialog editing=None/> }.into_any(),
            Dialog::Edit(role) => view! { <role_form::RoleFormDialog editing=Some(role)/> }.into_any(),
            Dialog::Delete(role) => view! { <DeleteRoleDialog role/> }.into_any(),
        })}
        {ui.toast()}
        <Transition fallback=|| view! { <SkeletonRows label="Loading roles…" columns=4/> }>
            {move || Suspend::new(async move {
                match roles.await {
                    Ok(rows) => view! { <RolesTable rows/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn RolesTable(rows: Vec<RoleRow>) -> impl IntoView {
    let ui = roles_ui();
    view! {
        <TableScroll label="Roles">
        <table class="list cards roles">
            <thead>
                <tr>
                    <th scope="col">"Role"</th>
                    <th scope="col">"Permissions"</th>
                    <th scope="col" class="num">"Members"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|role| {
                    let labels: Vec<&str> = role.permissions.iter().map(|p| p.label()).collect();
                    let summary = if labels.is_empty() { "None (dashboard only)".to_owned() } else { labels.join(", ") };
                    let (edit, delete) = (role.clone(), role.clone());
                    view! {
                        <tr data-role-id=role.id.to_string()>
                            <td>{role.name.clone()}{role.built_in.then(|| view! { " " <span class="badge">"BUILT-IN"</span> })}</td>
                            <td data-label="Permissions">{summary}</td>
                            <td class="num" data-label="Members">{role.members}</td>
                            <td class="nowrap row-actions">
                                {(!role.built_in).then(|| view! {
                                    <button type="button" aria-label=format!("Edit {}", role.name) on:click=move |_| ui.open(Dialog::Edit(edit.clone()))>
                                        <Icon svg=lucide::PENCIL/>"Edit"
                                    </button>
                                    <button type="button" class="danger" aria-label=format!("Delete {}", role.name) on:click=move |_| ui.open(Dialog::Delete(delete.clone()))>
                                        <Icon svg=lucide::TRASH_2/>"Delete"
                                    </button>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </TableScroll>
    }
}

#[component]
fn DeleteRoleDialog(role: RoleRow) -> impl IntoView {
    let ui = roles_ui();
    let id = role.id;
    let delete = Action::new(move |_: &()| delete_role(id));
    Effect::new(move |_| {
        if let Some(Ok(())) = delete.value().get() {
            ui.done("Role deleted");
        }
    });
    let error = Signal::derive(move || delete.value().get().and_then(Result::err));
    let close = Callback::new(move |_| ui.close());
    view! {
        <Modal title=format!("Delete the role {}?", role.name) on_close=close>
            <p>"Nobody can be given this role afterwards. A role that staff members hold cannot be deleted until they move to another role."</p>
            <FormError error/>
            <div class="actions">
                <button type="button" on:click=move |_| ui.close()>"Cancel"</button>
                <button type="button" class="danger" disabled=move || delete.pending().get()
                    aria-busy=move || delete.pending().get().then_some("true") on:click=move |_| { delete.dispatch(()); }>
                    "Delete"
                </button>
            </div>
        </Modal>
    }
}
