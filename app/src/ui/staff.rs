//! `/admin/staff` (permission `staff.manage`): the staff members, their role, 2FA and last
//! sign-in, and Unlock for one locked out by failed sign-ins.
use crate::api::{list_staff, unlock_staff};
use crate::model::StaffMe;
use crate::model::StaffRow;
use crate::ui::form::FormError;
use crate::ui::list::TableScroll;
use crate::ui::skeleton::SkeletonRows;
use crate::ui::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn StaffPage() -> impl IntoView {
    let members = Resource::new(|| (), |_| list_staff());
    let reload = Callback::new(move |_| members.refetch());
    view! {
        <Title text="Staff"/>
        <h1>"Staff"</h1>
        <Transition fallback=|| view! { <SkeletonRows label="Loading staff…" columns=6/> }>
            {move || Suspend::new(async move {
                match members.await {
                    Ok(rows) => view! { <StaffTable rows reload/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn StaffTable(rows: Vec<StaffRow>, reload: Callback<()>) -> impl IntoView {
    let date_style = use_context::<StaffMe>()
        .map(|me| me.date_style)
        .unwrap_or_default();
    view! {
        <TableScroll label="Staff">
        <table class="list">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Email"</th>
                    <th scope="col">"Role"</th>
                    <th scope="col">"2FA"</th>
                    <th scope="col">"Last sign-in"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|m| {
                    let last = m
                        .last_sign_in
                        .map_or_else(|| "Never".to_owned(), |t| date_style.date(t));
                    view! {
                        <tr>
                            <td>{m.name.clone()}</td>
                            <td>{m.email.clone()}</td>
                            <td>{m.role.clone()}</td>
                            <td>{if m.two_factor_enrolled { "Set up" } else { "Not set up yet" }}</td>
                            <td>{last}</td>
                            <td><StaffStatus member=m reload/></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </TableScroll>
    }
}

#[component]
fn StaffStatus(member: StaffRow, reload: Callback<()>) -> impl IntoView {
    if !member.locked {
        return view! { <span class="badge status-active">"ACTIVE"</span> }.into_any();
    }
    let id = member.id;
    let unlock = Action::new(move |_: &()| unlock_staff(id));
    Effect::new(move |_| {
        if let Some(Ok(())) = unlock.value().get() {
            reload.run(());
        }
    });
    let error = Signal::derive(move || unlock.value().get().and_then(Result::err));
    view! {
        <span class="badge locked">"LOCKED"</span>
        " "
        <button type="button" aria-label=format!("Unlock {}", member.name)
            disabled=move || unlock.pending().get() aria-busy=move || unlock.pending().get().then_some("true") on:click=move |_| { unlock.dispatch(()); }>
            "Unlock"
        </button>
        <FormError error/>
    }
    .into_any()
}
