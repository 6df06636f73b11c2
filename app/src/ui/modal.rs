//! A modal dialog on the browser's own `<dialog>`: opened with `showModal()`, the browser
//! keeps focus inside it and makes the page behind inert; Escape and Cancel close it, and
//! focus goes back to the element that opened it.
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

#[component]
pub fn Modal(
    #[prop(into)] title: String,
    /// Called on Escape; the owner removes the modal.
    on_close: Callback<()>,
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Dialog>::new();
    // Modals open on clicks, never in server-rendered HTML, so the document is there.
    let opener = document().active_element();
    let opener = StoredValue::new_local(opener);
    let shown = StoredValue::new_local(None::<leptos::web_sys::HtmlDialogElement>);
    Effect::new(move |_| {
        if let Some(d) = dialog.get() {
            if !d.open() {
                let _ = d.show_modal();
            }
            shown.set_value(Some(d));
        }
    });
    on_cleanup(move || {
        // Closed before it leaves the page, so focus is not lost with it.
        if let Some(d) = shown.try_get_value().flatten() {
            d.close();
        }
        if let Some(el) = opener
            .try_get_value()
            .flatten()
            .and_then(|e| e.dyn_into::<leptos::web_sys::HtmlElement>().ok())
        {
            let _ = el.focus();
        }
    });
    view! {
        <dialog node_ref=dialog class="modal" aria-labelledby="modal-title"
            on:cancel=move |ev: leptos::ev::Event| {
                ev.prevent_default();
                on_close.run(());
            }>
            <h2 id="modal-title">{title}</h2>
            {children()}
        </dialog>
    }
}
