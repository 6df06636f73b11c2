//! The Edit User modal's live warning: someone else saved (or deleted) this user while the
//! modal was open. Failed sign-ins and counters also touch the row; only a newer version counts.
use crate::api::user_for_edit;
use crate::model::live::{ChangeKind, ChangeOp};
use crate::model::user_form::{EditUser, UserForm};
use crate::model::user_list::TwoFactorState;
use crate::model::AppError;
use crate::ui::fetch_order::FetchOrder;
use crate::ui::live::{use_live, LiveEvent};
use leptos::prelude::*;
use leptos::task::spawn_local;
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq)]
enum Elsewhere {
    Saved(Box<EditUser>),
    Deleted,
}

#[component]
pub fn ChangedElsewhere(
    id: Uuid,
    form: RwSignal<UserForm>,
    version: RwSignal<i32>,
    /// The user's 2FA as Edit User shows it; loading their version loads it too.
    two_factor: RwSignal<TwoFactorState>,
    /// While our own save is under way, its own change is not news.
    saving: Signal<bool>,
) -> impl IntoView {
    let news = RwSignal::new(None::<Elsewhere>);
    let order = StoredValue::new(FetchOrder::default());
    if let Some(live) = use_live() {
        live.on_event(move |event| {
            if let LiveEvent::Change(c) = event {
                if c.kind != ChangeKind::User || c.id.is_some_and(|other| other != id) {
                    return;
                }
                if c.op == ChangeOp::Delete && c.id.is_some() {
                    news.set(Some(Elsewhere::Deleted));
                    return;
                }
            }
            if saving.get_untracked() {
                return;
            }
            let mut ticket = 0;
            order.update_value(|o| ticket = o.issue());
            spawn_local(async move {
                let answer = user_for_edit(id).await;
                let mut newest = false;
                order.try_update_value(|o| newest = o.accept(ticket));
                if !newest {
                    return;
                }
                match answer {
                    Ok(theirs) if theirs.version > version.get_untracked() => {
                        news.set(Some(Elsewhere::Saved(Box::new(theirs))))
                    }
                    Err(AppError::NotFound) => news.set(Some(Elsewhere::Deleted)),
                    _ => {}
                }
            });
        });
    }
    move || {
        news.get().map(|n| match n {
            Elsewhere::Deleted => view! {
                <p class="conflict" role="status">"This user was deleted by someone else."</p>
            }
            .into_any(),
            Elsewhere::Saved(theirs) => view! {
                <div class="conflict" role="status">
                    <p><strong>"Someone else saved this user while you were editing."</strong></p>
                    <p>"Saving now will show you both versions; or start again from theirs."</p>
                    <button type="button" on:click=move |_| {
                        form.set(theirs.form.clone());
                        version.set(theirs.version);
                        two_factor.set(theirs.two_factor);
                        news.set(None);
                    }>"Load their version"</button>
                </div>
            }
            .into_any(),
        })
    }
}
