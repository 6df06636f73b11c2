//! The dialogs of Manage Users.
use super::bulk_dialog::BulkDialog;
use super::delete::DeleteUserDialog;
use super::user_clients::UserClientsDialog;
use super::user_form::UserFormDialog;
use crate::model::job::{BulkActionKind, BulkSelection};
use crate::ui::dialogs::{page_ui, PageUi};
use leptos::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    Create,
    Edit(Uuid),
    Delete {
        id: Uuid,
        name: String,
    },
    Clients(Uuid),
    SignInAs {
        id: Uuid,
        name: String,
    },
    Bulk {
        action: BulkActionKind,
        selection: BulkSelection,
    },
}

pub type UsersUi = PageUi<Dialog>;

pub fn users_ui() -> UsersUi {
    page_ui()
}

#[component]
pub fn DialogHost() -> impl IntoView {
    let ui = users_ui();
    view! {
        {move || ui.dialog.get().map(|d| match d {
            Dialog::Create => view! { <UserFormDialog editing=None/> }.into_any(),
            Dialog::Edit(id) => view! { <UserFormDialog editing=Some(id)/> }.into_any(),
            Dialog::Delete { id, name } => view! { <DeleteUserDialog id name/> }.into_any(),
            Dialog::Clients(id) => view! { <UserClientsDialog id/> }.into_any(),
            Dialog::SignInAs { id, name } => view! { <super::sign_in_as::SignInAsDialog id name/> }.into_any(),
            Dialog::Bulk { action, selection } => view! { <BulkDialog action selection/> }.into_any(),
        })}
        {ui.toast()}
    }
}
