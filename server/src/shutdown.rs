//! Graceful shutdown: on SIGTERM or Ctrl-C the server stops accepting connections, ends the
//! live feeds, lets requests in flight finish for up to `GRACE`, then closes the database.
use std::time::Duration;
use tokio::sync::watch;

/// How long requests in flight may take to finish once shutdown starts.
pub const GRACE: Duration = Duration::from_secs(30);

/// Resolves on the first SIGTERM or SIGINT.
pub async fn signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(e) => {
                tracing::warn!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}

/// A shutdown trigger shared by the server (stop accepting) and the deadline (stop waiting).
pub struct Shutdown {
    started: watch::Sender<bool>,
}

impl Shutdown {
    pub fn new() -> Self {
        Self {
            started: watch::channel(false).0,
        }
    }

    /// Waits for the signal, then tells everything else that shutdown has started.
    pub fn on_signal(
        &self,
        events: app::events::EventBus,
    ) -> impl std::future::Future<Output = ()> {
        let started = self.started.clone();
        async move {
            signal().await;
            tracing::info!(
                "shutting down: refusing new connections, finishing requests in flight ({} s at most)",
                GRACE.as_secs()
            );
            events.close();
            started.send_replace(true);
        }
    }

    /// Resolves `GRACE` after shutdown started: requests still running then are abandoned.
    pub fn deadline(&self) -> impl std::future::Future<Output = ()> {
        let mut started = self.started.subscribe();
        async move {
            let _ = started.wait_for(|s| *s).await;
            tokio::time::sleep(GRACE).await;
        }
    }
}
