use super::badges::{Avatar, PasskeyBadge, StatusBadge, TwoFactorBadge};
use super::bulk_selection::{PickBox, PickPage};
use super::dialogs::{users_ui, Dialog};
use super::live_rows::ShownRow;
use crate::api::unlock_user;
use crate::model::user_list::{SortKey, UserListQuery, UserRow};
use crate::model::{Permission, StaffMe};
use crate::ui::icon::{lucide, Icon};
use crate::ui::list::{SortHeader, TableScroll};
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn UserTable(rows: RwSignal<Vec<ShownRow>>, query: UserListQuery) -> impl IntoView {
    let header = move |label: &'static str, key: Option<SortKey>| {
        view! { <SortHeader label key query=query.clone()/> }
    };
    let page_ids = Signal::derive(move || {
        rows.with(|r| r.iter().filter(|s| !s.gone).map(|s| s.row.id).collect())
    });
    view! {
        <TableScroll label="Users">
        <table class="list cards">
            <thead>
                <tr>
                    <PickPage ids=page_ids/>
                    {header("Name", Some(SortKey::Name))}
                    {header("Status", Some(SortKey::Status))}
                    {header("Email", Some(SortKey::Email))}
                    {header("Phone", None)}
                    {header("Clients", Some(SortKey::Clients))}
                    {header("Created", Some(SortKey::Created))}
                    {header("Last sign-in", Some(SortKey::LastSignIn))}
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>
                // Keyed by revision too: a row changed live is rendered anew, and flashes.
                <For each=move || rows.get() key=|s| (s.row.id, s.rev, s.gone) let(s)>
                    <UserRowView row=s.row changed={s.rev > 0} gone=s.gone/>
                </For>
            </tbody>
        </table>
        </TableScroll>
    }
}

/// The eye next to the clients counter: opens User Clients.
#[component]
fn ClientsEye(id: Uuid, name: String) -> impl IntoView {
    let ui = users_ui();
    let me = use_context::<StaffMe>();
    me.is_some_and(|m| m.can(Permission::ClientsView)).then(|| view! {
        <button type="button" class="icon" aria-label=format!("View clients of {name}") title="View clients"
            on:click=move |_| ui.open(Dialog::Clients(id))><Icon svg=lucide::EYE/></button>
    })
}

/// Ends a sign-in lock at once (no dialog: it only gives the user their attempts back).
#[component]
fn UnlockButton(id: Uuid, name: String) -> impl IntoView {
    let ui = users_ui();
    let can = use_context::<StaffMe>().is_some_and(|m| m.can(Permission::UsersEdit));
    let unlock = Action::new(move |_: &()| unlock_user(id));
    Effect::new(move |_| {
        if let Some(Ok(())) = unlock.value().get() {
            ui.done("User unlocked");
        }
    });
    can.then(|| {
        view! {
            <button type="button" class="link" aria-label=format!("Unlock {name}")
                on:click=move |_| { unlock.dispatch(()); }><Icon svg=lucide::LOCK_OPEN/>"Unlock"</button>
        }
    })
}

/// Sign in as user, Edit (pencil) and Delete (trash), as the staff member's permissions allow.
#[component]
fn RowActions(id: Uuid, name: String) -> impl IntoView {
    let ui = users_ui();
    let me = use_context::<StaffMe>();
    let can = |p| me.as_ref().is_some_and(|m| m.can(p));
    let delete_name = name.clone();
    let as_name = name.clone();
    view! {
        {can(Permission::UsersImpersonate).then(|| view! {
            <button type="button" class="icon" aria-label=format!("Sign in as {as_name}") title="Sign in as user"
                on:click=move |_| ui.open(Dialog::SignInAs { id, name: as_name.clone() })><Icon svg=lucide::LOG_IN/></button>
        })}
        {can(Permission::UsersEdit).then(|| view! {
            <button type="button" class="icon" aria-label=format!("Edit {name}") title="Edit" data-shortcut="edit"
                on:click=move |_| ui.open(Dialog::Edit(id))><Icon svg=lucide::PENCIL/></button>
        })}
        {can(Permission::UsersDelete).then(|| view! {
            <button type="button" class="icon danger" aria-label=format!("Delete {delete_name}") title="Delete"
                on:click=move |_| ui.open(Dialog::Delete { id, name: delete_name.clone() })><Icon svg=lucide::TRASH_2/></button>
        })}
    }
}

/// An address that may wrap before its "@" when the table is narrow.
#[component]
fn Email(address: String) -> impl IntoView {
    match address.split_once('@') {
        Some((local, domain)) => {
            view! { {local.to_owned()}<wbr/>{format!("@{domain}")} }.into_any()
        }
        None => address.into_any(),
    }
}

/// The check after a verified email or phone number.
#[component]
fn Verified(what: &'static str) -> impl IntoView {
    view! {
        <span class="verified" title=format!("{what} verified")>
            <Icon svg=lucide::CHECK/><span class="visually-hidden">{format!("{what} verified")}</span>
        </span>
    }
}

#[component]
fn UserRowView(row: UserRow, changed: bool, gone: bool) -> impl IntoView {
    let name = format!("{} {}", row.first_name, row.last_name)
        .trim()
        .to_owned();
    let style = use_context::<StaffMe>()
        .map(|me| me.date_style)
        .unwrap_or_default();
    let (created_day, created_full) = (style.date(row.created_at), style.timestamp(row.created_at));
    view! {
        <tr data-user-id=row.id.to_string() tabindex="-1" class:changed=changed class:gone=gone>
            <PickBox id=row.id name=name.clone()/>
            <td>
                <span class="who-cell">
                    <Avatar id=row.id first=row.first_name last=row.last_name/>
                    <span class="user-name">{name.clone()}</span>
                </span>
            </td>
            <td data-label="Status">
                <span class="badges">
                    <StatusBadge status=row.status/>
                    <TwoFactorBadge state=row.two_factor/>
                    <PasskeyBadge passkey=row.passkey/>
                    {row.locked.then(|| view! { <span class="badge locked" title="Locked after repeated failed sign-ins">"LOCKED"</span> })}
                </span>
            </td>
            <td class="email" data-label="Email">
                <Email address=row.email/>
                {row.email_verified.then(|| view! { <Verified what="Email"/> })}
            </td>
            <td class="nowrap" data-label="Phone">
                <span class="phone">{row.phone.unwrap_or_default()}</span>
                {row.phone_verified.then(|| view! { <Verified what="Phone"/> })}
            </td>
            <td class="num nowrap" data-label="Clients">
                <span class="count">{row.clients}</span>
                <ClientsEye id=row.id name=name.clone()/>
            </td>
            <td class="nowrap" data-label="Created">
                <time datetime=row.created_at.to_rfc3339() title=created_full>{created_day}</time>
            </td>
            <td class="nowrap" data-label="Last sign-in">
                {match row.last_sign_in {
                    Some(at) => view! { <time datetime=at.to_rfc3339() title=style.timestamp(at)>{style.date(at)}</time> }.into_any(),
                    None => view! { <span class="hint">"Never"</span> }.into_any(),
                }}
            </td>
            <td class="nowrap row-actions">
                {row.locked.then(|| view! { <UnlockButton id=row.id name=name.clone()/> })}
                <RowActions id=row.id name/>
            </td>
        </tr>
    }
}
