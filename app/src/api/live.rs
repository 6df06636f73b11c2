//! `GET /api/live`: the staff console's live feed as server-sent events. A staff session is
//! required; a member receives only the kinds their permissions let them view, re-checked while
//! the feed is open. `change` events carry `{kind, op, id}`; `resync` means "changes may have
//! been missed: refetch what you show" (a subscriber that fell behind, a lost LISTEN link).
use crate::auth::guard::staff_still_signed_in;
use crate::auth::session::{cookie_in, STAFF_COOKIE};
use crate::events::Event;
use crate::model::live::{Change, ChangeKind};
use crate::model::{Permission, StaffMe};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::sse::{self, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;
use tokio::time::Instant;

pub async fn live_feed(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let token = cookie_in(&headers, STAFF_COOKIE);
    // Neither opening nor holding the feed counts as activity: an idle console's session
    // times out like any other.
    let me = match staff_still_signed_in(&state, token.as_deref()).await {
        Ok(Some(me)) => me,
        Ok(None) => {
            let message = crate::model::messages::Message::NotSignedIn.to_string();
            return (StatusCode::UNAUTHORIZED, message).into_response();
        }
        Err(e) => {
            tracing::error!(error = %e, "live feed: session check failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let feed = Feed {
        next_check: Instant::now() + state.sessions.feed_recheck,
        rx: state.events.subscribe(),
        closed: Box::pin(state.events.closed()),
        state,
        token,
        me,
    };
    let stream = futures::stream::unfold(feed, |mut feed| async move {
        let event = feed.next().await?;
        Some((Ok::<_, Infallible>(event), feed))
    });
    Sse::new(stream)
        .keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
        .into_response()
}

struct Feed {
    rx: tokio::sync::broadcast::Receiver<Event>,
    /// Server shutdown: the feed ends so the server can drain (browsers reconnect elsewhere).
    closed: std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>,
    state: AppState,
    token: Option<String>,
    me: StaffMe,
    /// When the session and permissions are checked again; a deadline, not a pause between
    /// events, so that steady traffic cannot postpone it.
    next_check: Instant,
}

impl Feed {
    /// The next event for this staff member; `None` ends the feed (session over, shutdown).
    async fn next(&mut self) -> Option<sse::Event> {
        loop {
            let received = tokio::select! {
                received = self.rx.recv() => received,
                () = tokio::time::sleep_until(self.next_check) => {
                    let me = staff_still_signed_in(&self.state, self.token.as_deref()).await;
                    self.me = me.ok().flatten()?;
                    self.next_check = Instant::now() + self.state.sessions.feed_recheck;
                    continue;
                }
                () = &mut self.closed => return None,
            };
            match received {
                // A staff or role change may have disabled this member or changed their
                // rights: check now rather than at the next deadline, so a disabled
                // member's console closes within moments.
                Ok(Event::Change(change)) if change.kind == ChangeKind::Staff => {
                    let me = staff_still_signed_in(&self.state, self.token.as_deref()).await;
                    self.me = me.ok().flatten()?;
                    if self.may_see(&change) {
                        let data = serde_json::to_string(&change).ok()?;
                        return Some(sse::Event::default().event("change").data(data));
                    }
                }
                Ok(Event::Change(change)) if self.may_see(&change) => {
                    let data = serde_json::to_string(&change).ok()?;
                    return Some(sse::Event::default().event("change").data(data));
                }
                Ok(Event::Change(_)) => continue,
                Ok(Event::Resync) | Err(RecvError::Lagged(_)) => {
                    return Some(sse::Event::default().event("resync").data("{}"));
                }
                Err(RecvError::Closed) => return None,
            }
        }
    }

    fn may_see(&self, change: &Change) -> bool {
        self.me.can(match change.kind {
            ChangeKind::User => Permission::UsersView,
            ChangeKind::Client => Permission::ClientsView,
            ChangeKind::Staff => Permission::StaffManage,
            ChangeKind::Job => Permission::UsersView,
        })
    }
}
