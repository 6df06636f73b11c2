use super::icon::{lucide, Icon};
use super::theme_toggle::ThemeToggle;
use super::ErrorPage;
use crate::api::{current_staff, StaffSignOut};
use crate::model::{AppError, StaffMe};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_router::components::{Outlet, Redirect, A};

/// The frame of every `/admin` page: navigation, the signed-in staff member, sign-out. The
/// server already redirects signed-out requests; this covers sessions that end mid-visit.
#[component]
pub fn AdminShell() -> impl IntoView {
    let me = Resource::new(|| (), |_| current_staff());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match me.await {
                    Ok(me) => view! { <Frame me/> }.into_any(),
                    Err(AppError::Unauthorized(_)) => view! { <Redirect path="/admin/login"/> }.into_any(),
                    Err(e) => view! { <main class="centered"><ErrorPage error=e/></main> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn Frame(me: StaffMe) -> impl IntoView {
    let sign_out = ServerAction::<StaffSignOut>::new();
    let staff_label = format!("{} ({})", me.name, me.role);
    let can_view_users = me.can(crate::model::Permission::UsersView);
    let can_view_clients = me.can(crate::model::Permission::ClientsView);
    let can_audit = me.can(crate::model::Permission::AuditView);
    let can_manage_staff = me.can(crate::model::Permission::StaffManage);
    let can_read_mail = me.can(crate::model::Permission::MailView);
    provide_context(me);
    super::live::Live::provide();
    // Phones: the menu opens over the page and closes once a page is chosen.
    let menu_open = RwSignal::new(false);
    view! {
        <div class="admin" class:nav-open=menu_open>
            <header class="topbar">
                <button type="button" class="menu-button" aria-controls="main-menu"
                    aria-expanded=move || menu_open.get().to_string()
                    on:click=move |_| menu_open.update(|open| *open = !*open)>
                    <Icon svg=lucide::MENU/>"Menu"
                </button>
                <a class="brand" href="/admin">"Roster"</a>
                <super::live::LiveIndicator/>
                <a class="who" href="/admin/profile" title="My profile" data-testid="staff-name"><Icon svg=lucide::USER_ROUND/>{staff_label}</a>
                <super::shortcuts::Shortcuts/>
                <ThemeToggle/>
                <ActionForm action=sign_out>
                    <button type="submit" class="link"><Icon svg=lucide::LOG_OUT/>"Log out"</button>
                </ActionForm>
            </header>
            <nav class="sidebar" id="main-menu" aria-label="Main" on:click=move |_| menu_open.set(false)>
                <ul>
                    <li><A href="/admin" exact=true><Icon svg=lucide::LAYOUT_DASHBOARD/>"Dashboard"</A></li>
                </ul>
                {(can_view_users || can_view_clients).then(|| view! {
                    <p class="nav-group" id="nav-clients">"Clients"</p>
                    <ul aria-labelledby="nav-clients">
                        {can_view_users.then(|| view! { <li><A href="/admin/users"><Icon svg=lucide::USERS/>"Manage Users"</A></li> })}
                        {can_view_clients.then(|| view! { <li><A href="/admin/clients"><Icon svg=lucide::BUILDING_2/>"Manage Clients"</A></li> })}
                    </ul>
                })}
                {(can_audit || can_manage_staff || can_read_mail).then(|| view! {
                    <p class="nav-group" id="nav-system">"System"</p>
                    <ul aria-labelledby="nav-system">
                        {can_audit.then(|| view! { <li><A href="/admin/activity"><Icon svg=lucide::HISTORY/>"Activity"</A></li> })}
                        {can_read_mail.then(|| view! { <li><A href="/admin/mail"><Icon svg=lucide::MAIL/>"Mail log"</A></li> })}
                        {can_manage_staff.then(|| view! {
                            <li><A href="/admin/staff"><Icon svg=lucide::USER_COG/>"Staff"</A></li>
                            <li><A href="/admin/roles"><Icon svg=lucide::SHIELD/>"Roles"</A></li>
                        })}
                    </ul>
                })}
            </nav>
            <main class="content">
                <Outlet/>
            </main>
        </div>
    }
}
