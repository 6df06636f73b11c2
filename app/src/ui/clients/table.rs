use super::{ClientStatusBadge, ClientsUi, Dialog};
use crate::model::client::display_name;
use crate::model::client_list::{ClientListQuery, ClientRow, ClientSortKey};
use crate::model::{Permission, StaffMe};
use crate::ui::dialogs::page_ui;
use crate::ui::icon::{lucide, Icon};
use crate::ui::list::{SortHeader, TableScroll};
use leptos::prelude::*;

#[component]
pub fn ClientTable(rows: Vec<ClientRow>, query: ClientListQuery) -> impl IntoView {
    let header = move |label: &'static str, key: Option<ClientSortKey>| {
        view! { <SortHeader label key query=query.clone()/> }
    };
    view! {
        <TableScroll label="Clients">
        <table class="list cards">
            <thead>
                <tr>
                    {header("Name", Some(ClientSortKey::Name))}
                    {header("Company", Some(ClientSortKey::Company))}
                    {header("Tax ID", None)}
                    {header("Status", Some(ClientSortKey::Status))}
                    {header("Owner", None)}
                    {header("Users", Some(ClientSortKey::Users))}
                    {header("Created", Some(ClientSortKey::Created))}
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| view! { <ClientRowView row/> }).collect_view()}
            </tbody>
        </table>
        </TableScroll>
    }
}

#[component]
fn ClientRowView(row: ClientRow) -> impl IntoView {
    let ui: ClientsUi = page_ui();
    let me = use_context::<StaffMe>();
    let can_edit = me.as_ref().is_some_and(|m| m.can(Permission::ClientsEdit));
    let style = me.map(|m| m.date_style).unwrap_or_default();
    let contact = format!("{} {}", row.first_name, row.last_name)
        .trim()
        .to_owned();
    let label = display_name(&row.first_name, &row.last_name, row.company.as_deref());
    let (created_day, created_full) = (style.date(row.created_at), style.timestamp(row.created_at));
    let id = row.id;
    view! {
        <tr data-client-id=id.to_string() tabindex="-1">
            <td><a href=format!("/admin/clients/{id}")>{contact}</a></td>
            <td data-label="Company">{row.company.unwrap_or_default()}</td>
            <td class="nowrap" data-label="Tax ID">{row.tax_id.unwrap_or_default()}</td>
            <td data-label="Status"><ClientStatusBadge status=row.status/></td>
            <td data-label="Owner">
                {row.owner.map(|o| view! {
                    <span class="owner-cell">{o.name}<br/><small>{o.email}</small></span>
                })}
            </td>
            <td class="num" data-label="Users"><span class="count">{row.users}</span></td>
            <td class="nowrap" data-label="Created"><time datetime=row.created_at.to_rfc3339() title=created_full>{created_day}</time></td>
            <td class="nowrap row-actions">
                {can_edit.then(|| view! {
                    <button type="button" class="icon" aria-label=format!("Edit {label}") title="Edit" data-shortcut="edit"
                        on:click=move |_| ui.open(Dialog::Edit(id))><Icon svg=lucide::PENCIL/></button>
                })}
            </td>
        </tr>
    }
}
