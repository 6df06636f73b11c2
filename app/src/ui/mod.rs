//! Leptos components and pages (rendered on the server, hydrated in the browser).
mod activity;
mod admin_shell;
mod client_area;
mod clients;
mod dashboard;
mod dialogs;
mod edit_dialog;
mod error_page;
mod export_menu;
mod fetch_order;
mod fields;
mod form;
mod home;
mod icon;
mod list;
pub mod live;
mod mail;
mod modal;
pub mod passkeys;
mod profile;
mod roles;
mod shortcuts;
mod skeleton;
mod staff;
mod staff_enrol;
mod staff_invitation;
mod staff_login;
mod theme_toggle;
mod users;
mod versioned_save;

use crate::model::mail::LinkPurpose;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Html, MetaTags, Stylesheet, Title};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};

pub use error_page::{ErrorPage, NotFoundPage};

/// The HTML document around the app, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        // `lang` comes from the page: the staff console's English, the client area's language.
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <link rel="icon" href="/favicon.svg" type="image/svg+xml"/>
                <script src="/theme.js"></script>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    view! {
        <Stylesheet id="roster" href="/pkg/roster.css"/>
        <Title formatter=|page: String| format!("{page} · Roster")/>
        // Pages a signed-in caller may still be refused (a sign-in step, the account, the
        // activity log without `audit.view`) render whole before answering (SsrMode::Async):
        // their status (401, 403, a redirect) is then decided by the session, never by timing.
        // The lists stream in order: their rows are in the HTML itself, so a search works
        // before hydration and without JavaScript.
        <Router>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <ParentRoute path=path!("") view=client_area::ClientArea>
                    <Route path=path!("/") view=home::HomePage/>
                    <Route path=path!("/login") view=client_area::UserLoginPage/>
                    <Route path=path!("/login/code") view=client_area::UserCodePage ssr=SsrMode::Async/>
                    <Route path=path!("/login/enrol") view=client_area::UserEnrolPage ssr=SsrMode::Async/>
                    <Route path=path!("/account") view=client_area::AccountPage ssr=SsrMode::Async/>
                    <Route path=path!("/account/2fa") view=client_area::UserEnrolPage ssr=SsrMode::Async/>
                    <Route path=path!("/forgot-password") view=client_area::ForgotPasswordPage/>
                    <Route path=path!("/reset-password/:token") view=|| view! { <client_area::LinkPasswordPage purpose=LinkPurpose::ResetPassword/> } ssr=SsrMode::Async/>
                    <Route path=path!("/invitation/:token") view=|| view! { <client_area::LinkPasswordPage purpose=LinkPurpose::Invitation/> } ssr=SsrMode::Async/>
                    <Route path=path!("/verify-email/:token") view=client_area::VerifyEmailPage ssr=SsrMode::Async/>
                </ParentRoute>
                <ParentRoute path=path!("/admin") view=StaffArea>
                    <Route path=path!("/login") view=staff_login::StaffLoginPage/>
                    <Route path=path!("/login/code") view=staff_login::StaffCodePage ssr=SsrMode::Async/>
                    <Route path=path!("/login/enrol") view=staff_enrol::StaffEnrolPage ssr=SsrMode::Async/>
                    <Route path=path!("/invitation/:token") view=staff_invitation::StaffInvitationPage ssr=SsrMode::Async/>
                    <ParentRoute path=path!("") view=admin_shell::AdminShell>
                        <Route path=path!("") view=dashboard::DashboardPage/>
                        <Route path=path!("users") view=users::ManageUsersPage ssr=SsrMode::InOrder/>
                        <Route path=path!("users/import") view=users::ImportUploadPage ssr=SsrMode::Async/>
                        <Route path=path!("users/import/:id") view=users::ImportPage ssr=SsrMode::Async/>
                        <Route path=path!("activity") view=activity::ActivityPage ssr=SsrMode::Async/>
                        <Route path=path!("staff") view=staff::StaffPage ssr=SsrMode::Async/>
                        <Route path=path!("roles") view=roles::RolesPage ssr=SsrMode::Async/>
                        <Route path=path!("profile") view=profile::ProfilePage ssr=SsrMode::Async/>
                        <Route path=path!("mail") view=mail::MailLogPage ssr=SsrMode::Async/>
                        <Route path=path!("clients") view=clients::ManageClientsPage ssr=SsrMode::InOrder/>
                        <Route path=path!("clients/:id") view=clients::ClientPage/>
                    </ParentRoute>
                </ParentRoute>
            </Routes>
        </Router>
    }
}

/// Around every staff page: the staff console is in English.
#[component]
fn StaffArea() -> impl IntoView {
    view! {
        <Html attr:lang="en"/>
        <Outlet/>
    }
}
