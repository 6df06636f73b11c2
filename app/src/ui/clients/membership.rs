//! Moving ownership and removing a user: each confirmed in a dialog that says what happens.
use super::page::client_page_ui;
use crate::api::{make_client_owner, remove_client_user};
use crate::model::client_page::ClientUser;
use crate::model::AppError;
use crate::ui::form::FormError;
use crate::ui::modal::Modal;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn MakeOwnerDialog(client: Uuid, user: ClientUser) -> impl IntoView {
    let user_id = user.id;
    let act = Action::new(move |_: &()| make_client_owner(client, user_id));
    view! {
        <Confirm title=format!("Make {} the owner?", user.name) act done="Ownership moved" button="Make owner">
            <p>"The owner may do everything on this client. The current owner keeps an ordinary association with the permissions they had ticked."</p>
        </Confirm>
    }
}

#[component]
pub fn RemoveUserDialog(client: Uuid, user: ClientUser) -> impl IntoView {
    let user_id = user.id;
    let act = Action::new(move |_: &()| remove_client_user(client, user_id));
    view! {
        <Confirm title=format!("Remove {} from this client?", user.name) act done="User removed" button="Remove">
            <p>{format!("{} keeps their login and their other clients.", user.email)}</p>
        </Confirm>
    }
}

#[component]
fn Confirm(
    title: String,
    act: Action<(), Result<(), AppError>>,
    done: &'static str,
    button: &'static str,
    children: Children,
) -> impl IntoView {
    let ui = client_page_ui();
    Effect::new(move |_| {
        if let Some(Ok(())) = act.value().get() {
            ui.done(done);
        }
    });
    let error = Signal::derive(move || {
        act.value().get().and_then(Result::err).map(|e| match e {
            AppError::Fields(list) if !list.is_empty() => {
                AppError::validation("", list[0].message.clone())
            }
            e => e,
        })
    });
    let close = Callback::new(move |_| ui.close());
    view! {
        <Modal title on_close=close>
            {children()}
            <FormError error/>
            <div class="actions">
                <button type="button" on:click=move |_| ui.close()>"Cancel"</button>
                <button type="button" class="primary" disabled=move || act.pending().get() aria-busy=move || act.pending().get().then_some("true")
                    on:click=move |_| { act.dispatch(()); }>{button}</button>
            </div>
        </Modal>
    }
}
