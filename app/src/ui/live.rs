//! The console's live feed: one `EventSource` per tab on `/api/live`, reopened with growing
//! pauses (0.5 s up to 30 s) after a drop. Pages subscribe with `Live::on_event`; after a
//! reconnection they get `Resync`, as changes made meanwhile were not seen.
use crate::model::live::Change;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveStatus {
    Connecting,
    Live,
    Reconnecting,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LiveEvent {
    Change(Change),
    /// Refetch everything shown: changes may have been missed.
    Resync,
}

type Listeners = Vec<(u64, Callback<LiveEvent>)>;

#[derive(Clone, Copy)]
pub struct Live {
    pub status: RwSignal<LiveStatus>,
    listeners: StoredValue<Listeners>,
    next_id: StoredValue<u64>,
}

impl Live {
    /// Provides the feed to the console's pages and, in the browser, opens it.
    pub fn provide() -> Self {
        let live = Self {
            status: RwSignal::new(LiveStatus::Connecting),
            listeners: StoredValue::new(Vec::new()),
            next_id: StoredValue::new(0),
        };
        provide_context(live);
        #[cfg(feature = "hydrate")]
        Effect::new(move |_| browser::connect(live, 0));
        live
    }

    /// Calls `f` for every event while the calling component lives.
    pub fn on_event(self, f: impl Fn(LiveEvent) + Send + Sync + 'static) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.listeners
            .update_value(|l| l.push((id, Callback::new(f))));
        on_cleanup(move || {
            self.listeners
                .try_update_value(|l| l.retain(|(i, _)| *i != id));
        });
    }

    /// Runs `refetch` once a burst of events that `concerns` (and every resync) has passed
    /// (150 ms), for views that simply load again.
    pub fn refetch_when(
        self,
        concerns: impl Fn(Change) -> bool + Send + Sync + 'static,
        refetch: impl Fn() + Send + Sync + 'static,
    ) {
        let round = StoredValue::new(0u64);
        let refetch = Callback::new(move |()| refetch());
        self.on_event(move |event| {
            if let LiveEvent::Change(c) = event {
                if !concerns(c) {
                    return;
                }
            }
            round.update_value(|n| *n += 1);
            let this = round.get_value();
            set_timeout(
                move || {
                    if round.try_get_value() == Some(this) {
                        refetch.run(());
                    }
                },
                std::time::Duration::from_millis(150),
            );
        });
    }

    #[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
    fn emit(self, event: LiveEvent) {
        for (_, f) in self.listeners.try_get_value().unwrap_or_default() {
            f.run(event);
        }
    }
}

pub fn use_live() -> Option<Live> {
    use_context::<Live>()
}

/// The small connection indicator in the top bar.
#[component]
pub fn LiveIndicator() -> impl IntoView {
    let live = use_live();
    let status = move || live.map_or(LiveStatus::Connecting, |l| l.status.get());
    let label = move || match status() {
        LiveStatus::Live => "Live",
        LiveStatus::Connecting => "Connecting…",
        LiveStatus::Reconnecting => "Reconnecting…",
    };
    let title = move || match status() {
        LiveStatus::Live => "Changes made by anyone show up here as they happen.",
        _ => "Not receiving changes right now; what you see may be out of date.",
    };
    view! {
        <span class="live-status" data-state=move || format!("{:?}", status()).to_lowercase()
            title=title>{label}</span>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{Live, LiveEvent, LiveStatus};
    use crate::model::live::Change;
    use leptos::prelude::*;
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::Duration;
    use wasm_bindgen::{closure::Closure, JsCast};
    use web_sys::{EventSource, MessageEvent};

    /// Opens the feed; `attempt` counts failures since the last open one.
    pub fn connect(live: Live, attempt: u32) {
        let Ok(source) = EventSource::new("/api/live") else {
            return retry(live, attempt + 1);
        };
        let opened = Rc::new(Cell::new(false));
        let on_open = {
            let opened = opened.clone();
            Closure::<dyn FnMut()>::new(move || {
                opened.set(true);
                live.status.set(LiveStatus::Live);
                if attempt > 0 {
                    live.emit(LiveEvent::Resync);
                }
            })
        };
        let on_change = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
            let change = e
                .data()
                .as_string()
                .and_then(|d| serde_json::from_str::<Change>(&d).ok());
            if let Some(change) = change {
                live.emit(LiveEvent::Change(change));
            }
        });
        let on_resync =
            Closure::<dyn FnMut(MessageEvent)>::new(move |_| live.emit(LiveEvent::Resync));
        // EventSource would retry by itself at a fixed pace: close it and back off instead.
        let on_error = {
            let source = source.clone();
            Closure::<dyn FnMut()>::new(move || {
                source.close();
                live.status.set(LiveStatus::Reconnecting);
                retry(live, if opened.get() { 1 } else { attempt + 1 });
                leave_if_signed_out();
            })
        };
        source.set_onopen(Some(on_open.as_ref().unchecked_ref()));
        source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        let _ =
            source.add_event_listener_with_callback("change", on_change.as_ref().unchecked_ref());
        let _ =
            source.add_event_listener_with_callback("resync", on_resync.as_ref().unchecked_ref());
        // They live as long as the source, which lives as long as the tab (or until an error).
        on_open.forget();
        on_change.forget();
        on_resync.forget();
        on_error.forget();
    }

    /// The feed ends when the session does (signed out elsewhere, disabled, idle): then the
    /// console goes to the sign-in page at once instead of at the next click.
    fn leave_if_signed_out() {
        leptos::task::spawn_local(async {
            if let Err(crate::model::AppError::Unauthorized(_)) = crate::api::current_staff().await
            {
                let _ = window().location().set_href("/admin/login");
            }
        });
    }

    fn retry(live: Live, attempt: u32) {
        let pause = (500u64 << attempt.min(6)).min(30_000);
        set_timeout(move || connect(live, attempt), Duration::from_millis(pause));
    }
}
