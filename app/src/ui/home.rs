use leptos::prelude::*;
use leptos_meta::Title;

/// The front door: the client area's sign-in, and the way to the staff console.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Welcome"/>
        <main class="centered">
            <section class="card">
                <h1>"Roster"</h1>
                <p><a class="button primary" href="/login">"Sign in to your account"</a></p>
                <p><a href="/admin">"Staff sign-in"</a></p>
            </section>
        </main>
    }
}
