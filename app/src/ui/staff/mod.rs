//! `/admin/staff` (permission `staff.manage`): staff members with their role, 2FA, last
//! sign-in and status; Add, Edit, Disable / Enable, Reset 2FA and Unlock. Staff are tens,
//! not millions: the page holds them all and searches and sorts as you type.
mod confirm;
mod quick;
mod staff_form;
mod table;

use crate::api::list_staff;
use crate::model::live::ChangeKind;
use crate::model::StaffRow;
use crate::ui::dialogs::{page_ui, PageUi};
use crate::ui::icon::{lucide, Icon};
use crate::ui::skeleton::SkeletonRows;
use crate::ui::ErrorPage;
use leptos::prelude::*;
use leptos_meta::Title;

/// What a staff member's row can ask to do (each asks first).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaffAction {
    Disable,
    Enable,
    ResetTwoFactor,
}

/// The dialog open on the Staff page.
#[derive(Clone)]
pub enum Dialog {
    Create,
    Edit(StaffRow),
    Confirm(StaffRow, StaffAction),
    /// A member was created: their one-time password, shown once.
    Created {
        name: String,
        password: String,
    },
}

pub(super) fn staff_ui() -> PageUi<Dialog> {
    page_ui::<Dialog>()
}

#[component]
pub fn StaffPage() -> impl IntoView {
    let members = Resource::new(|| (), |_| list_staff());
    if let Some(live) = crate::ui::live::use_live() {
        live.refetch_when(
            move |c| c.kind == ChangeKind::Staff,
            move || members.refetch(),
        );
    }
    let ui = PageUi::<Dialog>::provide(Callback::new(move |_| members.refetch()));
    let search = RwSignal::new(String::new());
    view! {
        <Title text="Staff"/>
        <div class="page-head">
            <h1>"Staff"</h1>
            <button type="button" class="primary" data-shortcut="create" aria-keyshortcuts="n"
                on:click=move |_| ui.open(Dialog::Create)>
                <Icon svg=lucide::PLUS/>"Add staff member"
            </button>
        </div>
        {move || ui.dialog.get().map(|d| match d {
            Dialog::Create => view! { <staff_form::StaffFormDialog editing=None/> }.into_any(),
            Dialog::Edit(row) => view! { <staff_form::StaffFormDialog editing=Some(row)/> }.into_any(),
            Dialog::Confirm(row, action) => view! { <confirm::ConfirmDialog row action/> }.into_any(),
            Dialog::Created { name, password } => view! { <confirm::CreatedDialog name password/> }.into_any(),
        })}
        {ui.toast()}
        <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
            <input type="search" aria-label="Search" aria-keyshortcuts="/" autocomplete="off"
                placeholder="Search name, email or role"
                prop:value=search on:input=move |ev| search.set(event_target_value(&ev))/>
        </form>
        <Transition fallback=|| view! { <SkeletonRows label="Loading staff…" columns=7/> }>
            {move || Suspend::new(async move {
                match members.await {
                    Ok(rows) => view! { <table::StaffTable rows search/> }.into_any(),
                    Err(e) => view! { <ErrorPage error=e/> }.into_any(),
                }
            })}
        </Transition>
    }
}
