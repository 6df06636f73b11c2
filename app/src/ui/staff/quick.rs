//! The Staff table's one-click row actions (Unlock, Resend invitation): they take nothing
//! away, so they ask nothing first.
use super::staff_ui;
use crate::api::{resend_staff_invitation, unlock_staff};
use crate::model::StaffRow;
use crate::ui::form::FormError;
use crate::ui::icon::{lucide, Icon};
use leptos::prelude::*;

/// A row action that takes nothing away, so it asks nothing first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quick {
    Unlock,
    ResendInvitation,
}

impl Quick {
    /// (button, its accessible name's verb, what the toast says)
    fn words(self) -> (&'static str, &'static str, &'static str) {
        match self {
            Quick::Unlock => ("Unlock", "Unlock", "Staff member unlocked"),
            Quick::ResendInvitation => (
                "Resend invitation",
                "Resend invitation to",
                "Invitation sent again",
            ),
        }
    }
}

#[component]
pub fn QuickButton(row: StaffRow, action: Quick) -> impl IntoView {
    let ui = staff_ui();
    let id = row.id;
    let run = Action::new(move |_: &()| async move {
        match action {
            Quick::Unlock => unlock_staff(id).await,
            Quick::ResendInvitation => resend_staff_invitation(id).await,
        }
    });
    let (label, verb, done) = action.words();
    Effect::new(move |_| {
        if let Some(Ok(())) = run.value().get() {
            ui.done(done);
        }
    });
    let error = Signal::derive(move || run.value().get().and_then(Result::err));
    let icon = match action {
        Quick::Unlock => lucide::LOCK_OPEN,
        Quick::ResendInvitation => lucide::MAIL,
    };
    view! {
        <button type="button" aria-label=format!("{verb} {}", row.name)
            disabled=move || run.pending().get() aria-busy=move || run.pending().get().then_some("true")
            on:click=move |_| { run.dispatch(()); }>
            <Icon svg=icon/>{label}
        </button>
        <FormError error/>
    }
}
