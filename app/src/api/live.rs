//! `GET /api/live`: the staff console's live feed as server-sent events. A staff session is
//! required; a member receives only the kinds their permissions let them view, re-checked while
//! the feed is open. `change` events carry `{kind, op, id}`; `resync` means "changes may have
//! been missed: refetch what you show" (a subscriber that fell behind, a lost LISTEN link).
use crate::auth::guard::signed_in_staff;
use crate::auth::session::{cookie_value, STAFF_COOKIE};
use crate::events::Event;
use crate::model::live::{Change, ChangeKind};
use crate::model::{Permission, StaffMe};
use crate::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::sse::{self, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// How often an open feed checks that its session and permissions still hold.
const RECHECK: Duration = Duration::from_secs(30);

pub async fn live_feed(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let token = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|c| cookie_value(c, STAFF_COOKIE))
        .map(str::to_owned);
    let me = match signed_in_staff(&state, token.as_deref()).await {
        Ok(Some(me)) => me,
        Ok(None) => return (StatusCode::UNAUTHORIZED, "Please sign in.").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "live feed: session check failed");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let feed = Feed {
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
}

impl Feed {
    /// The next event for this staff member; `None` ends the feed (session over, shutdown).
    async fn next(&mut self) -> Option<sse::Event> {
        loop {
            let received = tokio::select! {
                received = tokio::time::timeout(RECHECK, self.rx.recv()) => received,
                () = &mut self.closed => return None,
            };
            match received {
                Ok(Ok(Event::Change(change))) if self.may_see(&change) => {
                    let data = serde_json::to_string(&change).ok()?;
                    return Some(sse::Event::default().event("change").data(data));
                }
                Ok(Ok(Event::Change(_))) => continue,
                Ok(Ok(Event::Resync)) | Ok(Err(RecvError::Lagged(_))) => {
                    return Some(sse::Event::default().event("resync").data("{}"));
                }
                Ok(Err(RecvError::Closed)) => return None,
                Err(_) => {
                    let me = signed_in_staff(&self.state, self.token.as_deref()).await;
                    self.me = me.ok().flatten()?;
                }
            }
        }
    }

    fn may_see(&self, change: &Change) -> bool {
        self.me.can(match change.kind {
            ChangeKind::User => Permission::UsersView,
            ChangeKind::Client => Permission::ClientsView,
        })
    }
}
