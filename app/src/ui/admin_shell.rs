use super::ErrorPage;
use crate::api::{current_staff, StaffSignOut};
use crate::model::{AppError, StaffMe};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
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
    let can_audit = me.can(crate::model::Permission::AuditView);
    let can_manage_staff = me.can(crate::model::Permission::StaffManage);
    provide_context(me);
    super::live::Live::provide();
    view! {
        <div class="admin">
            <header class="topbar">
                <a class="brand" href="/admin">"Roster"</a>
                <super::live::LiveIndicator/>
                <span class="who" data-testid="staff-name">{staff_label}</span>
                <ActionForm action=sign_out>
                    <button type="submit" class="link">"Log out"</button>
                </ActionForm>
            </header>
            <nav class="sidebar" aria-label="Main">
                <p class="nav-group" id="nav-clients">"Clients"</p>
                <ul aria-labelledby="nav-clients">
                    <li><A href="/admin/users">"Manage Users"</A></li>
                    <li><A href="/admin/clients">"Manage Clients"</A></li>
                </ul>
                {(can_audit || can_manage_staff).then(|| view! {
                    <p class="nav-group" id="nav-system">"System"</p>
                    <ul aria-labelledby="nav-system">
                        {can_audit.then(|| view! { <li><A href="/admin/activity">"Activity"</A></li> })}
                        {can_manage_staff.then(|| view! { <li><A href="/admin/staff">"Staff"</A></li> })}
                    </ul>
                })}
            </nav>
            <main class="content">
                <Outlet/>
            </main>
        </div>
    }
}

#[component]
pub fn AdminHome() -> impl IntoView {
    let me = use_context::<StaffMe>();
    let name = me.map(|m| m.name).unwrap_or_default();
    view! {
        <Title text="Dashboard"/>
        <h1>"Welcome, " {name}</h1>
        <p>"Choose a page under Clients in the menu."</p>
    }
}
