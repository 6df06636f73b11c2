use leptos::prelude::*;
use leptos_meta::Title;

/// The client area's front door; user sign-in arrives with the client-area issue.
#[component]
pub fn HomePage() -> impl IntoView {
    view! {
        <Title text="Welcome"/>
        <main class="centered">
            <section class="card">
                <h1>"Roster"</h1>
                <p>"The client area is not part of Roster yet."</p>
                <p>
                    <a href="/admin">"Staff sign-in"</a>
                </p>
            </section>
        </main>
    }
}
