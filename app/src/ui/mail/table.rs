use super::message::MailDialog;
use crate::model::mail::{MailRow, MailStatus};
use crate::model::{Labelled, StaffMe};
use crate::ui::list::TableScroll;
use leptos::prelude::*;
use uuid::Uuid;

/// Messages as a table (the mail log, and Edit User's "Emails"); a subject opens the message.
/// `of_one_user` (Edit User): no user and kind columns; the address goes under the subject.
#[component]
pub fn MailTable(rows: Vec<MailRow>, #[prop(optional)] of_one_user: bool) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">"No messages."</p> }.into_any();
    }
    let style = use_context::<StaffMe>()
        .map(|me| me.date_style)
        .unwrap_or_default();
    let open = RwSignal::new(None::<Uuid>);
    view! {
        <TableScroll label="Messages">
        <table class="list mail-log cards">
            <thead><tr>
                <th scope="col">"Queued"</th>
                {(!of_one_user).then(|| view! { <th scope="col">"To"</th> })}
                <th scope="col">"Subject"</th>
                {(!of_one_user).then(|| view! { <th scope="col">"Kind"</th> })}
                <th scope="col">"Status"</th>
            </tr></thead>
            <tbody>
                {rows.into_iter().map(|m| {
                    let (id, subject) = (m.id, m.subject.clone());
                    let to = m.to.clone();
                    view! {
                        <tr>
                            <td class="nowrap">{style.timestamp(m.created_at)}</td>
                            {(!of_one_user).then(|| view! {
                                <td data-label="To">{to.clone()}
                                    {m.user.clone().map(|(user, name)| view! {
                                        <br/><small><a href=format!("/admin/mail?user={user}")>{name}</a></small>
                                    })}
                                </td>
                            })}
                            <td data-label="Subject">
                                <button type="button" class="link" on:click=move |_| open.set(Some(id))>{subject}</button>
                                {of_one_user.then(|| view! { <br/><small>{format!("to {to}")}</small> })}
                            </td>
                            {(!of_one_user).then(|| view! { <td data-label="Kind">{m.kind.label()}</td> })}
                            <td data-label="Status"><MailState row=m/></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </TableScroll>
        {move || open.get().map(|id| view! { <MailDialog id on_close=Callback::new(move |_| open.set(None))/> })}
    }
    .into_any()
}

/// "Sent", "Queued", "Retrying (2 failed attempts)" or "Failed", with the server's last answer.
#[component]
pub fn MailState(row: MailRow) -> impl IntoView {
    let class = match row.status {
        MailStatus::Sent => "badge mail-sent",
        MailStatus::Queued if row.attempts > 0 => "badge mail-retrying",
        MailStatus::Queued => "badge mail-queued",
        MailStatus::Failed => "badge mail-failed",
    };
    view! {
        <span class=class>{row.state()}</span>
        {row.last_error.map(|answer| view! { <br/><small class="mail-answer">{answer}</small> })}
    }
}
