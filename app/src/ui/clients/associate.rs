//! The Associate User dialog: a picker that searches users on the server as staff type (never
//! loads them all), the Owner toggle, and the permissions.
use super::page::client_page_ui;
use super::permissions::PermissionChecks;
use crate::api::{associate_user, pick_users};
use crate::model::client_page::{AssociateOutcome, UserChoice};
use crate::model::user_list::UserStatus;
use crate::model::AppError;
use crate::ui::form::FormError;
use crate::ui::modal::Modal;
use leptos::prelude::*;
use std::time::Duration;
use uuid::Uuid;

const PICKER_DEBOUNCE: Duration = Duration::from_millis(150);

#[component]
pub fn AssociateDialog(client: Uuid) -> impl IntoView {
    let ui = client_page_ui();
    let (term, set_term) = signal(String::new());
    let typing = StoredValue::new(None::<TimeoutHandle>);
    let choices = Resource::new(move || term.get(), move |t| pick_users(client, t));
    let chosen = RwSignal::new(None::<UserChoice>);
    let owner = RwSignal::new(false);
    let permissions = RwSignal::new(Vec::new());
    let problem = RwSignal::new(None::<String>);
    let save = Action::new(move |user: &Uuid| {
        associate_user(
            client,
            *user,
            owner.get_untracked(),
            permissions.get_untracked(),
        )
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(AssociateOutcome::Done)) => ui.done("User associated"),
        Some(Ok(AssociateOutcome::UserInactive)) => {
            ui.done("User associated. Note: the user is INACTIVE and cannot sign in.")
        }
        Some(Err(AppError::Fields(list))) => {
            problem.set(list.first().map(|e| e.message.to_string()))
        }
        _ => {}
    });
    let failure = Signal::derive(move || match save.value().get() {
        Some(Err(AppError::Fields(_))) | None | Some(Ok(_)) => None,
        Some(Err(e)) => Some(e),
    });
    let on_input = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        if let Some(handle) = typing.get_value() {
            handle.clear();
        }
        typing.set_value(set_timeout_with_handle(move || set_term.set(text), PICKER_DEBOUNCE).ok());
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match chosen.get_untracked() {
            Some(user) => {
                problem.set(None);
                save.dispatch(user.id);
            }
            None => problem.set(Some(
                "Choose a user: type part of their name or email.".into(),
            )),
        }
    };
    let close = Callback::new(move |_| ui.close());
    view! {
        <Modal title="Associate User" on_close=close>
            <form class="user-form" on:submit=submit novalidate>
                <div class="field">
                    <label for="pick-user">"User"</label>
                    <input id="pick-user" type="search" autocomplete="off" placeholder="Name or email"
                        aria-describedby="pick-user-error" on:input=on_input/>
                    <p class="field-error" id="pick-user-error" aria-live="polite">{move || problem.get()}</p>
                </div>
                <Transition fallback=|| ()>
                    {move || Suspend::new(async move {
                        match choices.await {
                            Ok(list) => view! { <Choices list chosen term/> }.into_any(),
                            // A failed search is not "no users match".
                            Err(e) => view! {
                                <p class="form-error" role="alert">{format!("Users could not be searched: {e}")}</p>
                            }.into_any(),
                        }
                    })}
                </Transition>
                {move || chosen.get().filter(|c| c.status == UserStatus::Inactive).map(|c| view! {
                    <p class="warning" role="status">
                        {format!("{} is INACTIVE: they can be associated but cannot sign in until activated.", c.name)}
                    </p>
                })}
                <div class="field check">
                    <input id="assoc-owner" type="checkbox" prop:checked=owner
                        on:change=move |ev| owner.set(event_target_checked(&ev))/>
                    <label for="assoc-owner">"Owner (may do everything; replaces the current owner)"</label>
                </div>
                <PermissionChecks chosen=permissions locked=owner/>
                <FormError error=failure/>
                <div class="actions">
                    <button type="button" on:click=move |_| ui.close()>"Cancel"</button>
                    <button type="submit" class="primary" disabled=move || save.pending().get() aria-busy=move || save.pending().get().then_some("true")>"Associate"</button>
                </div>
            </form>
        </Modal>
    }
}

/// The matching users as a radio group; one already on the client cannot be chosen again.
#[component]
fn Choices(
    list: Vec<UserChoice>,
    chosen: RwSignal<Option<UserChoice>>,
    term: ReadSignal<String>,
) -> impl IntoView {
    if list.is_empty() {
        let text = if term.get_untracked().trim().is_empty() {
            "Type to search users."
        } else {
            "No users match."
        };
        return view! { <p class="hint">{text}</p> }.into_any();
    }
    view! {
        <fieldset class="choices">
            <legend class="visually-hidden">"Matching users"</legend>
            {list.into_iter().map(|c| {
                let id = format!("choice-{}", c.id);
                let (picked, this) = (c.id, c.clone());
                let label = format!(
                    "{} <{}>{}",
                    c.name,
                    c.email,
                    if c.associated { " (already associated)" } else { "" }
                );
                view! {
                    <div class="check">
                        <input type="radio" name="user" id=id.clone() disabled=c.associated
                            prop:checked=move || chosen.with(|x| x.as_ref().is_some_and(|x| x.id == picked))
                            on:change=move |_| chosen.set(Some(this.clone()))/>
                        <label for=id>{label}</label>
                    </div>
                }
            }).collect_view()}
        </fieldset>
    }
    .into_any()
}
