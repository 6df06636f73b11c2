//! The status choice of the Create / Edit User form.
use crate::model::user_form::{FieldError, UserForm};
use crate::model::user_list::UserStatus;
use crate::model::{Keyed, Labelled, VariantArray};
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
