//! `/admin/invitation/<token>`: a new staff member chooses their password. Signing in comes
//! next, where they set up their authenticator like everyone.
use super::form::{action_error, FormError};
use crate::api::{staff_invitation, AcceptStaffInvitation};
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

#[component]
pub fn StaffInvitationPage() -> impl IntoView {
    let token = use_params_map().with_untracked(|p| p.get("token").unwrap_or_default());
    let invitation = Resource::new(
        {
            let token = token.clone();
            move || token.clone()
        },
        staff_invitation,
    );
    let action = ServerAction::<AcceptStaffInvitation>::new();
    let done = move || matches!(action.value().get(), Some(Ok(())));
    view! {
        <Title text="Choose your password"/>
        <main class="centered">
            <section class="card" aria-labelledby="invitation-title">
                <h1 id="invitation-title">"Welcome to Roster"</h1>
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || Suspend::new({ let token = token.clone(); async move {
                        match invitation.await {
                            Err(e) => view! {
                                <FormError error=Signal::stored(Some(e))/>
                                <p>"Ask an administrator to send you a new invitation."</p>
                            }.into_any(),
                            Ok(_) if done() => view! {
                                <p class="notice" role="status">"Your password is set. Sign in now: you will set up two-factor authentication with an authenticator app."</p>
                                <p><a class="button primary" href="/admin/login">"Sign in"</a></p>
                            }.into_any(),
                            Ok(member) => view! {
                                <p>"Hello " {member.name} ". Choose the password you will sign in with as " <strong>{member.email.clone()}</strong> "."</p>
                                <ActionForm action=action attr:class="stack">
                                    <input type="hidden" name="token" value=token.clone()/>
                                    // For password managers: the account this password belongs to (not sent).
                                    <input type="email" autocomplete="username" value=member.email readonly hidden/>
                                    <label for="password">"Password"</label>
                                    <input id="password" type="password" name="password" autocomplete="new-password"
                                        required minlength="12" aria-describedby="password-hint"/>
                                    <p class="hint" id="password-hint">"At least 12 characters, not a common password, not your email's name."</p>
                                    <FormError error=action_error(action)/>
                                    <button type="submit" class="primary" disabled=move || action.pending().get()
                                        aria-busy=move || action.pending().get().then_some("true")>"Set password"</button>
                                </ActionForm>
                            }.into_any(),
                        }
                    }})}
                </Suspense>
            </section>
        </main>
    }
}
