//! `/admin/profile`: my password, my authenticator, my passkeys, my sessions and my API
//! tokens.
mod api_token_form;
mod api_tokens;
mod authenticator;
mod password;
mod sessions;

use crate::model::StaffMe;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn ProfilePage() -> impl IntoView {
    let me = use_context::<StaffMe>();
    let (name, email, role) = me.map(|m| (m.name, m.email, m.role)).unwrap_or_default();
    view! {
        <Title text="My profile"/>
        <h1>"My profile"</h1>
        <p class="lead">{name}" · "{email}" · "{role}</p>
        <div class="profile">
            <password::PasswordSection/>
            <authenticator::AuthenticatorSection/>
            <crate::ui::passkeys::PasskeysSection holder=crate::model::passkey::PasskeyHolder::Staff/>
            <sessions::SessionsSection/>
            <api_tokens::ApiTokensSection/>
        </div>
    }
}
