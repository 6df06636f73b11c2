//! Where an account is signed in, as staff see it (My profile, Edit User): device, address,
//! signed in, last seen, and Sign out per session.
use crate::model::{AppError, SessionRow, StaffMe};
use crate::ui::list::TableScroll;
use leptos::prelude::*;

/// `end_one` signs a session out (none: the viewer may only look). The asking browser's own
/// session is marked, and is not signed out from here.
#[component]
pub fn SessionsTable(
    rows: Vec<SessionRow>,
    end_one: Option<Action<String, Result<(), AppError>>>,
) -> impl IntoView {
    let style = use_context::<StaffMe>()
        .map(|m| m.date_style)
        .unwrap_or_default();
    view! {
        <TableScroll label="Sessions">
        <table class="list cards sessions">
            <thead>
                <tr>
                    <th scope="col">"Device"</th>
                    <th scope="col">"IP address"</th>
                    <th scope="col">"Signed in"</th>
                    <th scope="col">"Last seen"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|s| {
                    let id = s.id.clone();
                    let device = s.device.clone();
                    view! {
                        <tr>
                            <td>{s.device.clone()}{s.current.then(|| view! { " " <span class="badge status-active">"THIS BROWSER"</span> })}</td>
                            <td data-label="IP address">{s.ip.clone().unwrap_or_else(|| "unknown".into())}</td>
                            <td class="nowrap" data-label="Signed in">{style.timestamp(s.signed_in)}</td>
                            <td class="nowrap" data-label="Last seen">{style.timestamp(s.last_seen)}</td>
                            <td class="nowrap row-actions">
                                {end_one.filter(|_| !s.current).map(|end| view! {
                                    <button type="button" aria-label=format!("Sign out {device}") on:click=move |_| { end.dispatch(id.clone()); }>"Sign out"</button>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </TableScroll>
    }
}
