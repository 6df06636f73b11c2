//! Manage Users kept live: on a change that may concern the page, the page is fetched again in
//! the background and merged into what is shown. Changed rows update in place (and flash),
//! rows that left fade out, and rows that would push others down wait behind a
//! "1 new user – show" bar instead of moving the table under the cursor.
use crate::api::list_users;
use crate::model::live::{Change, ChangeKind};
use crate::model::user_list::{Total, UserListQuery, UserPage, UserRow};
use crate::ui::fetch_order::FetchOrder;
use crate::ui::live::use_live;
use leptos::prelude::*;
use std::time::Duration;

/// A row as shown: `rev` counts live updates (a new `rev` re-renders and flashes the row).
#[derive(Debug, Clone, PartialEq)]
pub struct ShownRow {
    pub row: UserRow,
    pub rev: u32,
    pub gone: bool,
}

impl ShownRow {
    fn new(row: UserRow) -> Self {
        Self {
            row,
            rev: 0,
            gone: false,
        }
    }
}

/// The shown rows after a fresh fetch of the same page, and how many rows it has that are not
/// shown yet.
pub fn merge(shown: &[ShownRow], fresh: &[UserRow]) -> (Vec<ShownRow>, usize) {
    let rows = shown
        .iter()
        .map(|s| match fresh.iter().find(|f| f.id == s.row.id) {
            Some(f) if *f != s.row => ShownRow {
                row: f.clone(),
                rev: s.rev + 1,
                gone: false,
            },
            Some(_) => s.clone(),
            None => ShownRow {
                gone: true,
                ..s.clone()
            },
        })
        .collect();
    let new = fresh
        .iter()
        .filter(|f| !shown.iter().any(|s| s.row.id == f.id))
        .count();
    (rows, new)
}

#[derive(Clone, Copy)]
pub struct LiveRows {
    pub rows: RwSignal<Vec<ShownRow>>,
    pub total: RwSignal<Total>,
    /// A fetched page with rows not shown yet, and how many.
    pub waiting: RwSignal<Option<(UserPage, usize)>>,
    order: StoredValue<FetchOrder>,
}

/// How long a row that left fades before it is removed (the CSS animation's length).
const FADE: Duration = Duration::from_millis(900);

impl LiveRows {
    pub fn new(page: UserPage, query: UserListQuery) -> Self {
        let live_rows = Self {
            rows: RwSignal::new(page.rows.into_iter().map(ShownRow::new).collect()),
            total: RwSignal::new(page.total),
            waiting: RwSignal::new(None),
            order: StoredValue::new(FetchOrder::default()),
        };
        if let Some(live) = use_live() {
            let query = StoredValue::new(query);
            let shown = move |c: Change| {
                live_rows
                    .rows
                    .with_untracked(|r| c.touches(ChangeKind::User, r.iter().map(|s| s.row.id)))
            };
            live.refetch_when(shown, move || live_rows.refresh(query.get_value()));
        }
        live_rows
    }

    fn refresh(self, query: UserListQuery) {
        let mut ticket = 0;
        self.order.update_value(|o| ticket = o.issue());
        leptos::task::spawn_local(async move {
            let Ok(fresh) = list_users(query).await else {
                return;
            };
            let mut newest = false;
            self.order.try_update_value(|o| newest = o.accept(ticket));
            if !newest {
                return;
            }
            let (rows, new) = self.rows.with_untracked(|shown| merge(shown, &fresh.rows));
            let _ = self.rows.try_set(rows);
            if new > 0 {
                let _ = self.waiting.try_set(Some((fresh, new)));
            } else {
                let _ = self.total.try_set(fresh.total);
                let _ = self.waiting.try_set(None);
            }
            set_timeout(
                move || {
                    self.rows.try_update(|r| r.retain(|s| !s.gone));
                },
                FADE,
            );
        });
    }

    /// The "show" of the new-rows bar: the fetched page as it is.
    pub fn show_waiting(self) {
        if let Some((page, _)) = self.waiting.get_untracked() {
            self.rows
                .set(page.rows.into_iter().map(ShownRow::new).collect());
            self.total.set(page.total);
            self.waiting.set(None);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::user_list::{TwoFactorState, UserStatus};
    use uuid::Uuid;

    fn row(n: u128, status: UserStatus) -> UserRow {
        UserRow {
            id: Uuid::from_u128(n),
            first_name: format!("U{n}"),
            last_name: String::new(),
            email: format!("u{n}@x.test"),
            email_verified: false,
            phone: None,
            phone_verified: false,
            status,
            two_factor: TwoFactorState::Off,
            passkey: false,
            locked: false,
            clients: 0,
            created_at: "2026-11-25T00:00:00Z".parse().unwrap(),
            last_sign_in: None,
        }
    }

    #[test]
    fn changed_rows_update_in_place_left_rows_fade_new_rows_wait() {
        let shown: Vec<ShownRow> = [1, 2, 3]
            .map(|n| ShownRow::new(row(n, UserStatus::New)))
            .to_vec();
        // 1 unchanged, 2 now ACTIVE, 3 deleted, 4 new (it would come first).
        let fresh = vec![
            row(4, UserStatus::New),
            row(1, UserStatus::New),
            row(2, UserStatus::Active),
        ];
        let (rows, new) = merge(&shown, &fresh);
        assert_eq!(new, 1);
        assert_eq!(rows.len(), 3, "the shown rows keep their places");
        assert_eq!((rows[0].rev, rows[0].gone), (0, false));
        assert_eq!((rows[1].rev, rows[1].row.status), (1, UserStatus::Active));
        assert!(rows[2].gone);
    }
}
