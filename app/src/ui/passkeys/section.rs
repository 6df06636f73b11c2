//! The holder's passkeys with "Add a passkey": a name first (checked here, before the device
//! is asked), then the browser's prompt.
use super::flow::{self, PasskeyFailure};
use super::item::PasskeyItem;
use super::{locale, PasskeyError};
use crate::api::my_passkeys;
use crate::i18n::td_string;
use crate::model::messages::Message;
use crate::model::passkey::{PasskeyHolder, NAME_MAX};
use crate::model::AppError;
use crate::ui::form::FormError;
use leptos::prelude::*;

#[component]
pub fn PasskeysSection(holder: PasskeyHolder) -> impl IntoView {
    // Bumped by every change: the list reloads.
    let changed = RwSignal::new(0u32);
    let list = Resource::new(move || changed.get(), move |_| my_passkeys(holder));
    let name = RwSignal::new(String::new());
    let failure = RwSignal::new(None::<PasskeyFailure>);
    let add = Action::new_local(move |name: &String| flow::register(holder, name.clone()));
    Effect::new(move |_| match add.value().get() {
        Some(Ok(_)) => {
            name.set(String::new());
            changed.update(|n| *n += 1);
        }
        Some(Err(e)) => failure.set(Some(e)),
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let given = name.get_untracked();
        failure.set(if given.trim().is_empty() {
            let missing = AppError::validation("name", Message::PasskeyNameMissing);
            Some(PasskeyFailure::Server(missing))
        } else {
            None
        });
        if failure.get_untracked().is_none() {
            add.dispatch(given);
        }
    };
    let text = move |key: &str| match key {
        "heading" => td_string!(locale(), passkeys.heading).to_string(),
        "intro" => td_string!(locale(), passkeys.intro).to_string(),
        "none" => td_string!(locale(), passkeys.none).to_string(),
        "name" => td_string!(locale(), passkeys.name).to_string(),
        "placeholder" => td_string!(locale(), passkeys.name_placeholder).to_string(),
        _ => td_string!(locale(), passkeys.add).to_string(),
    };
    view! {
        <section class="card wide" aria-labelledby="passkeys-title" data-testid="passkeys">
            <h2 id="passkeys-title">{move || text("heading")}</h2>
            <p class="hint">{move || text("intro")}</p>
            <Transition fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(rows) if rows.is_empty() => view! { <p>{move || text("none")}</p> }.into_any(),
                        Ok(rows) => view! {
                            <ul class="passkeys">
                                {rows.into_iter().map(|row| view! { <PasskeyItem holder row changed/> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <FormError error=Signal::stored(Some(e))/> }.into_any(),
                    }
                })}
            </Transition>
            <form class="inline-form" on:submit=submit novalidate>
                <label for="passkey-name">{move || text("name")}</label>
                <input id="passkey-name" name="name" maxlength=NAME_MAX placeholder=move || text("placeholder")
                    prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))/>
                <button type="submit" disabled=move || add.pending().get() aria-busy=move || add.pending().get().then_some("true")>
                    {move || text("add")}
                </button>
            </form>
            <PasskeyError failure=failure/>
        </section>
    }
}
