//! User Clients (the eye in Manage Users): the user's details and their clients with status
//! and OWNER badges. Close returns focus to the eye.
use super::dialogs::users_ui;
use crate::api::user_clients_of;
use crate::model::live::ChangeKind;
use crate::ui::clients::ClientStatusBadge;
use crate::ui::fields::CopyButton;
use crate::ui::live::use_live;
use crate::ui::modal::Modal;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn UserClientsDialog(id: Uuid) -> impl IntoView {
    let ui = users_ui();
    let data = Resource::new(move || id, user_clients_of);
    if let Some(live) = use_live() {
        // Their associations, badges and clients' names: any client, or this user.
        live.refetch_when(
            move |c| {
                c.kind == ChangeKind::Client
                    || (c.kind == ChangeKind::User && c.id.is_none_or(|u| u == id))
            },
            move || data.refetch(),
        );
    }
    let close = Callback::new(move |_| ui.close());
    view! {
        <Modal title="User Clients" on_close=close>
            <Transition fallback=|| view! { <p>"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(u) => view! {
                            <h3>"User Information"</h3>
                            <dl class="facts">
                                <dt>"UUID"</dt>
                                <dd>
                                    <code>{u.id.to_string()}</code>" "
                                    <CopyButton text=u.id.to_string() label="Copy UUID"/>
                                </dd>
                                <dt>"Name"</dt><dd>{u.name}</dd>
                                <dt>"Email"</dt><dd>{u.email}</dd>
                                <dt>"Phone"</dt><dd>{u.phone.unwrap_or_else(|| "—".into())}</dd>
                            </dl>
                            <h3>"Associated Clients"</h3>
                            {if u.clients.is_empty() {
                                view! { <p class="empty">"This user belongs to no clients."</p> }.into_any()
                            } else {
                                view! {
                                    <table class="list compact cards">
                                        <thead><tr>
                                            <th scope="col">"Client"</th><th scope="col">"Company"</th>
                                            <th scope="col">"Tax ID"</th><th scope="col">"Status"</th>
                                        </tr></thead>
                                        <tbody>
                                            {u.clients.into_iter().map(|c| {
                                                view! {
                                                <tr data-client-id=c.id.to_string()>
                                                    <td><a href=format!("/admin/clients/{}", c.id)>{c.name}</a></td>
                                                    <td data-label="Company">{c.company.unwrap_or_else(|| "—".into())}</td>
                                                    <td data-label="Tax ID">{c.tax_id.unwrap_or_else(|| "—".into())}</td>
                                                    <td class="nowrap" data-label="Status">
                                                        <ClientStatusBadge status=c.status/>
                                                        {c.owner.then(|| view! { " "<span class="badge owner">"OWNER"</span> })}
                                                    </td>
                                                </tr>
                                            }}).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                        }.into_any(),
                        Err(e) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
                    }
                })}
            </Transition>
            <div class="actions">
                <button type="button" on:click=move |_| ui.close()>"Close"</button>
            </div>
        </Modal>
    }
}
