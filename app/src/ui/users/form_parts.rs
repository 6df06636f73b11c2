//! Pieces of the Create / Edit User form: the status choice, and what the conflict notice
//! says of a save that found the user changed by someone else.
use crate::model::user_form::{EditConflict, FieldError, UserForm};
use crate::model::user_list::UserStatus;
use crate::model::{Keyed, Labelled, VariantArray};
use crate::ui::conflict_notice::OtherSave;
use leptos::prelude::*;

#[component]
pub fn StatusField(
    form: RwSignal<UserForm>,
    was_new: bool,
    errors: RwSignal<Vec<FieldError>>,
) -> impl IntoView {
    let choices: Vec<UserStatus> = UserStatus::VARIANTS
        .iter()
        .copied()
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

/// What the conflict notice says of the other save.
pub fn other_save(c: &EditConflict) -> OtherSave {
    let theirs = &c.current.form;
    let phone = if theirs.phone.is_empty() {
        String::new()
    } else {
        format!(", {}", theirs.phone)
    };
    OtherSave {
        record: "user",
        by: c.by.clone(),
        at: c.at,
        theirs: format!(
            "{} {}, {}, {}{phone}",
            theirs.first_name,
            theirs.last_name,
            theirs.email,
            theirs.status.label()
        ),
    }
}
