//! The inputs of the console's forms (Create / Edit User and Client): each labelled, with its message underneath (announced,
//! and tied to the input with aria-describedby) once the field has been left or saved.
use crate::model::countries::COUNTRIES;
use crate::model::user_form::FieldError;
use leptos::prelude::*;

/// The message for `field`, if any.
pub fn message(errors: RwSignal<Vec<FieldError>>, field: &'static str) -> Signal<Option<String>> {
    Signal::derive(move || {
        errors.with(|all| {
            all.iter()
                .find(|e| e.field == field)
                .map(|e| e.message.to_string())
        })
    })
}

#[component]
pub fn FieldMessage(
    field: &'static str,
    errors: RwSignal<Vec<FieldError>>,
    /// What the form edits: input ids are `{scope}-{field}`.
    #[prop(default = "user")]
    scope: &'static str,
) -> impl IntoView {
    let text = message(errors, field);
    view! {
        <p class="field-error" id=format!("{scope}-{field}-error") aria-live="polite">{text}</p>
    }
}

#[component]
pub fn TextField(
    label: &'static str,
    field: &'static str,
    #[prop(into)] value: Signal<String>,
    set: Callback<String>,
    errors: RwSignal<Vec<FieldError>>,
    leave: Callback<&'static str>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] required: bool,
    #[prop(default = "user")] scope: &'static str,
) -> impl IntoView {
    let invalid = move || message(errors, field).get().is_some().to_string();
    view! {
        <div class="field">
            <label for=format!("{scope}-{field}")>{label}{required.then_some(" *")}</label>
            <input id=format!("{scope}-{field}") type=kind autocomplete=autocomplete required=required
                prop:value=value aria-invalid=invalid aria-describedby=format!("{scope}-{field}-error")
                on:input=move |ev| set.run(event_target_value(&ev))
                on:blur=move |_| leave.run(field)/>
            <FieldMessage field errors scope/>
        </div>
    }
}

/// Country (ISO code, name and dialling code: emoji flags show as boxes without a colour-emoji
/// font, and options cannot hold pictures) and the number as dialled there.
#[component]
pub fn PhoneField(
    #[prop(into)] region: Signal<String>,
    set_region: Callback<String>,
    #[prop(into)] number: Signal<String>,
    set_number: Callback<String>,
    errors: RwSignal<Vec<FieldError>>,
    leave: Callback<&'static str>,
) -> impl IntoView {
    let invalid = move || message(errors, "phone").get().is_some().to_string();
    view! {
        <fieldset class="field phone">
            <legend>"Phone Number"</legend>
            <select aria-label="Country" prop:value=region
                on:change=move |ev| { set_region.run(event_target_value(&ev)); leave.run("phone"); }>
                <option value="">"Country…"</option>
                {COUNTRIES.iter().map(|(code, name, dial)| view! {
                    <option value=*code>{format!("{code} · {name} (+{dial})")}</option>
                }).collect_view()}
            </select>
            <input id="user-phone" type="tel" aria-label="Number" autocomplete="off" prop:value=number
                aria-invalid=invalid aria-describedby="user-phone-error"
                on:input=move |ev| set_number.run(event_target_value(&ev))
                on:blur=move |_| leave.run("phone")/>
            <FieldMessage field="phone" errors/>
        </fieldset>
    }
}

#[component]
pub fn CheckField(
    label: &'static str,
    id: &'static str,
    #[prop(into)] checked: Signal<bool>,
    set: Callback<bool>,
) -> impl IntoView {
    view! {
        <div class="field check">
            <input id=id type="checkbox" prop:checked=checked
                on:change=move |ev| set.run(event_target_checked(&ev))/>
            <label for=id>{label}</label>
        </div>
    }
}

/// Copies `text` to the clipboard and says so; `label` names what is copied.
#[component]
pub fn CopyButton(text: String, label: &'static str) -> impl IntoView {
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let clipboard = window().navigator().clipboard();
        let _ = clipboard.write_text(&text);
        copied.set(true);
    };
    view! {
        <button type="button" class="link" on:click=copy aria-label=label>
            {move || if copied.get() { "Copied" } else { "Copy" }}
        </button>
    }
}
