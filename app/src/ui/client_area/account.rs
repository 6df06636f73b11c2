//! `/account`: the user's profile, security and clients.
use super::impersonation_banner::ImpersonationBanner;
use super::locale_of;
use super::security::Security;
use crate::api::{my_account, update_my_profile, UserSignOut};
use crate::i18n::{t, t_string, use_i18n, Locale};
use crate::model::account::{Account, MyClient, Profile};
use crate::model::client::ClientPermission;
use crate::model::language::LANGUAGES;
use crate::model::AppError;
use crate::ui::form::FormError;
use leptos::form::ActionForm;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;

#[component]
pub fn AccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let account = Resource::new(|| (), |_| my_account());
    let reload = Callback::new(move |_| account.refetch());
    view! {
        <Title text=move || t_string!(i18n, account.title).to_owned()/>
        <Transition fallback=move || view! { <main class="account"><p class="loading">{t!(i18n, common.loading)}</p></main> }>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(a) => view! { <AccountView account=a reload/> }.into_any(),
                    Err(AppError::Unauthorized(_)) => view! { <Redirect path="/login"/> }.into_any(),
                    Err(e) => view! { <main class="account"><FormError error=Signal::stored(Some(e))/></main> }.into_any(),
                }
            })}
        </Transition>
    }
}

/// The top bar; a staff member signed in as the user leaves by the banner instead.
#[component]
fn TopBar(signed_in_as: bool) -> impl IntoView {
    let i18n = use_i18n();
    let sign_out = ServerAction::<UserSignOut>::new();
    view! {
        <header class="topbar">
            <a class="brand" href="/account">"Roster"</a>
            {(!signed_in_as).then(|| view! {
                <ActionForm action=sign_out>
                    <button type="submit" class="link">{t!(i18n, common.sign_out)}</button>
                </ActionForm>
            })}
        </header>
    }
}

#[component]
fn AccountView(account: Account, reload: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    // The page follows the user's language, also when this browser's cookie says otherwise.
    let language = locale_of(&account.language);
    Effect::new(move |_| {
        if i18n.get_locale_untracked() != language {
            i18n.set_locale(language);
        }
    });
    let saved = RwSignal::new(Profile {
        first_name: account.first_name.clone(),
        last_name: account.last_name.clone(),
        language: account.language.clone(),
    });
    let name = move || {
        saved.with(|p| {
            format!("{} {}", p.first_name, p.last_name)
                .trim()
                .to_owned()
        })
    };
    let in_person = account.impersonation.is_none();
    let banner = account.impersonation.clone().map(|impersonation| {
        let user = format!("{} {}", account.first_name, account.last_name);
        view! { <ImpersonationBanner user=user.trim().to_owned() impersonation/> }
    });
    view! {
        {banner}
        <TopBar signed_in_as=!in_person/>
        <main class="account">
            <h1>{t!(i18n, account.hello, name)}</h1>
            <p class="notice">{account.email.clone()}</p>
            <ProfileForm saved/>
            <Security account=account.clone() reload/>
            <crate::ui::passkeys::PasskeysSection holder=crate::model::passkey::PasskeyHolder::User/>
            <super::my_sessions::MySessions in_person/>
            <super::my_sign_ins::MySignIns/>
            <MyClients clients=account.clients/>
        </main>
    }
}

/// The profile form; `saved` is the profile as last stored, which the page's heading shows.
#[component]
fn ProfileForm(saved: RwSignal<Profile>) -> impl IntoView {
    let i18n = use_i18n();
    let profile = RwSignal::new(saved.get_untracked());
    // On success the action returns what was stored (not what the form holds by then).
    let save = Action::new(move |p: &Profile| {
        let p = p.clone();
        async move { update_my_profile(p.clone()).await.map(|()| p) }
    });
    Effect::new(move |_| {
        if let Some(Ok(stored)) = save.value().get() {
            i18n.set_locale(locale_of(&stored.language));
            saved.set(stored);
        }
    });
    let error = Signal::derive(move || save.value().get().and_then(Result::err));
    let done = move || matches!(save.value().get(), Some(Ok(_))).then(|| t!(i18n, account.saved));
    view! {
        <section class="card wide" aria-labelledby="profile-title">
            <h2 id="profile-title">{t!(i18n, account.profile)}</h2>
            <form class="stack" on:submit=move |ev| { ev.prevent_default(); save.dispatch(profile.get_untracked()); }>
                <label for="first">{t!(i18n, account.first_name)}</label>
                <input id="first" required prop:value=move || profile.with(|p| p.first_name.clone())
                    on:input=move |ev| profile.update(|p| p.first_name = event_target_value(&ev))/>
                <label for="last">{t!(i18n, account.last_name)}</label>
                <input id="last" prop:value=move || profile.with(|p| p.last_name.clone())
                    on:input=move |ev| profile.update(|p| p.last_name = event_target_value(&ev))/>
                <label for="language">{t!(i18n, common.language)}</label>
                <select id="language" prop:value=move || profile.with(|p| p.language.clone())
                    on:change=move |ev| profile.update(|p| p.language = event_target_value(&ev))>
                    {LANGUAGES.iter().map(|(code, name)| view! { <option value=*code>{*name}</option> }).collect_view()}
                </select>
                <FormError error/>
                <p role="status">{done}</p>
                <button type="submit" class="primary" disabled=move || save.pending().get() aria-busy=move || save.pending().get().then_some("true")>{t!(i18n, account.save)}</button>
            </form>
        </section>
    }
}

#[component]
fn MyClients(clients: Vec<MyClient>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section class="card wide" aria-labelledby="clients-title">
            <h2 id="clients-title">{t!(i18n, account.my_clients)}</h2>
            {if clients.is_empty() {
                view! { <p class="notice">{t!(i18n, account.no_clients)}</p> }.into_any()
            } else {
                view! {
                    <table class="list compact">
                        <thead><tr>
                            <th scope="col">{t!(i18n, account.client)}</th>
                            <th scope="col">{t!(i18n, account.role)}</th>
                            <th scope="col">{t!(i18n, account.permissions)}</th>
                        </tr></thead>
                        <tbody>
                            {clients.into_iter().map(|c| {
                                let permissions = c.permissions.clone();
                                let listed = move || if c.owner {
                                    t_string!(i18n, account.all_permissions).to_owned()
                                } else {
                                    let locale = i18n.get_locale();
                                    permissions.iter().map(|p| permission_label(locale, *p)).collect::<Vec<_>>().join(", ")
                                };
                                view! {
                                    <tr>
                                        <td>{c.name}</td>
                                        <td>{move || if c.owner { t!(i18n, account.owner).into_any() } else { t!(i18n, account.member).into_any() }}</td>
                                        <td>{listed}</td>
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

fn permission_label(locale: Locale, permission: ClientPermission) -> &'static str {
    use crate::i18n::td_string;
    match permission {
        ClientPermission::Profile => td_string!(locale, permission.profile),
        ClientPermission::Users => td_string!(locale, permission.users),
        ClientPermission::Services => td_string!(locale, permission.services),
        ClientPermission::Domains => td_string!(locale, permission.domains),
        ClientPermission::Invoices => td_string!(locale, permission.invoices),
        ClientPermission::Tickets => td_string!(locale, permission.tickets),
        ClientPermission::Orders => td_string!(locale, permission.orders),
        ClientPermission::Affiliates => td_string!(locale, permission.affiliates),
        ClientPermission::Quotes => td_string!(locale, permission.quotes),
        ClientPermission::Emails => td_string!(locale, permission.emails),
    }
}
