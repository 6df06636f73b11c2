use crate::i18n::{t, t_string, use_i18n};
use leptos::prelude::*;
use leptos_meta::Title;

/// The front door: the client area's sign-in, and the way to the staff console.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, home.title).to_owned()/>
        <main class="centered">
            <section class="card">
                <h1>"Roster"</h1>
                <p><a class="button primary" href="/login">{t!(i18n, home.sign_in)}</a></p>
                <p><a href="/admin">{t!(i18n, home.staff)}</a></p>
            </section>
        </main>
    }
}
