//! The staff table: filtered by the search as typed, sorted by a column header.
use super::quick::{Quick, QuickButton};
use super::{staff_ui, Dialog, StaffAction};
use crate::model::{Labelled, StaffMe, StaffRow, StaffStatus};
use crate::ui::icon::{lucide, Icon};
use crate::ui::list::{EmptyState, TableScroll};
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Name,
    Email,
    Role,
    LastSignIn,
}

fn matches(row: &StaffRow, term: &str) -> bool {
    let term = term.trim().to_lowercase();
    [&row.name, &row.email, &row.role]
        .iter()
        .any(|v| v.to_lowercase().contains(&term))
}

fn sorted(mut rows: Vec<StaffRow>, (column, descending): (Column, bool)) -> Vec<StaffRow> {
    rows.sort_by(|a, b| {
        let order = match column {
            Column::Name => a.name.to_lowercase().cmp(&b.name.to_lowercase()),
            Column::Email => a.email.cmp(&b.email),
            Column::Role => a.role.cmp(&b.role),
            Column::LastSignIn => a.last_sign_in.cmp(&b.last_sign_in),
        };
        if descending {
            order.reverse()
        } else {
            order
        }
    });
    rows
}

#[component]
pub fn StaffTable(rows: Vec<StaffRow>, search: RwSignal<String>) -> impl IntoView {
    let order = RwSignal::new((Column::Name, false));
    let shown = Memo::new(move |_| {
        let term = search.get();
        let rows = rows.iter().filter(|r| matches(r, &term)).cloned().collect();
        sorted(rows, order.get())
    });
    let header = move |label: &'static str, column: Column| {
        let aria = move || match order.get() {
            (c, false) if c == column => "ascending",
            (c, true) if c == column => "descending",
            _ => "none",
        };
        // A first click sorts ascending; another on the same column turns it round.
        let choose = move |_| {
            order.update(|(c, descending)| {
                *descending = *c == column && !*descending;
                *c = column;
            })
        };
        let arrow = move || match aria() {
            "ascending" => Some(view! { <Icon svg=lucide::CHEVRON_UP/> }),
            "descending" => Some(view! { <Icon svg=lucide::CHEVRON_DOWN/> }),
            _ => None,
        };
        view! {
            <th scope="col" aria-sort=aria>
                <button type="button" class="sort" on:click=choose>{label}{arrow}</button>
            </th>
        }
    };
    view! {
        <Show when=move || !shown.with(Vec::is_empty)
            fallback=move || view! { <EmptyState text=format!("No staff members match “{}”.", search.get().trim()) clear=None/> }>
            <TableScroll label="Staff">
            <table class="list cards">
                <thead>
                    <tr>
                        {header("Name", Column::Name)}
                        {header("Email", Column::Email)}
                        {header("Role", Column::Role)}
                        <th scope="col">"2FA"</th>
                        {header("Last sign-in", Column::LastSignIn)}
                        <th scope="col">"Status"</th>
                        <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || shown.get() key=|r| (r.id, r.version, r.status) let:row>
                        <StaffRowView row/>
                    </For>
                </tbody>
            </table>
            </TableScroll>
        </Show>
    }
}

#[component]
fn StaffRowView(row: StaffRow) -> impl IntoView {
    let ui = staff_ui();
    let me = use_context::<StaffMe>();
    let date_style = me.as_ref().map(|m| m.date_style).unwrap_or_default();
    let is_me = me.is_some_and(|m| m.id == row.id);
    let last = row
        .last_sign_in
        .map_or_else(|| "Never".to_owned(), |t| date_style.date(t));
    let status_class = format!("badge staff-{}", <&str>::from(row.status));
    let disabled = row.status == StaffStatus::Disabled;
    let (toggle, toggle_label) = if disabled {
        (StaffAction::Enable, "Enable")
    } else {
        (StaffAction::Disable, "Disable")
    };
    let name = row.name.clone();
    let (r1, r2, r3) = (row.clone(), row.clone(), row.clone());
    view! {
        <tr data-staff-id=row.id.to_string()>
            <td>{row.name.clone()}{is_me.then_some(" (you)")}</td>
            <td class="email" data-label="Email">{row.email.clone()}</td>
            <td data-label="Role">{row.role.clone()}</td>
            <td data-label="2FA">{if row.two_factor_enrolled { "Set up" } else { "Not set up yet" }}</td>
            <td class="nowrap" data-label="Last sign-in">{last}</td>
            <td data-label="Status"><span class=status_class>{row.status.label()}</span></td>
            <td class="nowrap row-actions">
                {(row.status == StaffStatus::Locked).then(|| view! { <QuickButton row=row.clone() action=Quick::Unlock/> })}
                {(row.status == StaffStatus::Invited).then(|| view! { <QuickButton row=row.clone() action=Quick::ResendInvitation/> })}
                <button type="button" aria-label=format!("Edit {name}") on:click=move |_| ui.open(Dialog::Edit(r1.clone()))>
                    <Icon svg=lucide::PENCIL/>"Edit"
                </button>
                {(row.two_factor_enrolled && !is_me).then(|| view! {
                    <button type="button" aria-label=format!("Reset 2FA of {}", r2.name)
                        on:click=move |_| ui.open(Dialog::Confirm(r2.clone(), StaffAction::ResetTwoFactor))>
                        <Icon svg=lucide::KEY_ROUND/>"Reset 2FA"
                    </button>
                })}
                {(!is_me).then(|| view! {
                    <button type="button" class:danger=!disabled aria-label=format!("{toggle_label} {}", r3.name)
                        on:click=move |_| ui.open(Dialog::Confirm(r3.clone(), toggle))>
                        {toggle_label}
                    </button>
                })}
            </td>
        </tr>
    }
}
