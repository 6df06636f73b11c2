//! Which users are ticked for a bulk action: some rows, or every user matching the list's
//! search and filters ("select all matching", sent as the query, never as ids). A new
//! search, filter or page clears it, so what is selected is always what is in view.
use crate::model::job::{BulkActionKind, BulkSelection};
use crate::model::user_list::UserListQuery;
use crate::model::StaffMe;
use leptos::prelude::*;
use uuid::Uuid;

#[derive(Clone, Copy)]
pub struct BulkSelect {
    pub picked: RwSignal<Vec<Uuid>>,
    pub all_matching: RwSignal<bool>,
}

impl BulkSelect {
    /// For a staff member who may run at least one bulk action; cleared when `query` changes.
    pub fn provide(query: Memo<UserListQuery>) -> Option<Self> {
        let me = use_context::<StaffMe>()?;
        if !BulkActionKind::ALL.iter().any(|a| me.can(a.permission())) {
            return None;
        }
        let select = Self {
            picked: RwSignal::new(Vec::new()),
            all_matching: RwSignal::new(false),
        };
        Effect::new(move |_| {
            query.track();
            select.clear();
        });
        provide_context(select);
        Some(select)
    }

    pub fn clear(self) {
        self.picked.set(Vec::new());
        self.all_matching.set(false);
    }

    pub fn is_picked(self, id: Uuid) -> bool {
        self.all_matching.get() || self.picked.with(|p| p.contains(&id))
    }

    pub fn set(self, id: Uuid, on: bool) {
        self.all_matching.set(false);
        self.picked.update(|p| {
            p.retain(|x| *x != id);
            if on {
                p.push(id);
            }
        });
    }

    /// Ticks or unticks every row of the page.
    pub fn set_page(self, ids: &[Uuid], on: bool) {
        self.all_matching.set(false);
        self.picked.update(|p| {
            p.retain(|x| !ids.contains(x));
            if on {
                p.extend_from_slice(ids);
            }
        });
    }

    pub fn is_empty(self) -> bool {
        !self.all_matching.get() && self.picked.with(Vec::is_empty)
    }

    /// What the server functions are sent.
    pub fn selection(self, query: &UserListQuery) -> BulkSelection {
        BulkSelection {
            all_matching: self.all_matching.get_untracked(),
            query: query.clone(),
            picked: self.picked.get_untracked(),
        }
    }
}

pub fn use_bulk_select() -> Option<BulkSelect> {
    use_context::<BulkSelect>()
}

/// A row's checkbox.
#[component]
pub fn PickBox(id: Uuid, name: String) -> impl IntoView {
    use_bulk_select().map(|select| {
        view! {
            <td class="pick">
                <input type="checkbox" aria-label=format!("Select {name}")
                    prop:checked=move || select.is_picked(id)
                    on:change=move |e| select.set(id, event_target_checked(&e))/>
            </td>
        }
    })
}

/// The header's checkbox: "select this page".
#[component]
pub fn PickPage(ids: Signal<Vec<Uuid>>) -> impl IntoView {
    use_bulk_select().map(|select| {
        let all = move || {
            let ids = ids.get();
            !ids.is_empty() && ids.iter().all(|id| select.is_picked(*id))
        };
        view! {
            <th scope="col" class="pick">
                <input type="checkbox" aria-label="Select this page" title="Select this page"
                    prop:checked=all
                    on:change=move |e| select.set_page(&ids.get_untracked(), event_target_checked(&e))/>
            </th>
        }
    })
}
