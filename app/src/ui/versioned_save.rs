//! The save of a versioned edit form (Edit User, Edit Client; staff next) and the notice it
//! shows when the record was saved by someone else since the form was opened: "This user was
//! changed by Bea at …", their version in one line, and the choice between taking their
//! version and overwriting it knowingly. A save never silently overwrites another.
use crate::model::user_form::FieldError;
use crate::model::{AppError, Conflict, Versioned};
use leptos::prelude::*;
use std::future::Future;

/// A form's save and what came of it. `save` is dispatched with `overwrite`.
pub struct VersionedSave<R: Versioned> {
    pub save: Action<bool, Result<(), AppError>>,
    /// The last save's error that no field shows.
    pub failure: RwSignal<Option<AppError>>,
    pub conflict: RwSignal<Option<Conflict<R>>>,
    /// Puts their version into the form.
    load_theirs: Callback<R>,
}

impl<R: Versioned> Clone for VersionedSave<R> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<R: Versioned> Copy for VersionedSave<R> {}

/// How a form saves: `send(overwrite)` sends it; field messages go to `errors`, and those
/// of fields the form does not show (`placed` says which it does) to `failure`; `on_saved`
/// runs after a save; `load_theirs` puts the other save's version into the form.
pub fn versioned_save<R: Versioned, Fut>(
    send: impl Fn(bool) -> Fut + Send + Sync + 'static,
    errors: RwSignal<Vec<FieldError>>,
    placed: fn(&str) -> bool,
    on_saved: impl Fn() + 'static,
    load_theirs: impl Fn(R) + Send + Sync + 'static,
) -> VersionedSave<R>
where
    Fut: Future<Output = Result<(), AppError>> + Send + 'static,
{
    let flow = VersionedSave {
        save: Action::new(move |overwrite: &bool| send(*overwrite)),
        failure: RwSignal::new(None),
        conflict: RwSignal::new(None),
        load_theirs: Callback::new(load_theirs),
    };
    Effect::new(move |_| match flow.save.value().get() {
        Some(Ok(())) => on_saved(),
        Some(Err(AppError::Fields(list))) => {
            flow.failure.set(crate::ui::form::unplaced(&list, placed));
            errors.set(list);
        }
        Some(Err(AppError::Changed(c))) => match c.about::<R>() {
            Some(c) => flow.conflict.set(Some(c)),
            None => flow.failure.set(Some(AppError::Conflict)),
        },
        Some(Err(AppError::NotFound)) => flow.failure.set(Some(AppError::validation("", R::GONE))),
        Some(Err(e)) => flow.failure.set(Some(e)),
        None => {}
    });
    flow
}

impl<R: Versioned> VersionedSave<R> {
    /// Saves the form as typed, at the version it was opened (or last loaded) at.
    pub fn dispatch(&self) {
        self.failure.set(None);
        self.save.dispatch(false);
    }

    fn take_theirs(&self) {
        if let Some(c) = self.conflict.get_untracked() {
            self.conflict.set(None);
            self.load_theirs.run(c.current);
        }
    }

    fn overwrite(&self) {
        self.conflict.set(None);
        self.save.dispatch(true);
    }
}

#[component]
pub fn ConflictNotice<R: Versioned>(flow: VersionedSave<R>) -> impl IntoView {
    move || {
        flow.conflict.get().map(|c| {
            let at = c.at.format("%Y-%m-%d %H:%M:%S");
            view! {
                <div class="conflict" role="alert">
                    <p><strong>{format!("This {} was changed by {} at {at} UTC.", R::NOUN, c.by)}</strong></p>
                    <p>{format!("Their version: {}.", c.current.summary())}</p>
                    <button type="button" on:click=move |_| flow.take_theirs()>"Load their version"</button>
                    <button type="button" class="danger" on:click=move |_| flow.overwrite()>"Overwrite with mine"</button>
                </div>
            }
        })
    }
}
