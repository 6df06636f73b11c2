use crate::i18n::{t, use_i18n};
use leptos::prelude::*;

/// Recovery codes, shown once: with Copy and Download, and a plain warning.
#[component]
pub fn RecoveryCodes(codes: Vec<String>) -> impl IntoView {
    let i18n = use_i18n();
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
            <h2 id="recovery-title">{t!(i18n, recovery.heading)}</h2>
            <p>{t!(i18n, recovery.intro)}</p>
            <ul class="codes" data-testid="recovery-codes">
                {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
            </ul>
            <p>
                <button type="button" on:click=copy>
                    {move || if copied.get() { t!(i18n, recovery.copied).into_any() } else { t!(i18n, recovery.copy).into_any() }}
                </button>
                " "
                <a href=download download="roster-recovery-codes.txt">{t!(i18n, recovery.download)}</a>
            </p>
        </section>
    }
}
