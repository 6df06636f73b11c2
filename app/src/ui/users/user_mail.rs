//! Edit User's "Emails": send the user a verification or password reset link, the links that
//! still work (each can be expired), and the messages sent to them (with `mail.view`), newest
//! first.
use crate::api::{list_mail, send_user_link};
use crate::model::mail::{LinkPurpose, MailQuery};
use crate::model::{Permission, StaffMe};
use crate::ui::form::FormError;
use crate::ui::mail::MailTable;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn UserMail(
    id: Uuid,
    #[prop(into)] email_verified: Signal<bool>,
    /// NEW (never signed in): an invitation to choose their own password may be (re)sent.
    new: bool,
) -> impl IntoView {
    let can_read = use_context::<StaffMe>().is_some_and(|me| me.can(Permission::MailView));
    let messages = Resource::new(
        move || id,
        move |user| async move {
            match can_read {
                true => list_mail(MailQuery {
                    user: Some(user),
                    ..Default::default()
                })
                .await
                .map(Some),
                false => Ok(None),
            }
        },
    );
    let send = Action::new(move |purpose: &LinkPurpose| send_user_link(id, *purpose));
    let sent = move || match send.value().get() {
        Some(Ok(())) => Some("Sent. It is on its way to the user."),
        _ => None,
    };
    Effect::new(move |_| {
        if let Some(Ok(())) = send.value().get() {
            messages.refetch();
        }
    });
    let error = Signal::derive(move || send.value().get().and_then(Result::err));
    view! {
        <fieldset class="user-mail">
            <legend>"Emails"</legend>
            <div class="mail-actions">
                <Show when=move || !email_verified.get()>
                    <button type="button" disabled=move || send.pending().get()
                        on:click=move |_| { send.dispatch(LinkPurpose::VerifyEmail); }>"Send verification email"</button>
                </Show>
                <button type="button" disabled=move || send.pending().get()
                    on:click=move |_| { send.dispatch(LinkPurpose::ResetPassword); }>"Send password reset link"</button>
                {new.then(|| view! {
                    <button type="button" disabled=move || send.pending().get()
                        on:click=move |_| { send.dispatch(LinkPurpose::Invitation); }>"Send invitation"</button>
                })}
            </div>
            <p class="hint" role="status">{sent}</p>
            <FormError error/>
            <super::open_links::OpenLinks id sent=send.version()/>
            <Transition fallback=|| view! { <p class="loading">"Loading messages…"</p> }>
                {move || Suspend::new(async move {
                    match messages.await {
                        Ok(Some(page)) => view! { <MailTable rows=page.rows of_one_user=true/> }.into_any(),
                        Ok(None) => ().into_any(),
                        Err(e) => view! { <FormError error=Signal::stored(Some(e))/> }.into_any(),
                    }
                })}
            </Transition>
        </fieldset>
    }
}
