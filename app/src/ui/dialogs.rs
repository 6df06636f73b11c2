//! Which dialog of a page is open, the toast that reports a finished change, and the refresh
//! after one: shared by a page, its rows and its dialogs through context.
use leptos::prelude::*;
use std::time::Duration;

pub struct PageUi<D: Send + Sync + 'static> {
    pub dialog: RwSignal<Option<D>>,
    toast: RwSignal<Option<String>>,
    refresh: Callback<()>,
}

impl<D: Send + Sync + 'static> Clone for PageUi<D> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<D: Send + Sync + 'static> Copy for PageUi<D> {}

impl<D: Send + Sync + 'static> PageUi<D> {
    pub fn provide(refresh: Callback<()>) -> Self {
        let ui = Self {
            dialog: RwSignal::new(None),
            toast: RwSignal::new(None),
            refresh,
        };
        provide_context(ui);
        ui
    }

    pub fn open(&self, dialog: D) {
        self.dialog.set(Some(dialog));
    }

    pub fn close(&self) {
        self.dialog.set(None);
    }

    /// A change went through: close the dialog, say so, and show the page as it is now.
    pub fn done(&self, message: &str) {
        self.refresh.run(());
        self.started(message);
    }

    /// Work began in the background (a bulk job): close the dialog and say so. The page is not
    /// fetched again: the changes reach it live as they are made.
    pub fn started(&self, message: &str) {
        self.close();
        self.toast.set(Some(message.to_owned()));
        let toast = self.toast;
        set_timeout(move || toast.set(None), Duration::from_secs(4));
    }

    /// The toast, announced politely.
    pub fn toast(&self) -> impl IntoView {
        let toast = self.toast;
        view! {
            <p class="toast" aria-live="polite" class:shown=move || toast.get().is_some()>
                {move || toast.get()}
            </p>
        }
    }
}

pub fn page_ui<D: Send + Sync + 'static>() -> PageUi<D> {
    expect_context::<PageUi<D>>()
}
