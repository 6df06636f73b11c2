//! Edit User's open links: which verification, reset or invitation link still works, to
//! which address and until when, each with "Expire link" (a link sent by mistake, or to a
//! mailbox the user no longer trusts, stops working at once).
use crate::api::{expire_user_link, user_open_links};
use crate::model::mail::{LinkPurpose, OpenLink};
use crate::model::StaffMe;
use crate::ui::form::FormError;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn OpenLinks(
    id: Uuid,
    /// Changes whenever a link was sent from this form (the list is read again).
    #[prop(into)]
    sent: Signal<usize>,
) -> impl IntoView {
    let expire = Action::new(move |purpose: &LinkPurpose| expire_user_link(id, *purpose));
    let links = Resource::new(
        move || (sent.get(), expire.version().get()),
        move |_| user_open_links(id),
    );
    let error = Signal::derive(move || expire.value().get().and_then(Result::err));
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                match links.await {
                    Ok(open) => view! { <LinkList open expire/> }.into_any(),
                    Err(e) => view! { <FormError error=Signal::stored(Some(e))/> }.into_any(),
                }
            })}
        </Transition>
        <FormError error/>
    }
}

#[component]
fn LinkList(
    open: Vec<OpenLink>,
    expire: Action<LinkPurpose, Result<(), crate::model::AppError>>,
) -> impl IntoView {
    let style = use_context::<StaffMe>()
        .map(|me| me.date_style)
        .unwrap_or_default();
    (!open.is_empty()).then(|| view! {
        <ul class="open-links" aria-label="Open links">
            {open.into_iter().map(|link| {
                let noun = link.purpose.noun();
                view! {
                    <li>
                        <span>{format!("The {noun} sent to {} works until {}.", link.sent_to, style.timestamp(link.expires_at))}</span>
                        " "
                        <button type="button" aria-label=format!("Expire the {noun}") disabled=move || expire.pending().get()
                            on:click=move |_| { expire.dispatch(link.purpose); }>"Expire link"</button>
                    </li>
                }
            }).collect_view()}
        </ul>
    })
}
