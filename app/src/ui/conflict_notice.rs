//! "This user was changed by Bea at …": shown when a save found the record saved by someone
//! else since the form was opened. It names them and their version, and offers the choice
//! between taking their version and overwriting it knowingly. Used by every versioned form.
use leptos::prelude::*;

/// What the notice says about the other save.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherSave {
    /// "user", "client".
    pub record: &'static str,
    pub by: String,
    pub at: chrono::DateTime<chrono::Utc>,
    /// Their version in one line ("Ann Lee, ann@example.com, ACTIVE").
    pub theirs: String,
}

#[component]
pub fn ConflictNotice(
    /// The other save, while the notice is shown.
    #[prop(into)]
    other: Signal<Option<OtherSave>>,
    /// Puts their version into the form (and its version number).
    load_theirs: Callback<()>,
    /// Saves again over their version.
    overwrite: Callback<()>,
) -> impl IntoView {
    move || {
        other.get().map(|o| {
            let at = o.at.format("%Y-%m-%d %H:%M:%S");
            view! {
                <div class="conflict" role="alert">
                    <p><strong>{format!("This {} was changed by {} at {at} UTC.", o.record, o.by)}</strong></p>
                    <p>{format!("Their version: {}.", o.theirs)}</p>
                    <button type="button" on:click=move |_| load_theirs.run(())>"Load their version"</button>
                    <button type="button" class="danger" on:click=move |_| overwrite.run(())>"Overwrite with mine"</button>
                </div>
            }
        })
    }
}
