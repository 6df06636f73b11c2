use crate::model::user_list::{TwoFactorState, UserStatus};
use crate::model::{Keyed, Labelled};
use leptos::prelude::*;
use uuid::Uuid;

/// Initials on a colour derived from the user id (no external service).
#[component]
pub fn Avatar(id: Uuid, first: String, last: String) -> impl IntoView {
    let initials: String = [first.chars().next(), last.chars().next()]
        .into_iter()
        .flatten()
        .flat_map(char::to_uppercase)
        .collect();
    // Dark hues only, so white initials keep their contrast.
    let hue = u32::from(id.as_bytes()[15]) * 360 / 256;
    view! {
        <span class="avatar" aria-hidden="true" style=format!("background: hsl({hue} 45% 30%)")>
            {initials}
        </span>
    }
}

#[component]
pub fn StatusBadge(status: UserStatus) -> impl IntoView {
    let class = format!("badge status-{}", status.key());
    view! { <span class=class>{status.label()}</span> }
}

#[component]
pub fn TwoFactorBadge(state: TwoFactorState) -> impl IntoView {
    let (class, text, title) = match state {
        TwoFactorState::Off => (
            "badge tfa-off",
            "2FA off",
            "Two-factor authentication is off",
        ),
        TwoFactorState::Required => (
            "badge tfa-required",
            "2FA required",
            "2FA required, not enrolled yet",
        ),
        TwoFactorState::Enrolled => ("badge tfa-enrolled", "2FA", "2FA enrolled"),
    };
    view! { <span class=class title=title>{text}</span> }
}

/// The user can sign in with a passkey (shown beside the 2FA badge).
#[component]
pub fn PasskeyBadge(passkey: bool) -> impl IntoView {
    passkey.then(|| {
        view! { <span class="badge passkey" title="Has a passkey: signs in without a password">"Passkey"</span> }
    })
}
