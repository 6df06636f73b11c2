//! Pieces of the Create / Edit User form: the status choice, and the notice of a save that
//! found the user changed by someone else.
use crate::model::user_form::{EditConflict, FieldError, UserForm};
use crate::model::user_list::{TwoFactorState, UserStatus};
use crate::model::AppError;
use leptos::prelude::*;

#[component]
pub fn StatusField(
    form: RwSignal<UserForm>,
    was_new: bool,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let choices: Vec<UserStatus> = UserStatus::ALL
        .into_iter()
        .filter(|s| *s != UserStatus::New || was_new)
        .collect();
    view! {
        <div class="field">
            <label for="user-status">"Status"</label>
            <select id="user-status" prop:value=move || form.with(|f| f.status.key())
                on:change=move |ev| {
                    let chosen = UserStatus::from_key(&event_target_value(&ev)).unwrap_or_default();
                    form.update(|f| f.status = chosen);
                }>
                {choices.into_iter().map(|s| view! { <option value=s.key()>{s.label()}</option> }).collect_view()}
            </select>
            <crate::ui::fields::FieldMessage field="status" errors/>
        </div>
    }
}

/// "This user was changed by Bea at …": their version, and the choice between taking it and
/// overwriting it knowingly.
#[component]
pub fn ConflictNotice(
    conflict: RwSignal<Option<EditConflict>>,
    form: RwSignal<UserForm>,
    version: RwSignal<i32>,
    two_factor: RwSignal<TwoFactorState>,
    save: Action<bool, Result<(), AppError>>,
) -> impl IntoView {
    move || {
        conflict.get().map(|c| {
            let theirs = c.current.form.clone();
            let summary = format!(
                "Their version: {} {}, {}, {}{}.",
                theirs.first_name,
                theirs.last_name,
                theirs.email,
                theirs.status.label(),
                if theirs.phone.is_empty() { String::new() } else { format!(", {}", theirs.phone) }
            );
            let at = c.at.get(..19).unwrap_or(&c.at).replace('T', " ");
            let (their_form, their_version) = (c.current.form.clone(), c.current.version);
            let their_two_factor = c.current.two_factor;
            view! {
                <div class="conflict" role="alert">
                    <p><strong>{format!("This user was changed by {} at {at} UTC.", c.by)}</strong></p>
                    <p>{summary}</p>
                    <button type="button" on:click=move |_| {
                        form.set(their_form.clone());
                        version.set(their_version);
                        two_factor.set(their_two_factor);
                        conflict.set(None);
                    }>"Load their version"</button>
                    <button type="button" class="danger" on:click=move |_| {
                        conflict.set(None);
                        save.dispatch(true);
                    }>"Overwrite with mine"</button>
                </div>
            }
        })
    }
}
