//! A client's page: who the client is, and tabs; the Users tab is Roster's part.
use super::associate::AssociateDialog;
use super::client_form::ClientFormDialog;
use super::membership::{MakeOwnerDialog, RemoveUserDialog};
use super::permissions::EditPermissionsDialog;
use super::users_tab::UsersTab;
use super::ClientStatusBadge;
use crate::api::load_client;
use crate::model::client_page::{ClientDetail, ClientUser};
use crate::model::{Permission, StaffMe};
use crate::ui::dialogs::{page_ui, PageUi};
use crate::ui::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

/// The dialogs of a client's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    Edit,
    Associate,
    Permissions(ClientUser),
    MakeOwner(ClientUser),
    Remove(ClientUser),
}

pub type ClientPageUi = PageUi<Dialog>;

pub fn client_page_ui() -> ClientPageUi {
    page_ui()
}

const TABS: [&str; 5] = ["Users", "Profile", "Services", "Invoices", "Tickets"];

#[component]
pub fn ClientPage() -> impl IntoView {
    let params = use_params_map();
    let id =
        Memo::new(move |_| params.with(|p| p.get("id").and_then(|s| Uuid::parse_str(&s).ok())));
    let detail = Resource::new(
        move || id.get(),
        |id| async move {
            match id {
                Some(id) => load_client(id).await,
                None => Err(crate::model::AppError::NotFound),
            }
        },
    );
    if let Some(live) = crate::ui::live::use_live() {
        use crate::model::live::ChangeKind;
        // This client (its associations included), or one of its members.
        let shows = move |kind, changed| match kind {
            ChangeKind::Client => Some(changed) == id.get_untracked(),
            ChangeKind::User => detail.with_untracked(
                |d| matches!(d, Some(Ok(c)) if c.users.iter().any(|u| u.id == changed)),
            ),
            ChangeKind::Staff | ChangeKind::Job => false,
        };
        live.refetch_when(
            move |c| {
                matches!(c.kind, ChangeKind::Client | ChangeKind::User)
                    && c.id.is_none_or(|changed| shows(c.kind, changed))
            },
            move || detail.refetch(),
        );
    }
    let ui = ClientPageUi::provide(Callback::new(move |_| detail.refetch()));
    // Outside the reloading part: a refetch (live or after a change) keeps the tab and any
    // open dialog as they are.
    let tab = RwSignal::new(TABS[0]);
    let close = Callback::new(move |_| ui.close());
    let done = Callback::new(move |message: &'static str| ui.done(message));
    view! {
        <Transition fallback=|| view! { <p class="loading">"Loading client…"</p> }>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(client) => view! { <ClientView client tab/> }.into_any(),
                    Err(e) => view! { <Title text="Client"/><ErrorPage error=e/> }.into_any(),
                }
            })}
        </Transition>
        {move || ui.dialog.get().zip(id.get()).map(|(d, id)| match d {
            Dialog::Edit => view! { <ClientFormDialog editing=Some(id) on_close=close on_done=done/> }.into_any(),
            Dialog::Associate => view! { <AssociateDialog client=id/> }.into_any(),
            Dialog::Permissions(user) => view! { <EditPermissionsDialog client=id user/> }.into_any(),
            Dialog::MakeOwner(user) => view! { <MakeOwnerDialog client=id user/> }.into_any(),
            Dialog::Remove(user) => view! { <RemoveUserDialog client=id user/> }.into_any(),
        })}
        {ui.toast()}
    }
}

#[component]
fn ClientView(client: ClientDetail, tab: RwSignal<&'static str>) -> impl IntoView {
    let ui = client_page_ui();
    let me = use_context::<StaffMe>();
    let can_edit = me
        .as_ref()
        .is_some_and(|me| me.can(Permission::ClientsEdit));
    let can_audit = me.is_some_and(|me| me.can(Permission::AuditView));
    let id = client.id;
    let contact = format!("{} {}", client.first_name, client.last_name)
        .trim()
        .to_owned();
    view! {
        <Title text=client.name.clone()/>
        <p class="crumbs"><a href="/admin/clients">"Manage Clients"</a>" / "{client.name.clone()}</p>
        <div class="page-head">
            <h1>{client.name.clone()}" "<ClientStatusBadge status=client.status/></h1>
            {can_edit.then(|| view! {
                <button type="button" on:click=move |_| ui.open(Dialog::Edit)>"Edit client"</button>
            })}
        </div>
        <dl class="facts">
            <dt>"Contact"</dt><dd>{contact}</dd>
            <dt>"Company"</dt><dd>{client.company.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"Tax ID"</dt><dd>{client.tax_id.clone().unwrap_or_else(|| "—".into())}</dd>
            <dt>"UUID"</dt><dd><code>{id.to_string()}</code></dd>
        </dl>
        {can_audit.then(|| view! {
            <p><a href=format!("/admin/activity?target={id}")>"This client's history"</a></p>
        })}
        <div class="tabs" role="tablist" aria-label="Client">
            {TABS.into_iter().map(|name| view! {
                <button type="button" role="tab" id=format!("tab-{name}")
                    aria-selected=move || (tab.get() == name).to_string()
                    on:click=move |_| tab.set(name)>{name}</button>
            }).collect_view()}
        </div>
        <section role="tabpanel" aria-labelledby=move || format!("tab-{}", tab.get())>
            {move || if tab.get() == "Users" {
                view! { <UsersTab client=client.clone()/> }.into_any()
            } else {
                view! { <p class="notice">{format!("{} is not part of Roster yet.", tab.get())}</p> }.into_any()
            }}
        </section>
    }
}
