use leptos::prelude::*;

/// Recovery codes, shown once: with Copy and Download, and a plain warning.
#[component]
pub fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let text = codes.join("\n");
    let download = format!(
        "data:text/plain;charset=utf-8,{}",
        text.replace('\n', "%0A")
    );
    let copied = RwSignal::new(false);
    let copy = move |_| {
        let _ = window().navigator().clipboard().write_text(&text);
        copied.set(true);
    };
    view! {
        <section class="recovery" aria-labelledby="recovery-title">
            <h2 id="recovery-title">"Your recovery codes"</h2>
            <p>"Each code signs you in once if you lose your authenticator. Keep them somewhere safe: they are shown only now."</p>
            <ul class="codes" data-testid="recovery-codes">
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ul>
            <p>
                <button type="button" on:click=copy>{move || if copied.get() { "Copied" } else { "Copy codes" }}</button>
                " "
                <a href=download download="roster-recovery-codes.txt">"Download codes"</a>
            </p>
        </section>
    }
}
