//! `/account`: the user's profile, security and clients.
use super::security::Security;
use crate::api::{my_account, update_my_profile, UserSignOut};
use crate::model::account::{Account, MyClient, Profile};
use crate::model::client::ClientPermission;
use crate::model::language::LANGUAGES;
use crate::model::AppError;
use crate::ui::form::FormError;
use crate::ui::ErrorPage;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn AccountPage() -> impl IntoView {
    let account = Resource::new(|| (), |_| my_account());
    let sign_out = ServerAction::<UserSignOut>::new();
    let reload = Callback::new(move |_| account.refetch());
    view! {
        <Title text="Your account"/>
        <header class="topbar">
            <a class="brand" href="/account">"Roster"</a>
            <ActionForm action=sign_out>
                <button type="submit" class="link">"Sign out"</button>
            </ActionForm>
        </header>
        <main class="account">
            <Transition fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    match account.await {
                        Ok(a) => view! { <AccountView account=a reload/> }.into_any(),
                        Err(AppError::Unauthorized(_)) => view! { <Redirect path="/login"/> }.into_any(),
                        Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    }
                })}
            </Transition>
        </main>
    }
}

#[component]
fn AccountView(account: Account, reload: Callback<()>) -> impl IntoView {
    let name = format!("{} {}", account.first_name, account.last_name);
    view! {
        <h1>{format!("Hello, {}", name.trim())}</h1>
        <p class="notice">{account.email.clone()}</p>
        <ProfileForm account=account.clone() reload/>
        <Security account=account.clone() reload/>
        <MyClients clients=account.clients/>
    }
}

#[component]
fn ProfileForm(account: Account, reload: Callback<()>) -> impl IntoView {
    let profile = RwSignal::new(Profile {
        first_name: account.first_name,
        last_name: account.last_name,
        language: account.language,
    });
    let save = Action::new(move |p: &Profile| update_my_profile(p.clone()));
    Effect::new(move |_| {
        if let Some(Ok(())) = save.value().get() {
            reload.run(());
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let saved = move || matches!(save.value().get(), Some(Ok(()))).then_some("Saved.");
    view! {
        <section class="card wide" aria-labelledby="profile-title">
            <h2 id="profile-title">"Profile"</h2>
            <form class="stack" on:submit=move |ev| { ev.prevent_default(); save.dispatch(profile.get_untracked()); }>
                <label for="first">"First name"</label>
                <input id="first" required prop:value=move || profile.with(|p| p.first_name.clone())
                    on:input=move |ev| profile.update(|p| p.first_name = event_target_value(&ev))/>
                <label for="last">"Last name"</label>
                <input id="last" prop:value=move || profile.with(|p| p.last_name.clone())
                    on:input=move |ev| profile.update(|p| p.last_name = event_target_value(&ev))/>
                <label for="language">"Language"</label>
                <select id="language" prop:value=move || profile.with(|p| p.language.clone())
                    on:change=move |ev| profile.update(|p| p.language = event_target_value(&ev))>
                    {LANGUAGES.iter().map(|(code, name)| view! { <option value=*code>{*name}</option> }).collect_view()}
                </select>
                <FormError error/>
                <p role="status">{saved}</p>
                <button type="submit" class="primary" disabled=move || save.pending().get()>"Save profile"</button>
            </form>
        </section>
    }
}

#[component]
fn MyClients(clients: Vec<MyClient>) -> impl IntoView {
    view! {
        <section class="card wide" aria-labelledby="clients-title">
            <h2 id="clients-title">"My clients"</h2>
            {if clients.is_empty() {
                view! { <p class="notice">"You are not associated with any client yet."</p> }.into_any()
            } else {
                view! {
                    <table class="list compact">
                        <thead><tr><th scope="col">"Client"</th><th scope="col">"Role"</th><th scope="col">"Permissions"</th></tr></thead>
                        <tbody>
                            {clients.into_iter().map(|c| {
                                let permissions = if c.owner {
                                    "All".to_owned()
                                } else {
                                    c.permissions.iter().map(|p| ClientPermission::label(*p)).collect::<Vec<_>>().join(", ")
                                };
                                view! {
                                    <tr>
                                        <td>{c.name}</td>
                                        <td>{if c.owner { "OWNER" } else { "Member" }}</td>
                                        <td>{permissions}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
