use super::badges::{Avatar, StatusBadge, TwoFactorBadge};
use crate::model::user_list::UserRow;
use leptos::prelude::*;

#[component]
pub fn UserTable(rows: Vec<UserRow>) -> impl IntoView {
    view! {
        <table class="list">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Email"</th>
                    <th scope="col">"Phone"</th>
                    <th scope="col">"Clients"</th>
                    <th scope="col">"Created"</th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|row| view! { <UserRowView row/> }).collect_view()}
            </tbody>
        </table>
    }
}

#[component]
fn UserRowView(row: UserRow) -> impl IntoView {
    let name = format!("{} {}", row.first_name, row.last_name)
        .trim()
        .to_owned();
    let created_day = row.created_at.get(..10).unwrap_or_default().to_owned();
    view! {
        <tr data-user-id=row.id.to_string()>
            <td>
                <span class="who-cell">
                    <Avatar id=row.id first=row.first_name last=row.last_name/>
                    {name}
                </span>
            </td>
            <td class="nowrap">
                <StatusBadge status=row.status/>
                " "
                <TwoFactorBadge state=row.two_factor/>
            </td>
            <td>
                {row.email}
                {row.email_verified.then(|| view! { <span class="verified" title="Email verified">" ✓"</span> })}
            </td>
            <td>
                {row.phone.unwrap_or_default()}
                {row.phone_verified.then(|| view! { <span class="verified" title="Phone verified">" ✓"</span> })}
            </td>
            <td class="num">{row.clients}</td>
            <td class="nowrap">
                <time datetime=row.created_at.clone() title=row.created_at>{created_day}</time>
            </td>
        </tr>
    }
}
