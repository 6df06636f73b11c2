//! The password input of Create / Edit User: a strength meter (zxcvbn, on the server, as the
//! staff member types) and a "Generate" button that fills in a strong random password and
//! shows it.
use crate::api::password_strength;
use crate::model::user_form::{FieldError, UserForm};
use crate::ui::fields::{message, FieldMessage};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::time::Duration;

const LABELS: [&str; 5] = ["Very weak", "Weak", "Fair", "Strong", "Very strong"];

#[component]
pub fn PasswordField(
    form: RwSignal<UserForm>,
    errors: RwSignal<Vec<FieldError>>,
    leave: Callback<&'static str>,
    /// Editing: empty keeps the current password.
    keep_hint: bool,
) -> impl IntoView {
    let shown = RwSignal::new(false);
    let strength = RwSignal::new(None::<u8>);
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let asked = StoredValue::new(0u32);
    let measure = move |password: String| {
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        if password.is_empty() {
            strength.set(None);
            return;
        }
        let context = form
            .with_untracked(|f| vec![f.email.clone(), f.first_name.clone(), f.last_name.clone()]);
        let run = move || {
            asked.update_value(|n| *n += 1);
            let mine = asked.get_value();
            spawn_local(async move {
                // Only the answer to the latest password counts.
                if let Ok(score) = password_strength(password, context).await {
                    if asked.get_value() == mine {
                        strength.set(Some(score));
                    }
                }
            });
        };
        timer.set_value(set_timeout_with_handle(run, Duration::from_millis(250)).ok());
    };
    let generate = move |_| {
        let password = random_password();
        form.update(|f| f.password = password.as_str().into());
        shown.set(true);
        measure(password);
        leave.run("password");
    };
    let invalid = move || message(errors, "password").get().is_some().to_string();
    view! {
        <div class="field">
            <label for="user-password">"Password"{(!keep_hint).then_some(" *")}</label>
            <div class="password-row">
                <input id="user-password" type=move || if shown.get() { "text" } else { "password" }
                    autocomplete="new-password" prop:value=move || form.with(|f| f.password.to_string())
                    aria-invalid=invalid aria-describedby="user-password-error user-password-strength"
                    on:input=move |ev| {
                        let value = event_target_value(&ev);
                        form.update(|f| f.password = value.as_str().into());
                        measure(value);
                    }
                    on:blur=move |_| leave.run("password")/>
                <button type="button" on:click=generate>"Generate"</button>
            </div>
            <p class="strength" id="user-password-strength" aria-live="polite">
                {move || match strength.get() {
                    Some(s) => view! {
                        <meter min="0" max="4" low="2" high="3" optimum="4" value=s.to_string()></meter>
                        {format!(" Strength: {}", LABELS[usize::from(s.min(4))])}
                    }.into_any(),
                    None if keep_hint => "Leave empty to keep the current password.".into_any(),
                    None => "At least 12 characters; a few unrelated words work well.".into_any(),
                }}
            </p>
            <FieldMessage field="password" errors/>
        </div>
    }
}

/// 20 characters from the browser's cryptographic random source, without look-alikes.
fn random_password() -> String {
    const ALPHABET: &[u8] = b"abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_!";
    let mut bytes = [0u8; 64];
    if let Ok(crypto) = window().crypto() {
        let _ = crypto.get_random_values_with_u8_array(&mut bytes);
    }
    // Rejection sampling keeps every character equally likely.
    let limit = 256 - 256 % ALPHABET.len();
    bytes
        .iter()
        .filter(|b| usize::from(**b) < limit)
        .map(|b| ALPHABET[usize::from(*b) % ALPHABET.len()] as char)
        .take(20)
        .collect()
}
