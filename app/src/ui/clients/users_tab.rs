//! Client -> Users: the associated users with their badges and permissions on this client.
use super::page::{client_page_ui, Dialog};
use crate::model::client_page::{ClientDetail, ClientUser};
use crate::model::Labelled;
use crate::model::{Permission, StaffMe};
use crate::ui::icon::{lucide, Icon};
use crate::ui::list::TableScroll;
use crate::ui::users::badges::{StatusBadge, TwoFactorBadge};
use leptos::prelude::*;

#[component]
pub fn UsersTab(client: ClientDetail) -> impl IntoView {
    let ui = client_page_ui();
    let can_edit = use_context::<StaffMe>().is_some_and(|me| me.can(Permission::ClientsEdit));
    let empty = client.users.is_empty();
    view! {
        <div class="page-head">
            <h2>"Users"</h2>
            {can_edit.then(|| view! {
                <button type="button" class="primary" on:click=move |_| ui.open(Dialog::Associate)><Icon svg=lucide::PLUS/>"Associate User"</button>
            })}
        </div>
        {if empty {
            view! { <p class="empty">"No users are associated with this client yet."</p> }.into_any()
        } else {
            view! {
                <TableScroll label="Users of this client">
                <table class="list client-users cards">
                    <thead><tr>
                        <th scope="col">"Name"</th><th scope="col">"Email"</th><th scope="col">"Status"</th>
                        <th scope="col">"Permissions"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr></thead>
                    <tbody>
                        {client.users.into_iter().map(|user| view! { <UserRow user can_edit/> }).collect_view()}
                    </tbody>
                </table>
                </TableScroll>
            }.into_any()
        }}
    }
}

#[component]
fn UserRow(user: ClientUser, can_edit: bool) -> impl IntoView {
    let ui = client_page_ui();
    let permissions = if user.owner {
        "All (owner)".to_owned()
    } else if user.permissions.is_empty() {
        "None".to_owned()
    } else {
        let labels: Vec<&str> = user.permissions.iter().map(|&p| p.label()).collect();
        labels.join(", ")
    };
    let name = user.name.clone();
    let actions = (can_edit && !user.owner).then(|| {
        let (edit, owner, remove) = (user.clone(), user.clone(), user.clone());
        view! {
            <button type="button" class="link" aria-label=format!("Permissions of {name}")
                on:click=move |_| ui.open(Dialog::Permissions(edit.clone()))>"Permissions"</button>
            <button type="button" class="link" aria-label=format!("Make owner: {name}")
                on:click=move |_| ui.open(Dialog::MakeOwner(owner.clone()))>"Make owner"</button>
            <button type="button" class="link danger" aria-label=format!("Remove {name}")
                on:click=move |_| ui.open(Dialog::Remove(remove.clone()))>"Remove"</button>
        }
    });
    view! {
        <tr data-user-id=user.id.to_string()>
            <td class="user-name">{user.name.clone()}</td>
            <td data-label="Email">{user.email.clone()}</td>
            <td data-label="Status">
                <span class="badges">
                    <StatusBadge status=user.status/><TwoFactorBadge state=user.two_factor/>
                    {user.owner.then(|| view! { <span class="badge owner">"OWNER"</span> })}
                </span>
            </td>
            <td class="permissions" data-label="Permissions">{permissions}</td>
            <td class="nowrap row-actions">
                {actions}
                {(can_edit && user.owner).then(|| view! {
                    <span class="hint">"The owner stays until ownership moves."</span>
                })}
            </td>
        </tr>
    }
}
