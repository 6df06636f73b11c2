//! One passkey in its holder's list: when it was added and last used; rename in place; remove
//! behind a confirmation that names it.
use super::{locale, when};
use crate::api::{remove_my_passkey, rename_my_passkey};
use crate::i18n::{td, td_string};
use crate::model::passkey::{PasskeyHolder, PasskeyRow, NAME_MAX};
use crate::ui::form::FormError;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Showing,
    Renaming,
    Removing,
}

#[component]
pub fn PasskeyItem(
    holder: PasskeyHolder,
    row: PasskeyRow,
    changed: RwSignal<u32>,
) -> impl IntoView {
    let mode = RwSignal::new(Mode::Showing);
    let id = row.id;
    let name = RwSignal::new(row.name.clone());
    let rename = Action::new(move |name: &String| rename_my_passkey(holder, id, name.clone()));
    let remove = Action::new(move |_: &()| remove_my_passkey(holder, id));
    Effect::new(move |_| {
        let renamed = matches!(rename.value().get(), Some(Ok(_)));
        if renamed || matches!(remove.value().get(), Some(Ok(()))) {
            changed.update(|n| *n += 1);
        }
    });
    let error = Signal::derive(move || {
        let renamed = rename.value().get().and_then(Result::err);
        renamed.or_else(|| remove.value().get().and_then(Result::err))
    });
    let saved = row.name.clone();
    let added = when(row.created_at);
    let used = row.last_used_at.map(when);
    let dates = move || {
        let (l, added) = (locale(), added.clone());
        let used = match used.clone() {
            Some(at) => td!(l, passkeys.last_used, date = move || at.clone()).into_any(),
            None => td_string!(l, passkeys.never_used).into_any(),
        };
        view! { {td!(l, passkeys.added, date = move || added.clone())}" · "{used} }
    };
    let text = move |key: &str| match key {
        "rename" => td_string!(locale(), passkeys.rename).to_string(),
        "save" => td_string!(locale(), passkeys.save).to_string(),
        "cancel" => td_string!(locale(), passkeys.cancel).to_string(),
        "keep" => td_string!(locale(), passkeys.keep).to_string(),
        _ => td_string!(locale(), passkeys.remove).to_string(),
    };
    let confirm = {
        let saved = saved.clone();
        move || {
            let saved = saved.clone();
            td!(
                locale(),
                passkeys.remove_confirm,
                name = move || saved.clone()
            )
        }
    };
    view! {
        <li data-testid="passkey">
            {move || match mode.get() {
                Mode::Renaming => view! {
                    <form class="inline-form" on:submit=move |ev| { ev.prevent_default(); rename.dispatch(name.get_untracked()); }>
                        <input aria-label=move || text("rename") maxlength=NAME_MAX prop:value=move || name.get()
                            on:input=move |ev| name.set(event_target_value(&ev))/>
                        <button type="submit" class="primary" disabled=move || rename.pending().get()>{move || text("save")}</button>
                        <button type="button" on:click=move |_| mode.set(Mode::Showing)>{move || text("cancel")}</button>
                    </form>
                }.into_any(),
                Mode::Removing => view! {
                    <div class="confirm" role="alertdialog">
                        <p>{confirm.clone()}</p>
                        <button type="button" on:click=move |_| mode.set(Mode::Showing)>{move || text("keep")}</button>
                        <button type="button" class="danger" disabled=move || remove.pending().get()
                            on:click=move |_| { remove.dispatch(()); }>{move || text("remove")}</button>
                    </div>
                }.into_any(),
                Mode::Showing => view! {
                    <strong>{saved.clone()}</strong>
                    <span class="hint">{dates.clone()}</span>
                    <span class="actions">
                        <button type="button" on:click=move |_| mode.set(Mode::Renaming)>{move || text("rename")}</button>
                        <button type="button" class="danger" on:click=move |_| mode.set(Mode::Removing)>{move || text("remove")}</button>
                    </span>
                }.into_any(),
            }}
            <FormError error/>
        </li>
    }
}
