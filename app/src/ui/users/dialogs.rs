//! Which Manage Users dialog is open, the toast that reports a finished change, and the
//! list refresh after one: shared by the page, its rows and its dialogs through context.
use super::delete::DeleteUserDialog;
use super::user_clients::UserClientsDialog;
use super::user_form::UserFormDialog;
use leptos::prelude::*;
use std::time::Duration;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Dialog {
    Create,
    Edit(Uuid),
    Delete { id: Uuid, name: String },
    Clients(Uuid),
}

#[derive(Clone, Copy)]
pub struct UsersUi {
    pub dialog: RwSignal<Option<Dialog>>,
    toast: RwSignal<Option<String>>,
    refresh: Callback<()>,
}

impl UsersUi {
    pub fn provide(refresh: Callback<()>) -> Self {
        let ui = Self {
            dialog: RwSignal::new(None),
            toast: RwSignal::new(None),
            refresh,
        };
        provide_context(ui);
        ui
    }

    pub fn open(&self, dialog: Dialog) {
        self.dialog.set(Some(dialog));
    }

    pub fn close(&self) {
        self.dialog.set(None);
    }

    /// A change went through: close the dialog, say so, and show the list as it is now.
    pub fn done(&self, message: &str) {
        self.close();
        self.refresh.run(());
        self.toast.set(Some(message.to_owned()));
        let toast = self.toast;
        set_timeout(move || toast.set(None), Duration::from_secs(4));
    }
}

pub fn users_ui() -> UsersUi {
    expect_context::<UsersUi>()
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
        })}
        <p class="toast" aria-live="polite" class:shown=move || ui.toast.get().is_some()>
            {move || ui.toast.get()}
        </p>
    }
}
