//! The dialog around every create / edit form (users, clients; staff next): it loads the
//! record when editing, says when the record is gone, and hands the form the loaded record,
//! or `None` when creating.
use crate::model::AppError;
use crate::ui::modal::Modal;
use leptos::prelude::*;
use serde::{de::DeserializeOwned, Serialize};
use std::future::Future;
use uuid::Uuid;

#[component]
pub fn EditDialog<T, Load, Fut, Body>(
    /// "User", "Client": titles read "Create User" / "Edit User".
    noun: &'static str,
    editing: Option<Uuid>,
    /// Reads the record to edit (a server function).
    load: Load,
    on_close: Callback<()>,
    /// The form, given the record (`None`: a new one).
    body: Body,
) -> impl IntoView
where
    T: Clone + Send + Sync + Serialize + DeserializeOwned + 'static,
    Load: Fn(Uuid) -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = Result<T, AppError>> + Send + 'static,
    Body: Fn(Option<T>) -> AnyView + Clone + Send + Sync + 'static,
{
    let title = match editing {
        Some(_) => format!("Edit {noun}"),
        None => format!("Create {noun}"),
    };
    let gone = format!("This {} no longer exists.", noun.to_lowercase());
    let loaded = Resource::new(
        move || editing,
        move |id| async move {
            match id {
                Some(id) => load(id).await.map(Some),
                None => Ok(None),
            }
        },
    );
    view! {
        <Modal title on_close>
            <Suspense fallback=|| view! { <p>"Loading…"</p> }>
                {move || {
                    let (body, gone) = (body.clone(), gone.clone());
                    Suspend::new(async move {
                        match loaded.await {
                            Ok(record) => body(record),
                            Err(AppError::NotFound) => {
                                view! { <p class="form-error" role="alert">{gone}</p> }.into_any()
                            }
                            Err(e) => {
                                view! { <p class="form-error" role="alert">{e.to_string()}</p> }
                                    .into_any()
                            }
                        }
                    })
                }}
            </Suspense>
        </Modal>
    }
}
