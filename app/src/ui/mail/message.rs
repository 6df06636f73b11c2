use super::table::MailState;
use crate::api::open_mail;
use crate::model::mail::MailMessage;
use crate::model::{Labelled, StaffMe};
use crate::ui::modal::Modal;
use crate::ui::ErrorPage;
use leptos::prelude::*;
use uuid::Uuid;

/// One message as it was sent: its details, the HTML part in a sandboxed frame (no scripts,
/// no navigation, no access to the console), and the text part. Links are hidden.
#[component]
pub fn MailDialog(id: Uuid, on_close: Callback<()>) -> impl IntoView {
    let message = Resource::new(move || id, open_mail);
    view! {
        <Modal title="Message" on_close>
            <Suspense fallback=|| view! { <p class="loading">"Loading the message…"</p> }>
                {move || Suspend::new(async move {
                    match message.await {
                        Ok(m) => view! { <MessageView message=m/> }.into_any(),
                        Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                    }
                })}
            </Suspense>
            <div class="actions">
                <button type="button" on:click=move |_| on_close.run(())>"Close"</button>
            </div>
        </Modal>
    }
}

#[component]
fn MessageView(message: MailMessage) -> impl IntoView {
    let style = use_context::<StaffMe>()
        .map(|me| me.date_style)
        .unwrap_or_default();
    let row = message.row;
    view! {
        <dl class="facts">
            <dt>"To"</dt><dd>{row.to.clone()}</dd>
            <dt>"Subject"</dt><dd>{row.subject.clone()}</dd>
            <dt>"Kind"</dt><dd>{row.kind.label()}</dd>
            <dt>"Queued"</dt><dd>{style.timestamp(row.created_at)}</dd>
            <dt>"Sent"</dt><dd>{row.sent_at.map(|t| style.timestamp(t)).unwrap_or_else(|| "—".into())}</dd>
            <dt>"Status"</dt><dd><MailState row=row.clone()/></dd>
        </dl>
        <h3>"As the recipient sees it"</h3>
        <iframe class="mail-html" title="The message's HTML part" sandbox="" srcdoc=message.html_body></iframe>
        <h3>"Plain text part"</h3>
        // Focusable: it scrolls, and the keyboard must be able to scroll it.
        <pre class="mail-text" tabindex="0" role="region" aria-label="Plain text part">{message.text_body}</pre>
    }
}
