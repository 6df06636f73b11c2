//! The console's keyboard shortcuts: `/` focuses the list's search, `n` opens Create (where
//! the page offers it), ↑ and ↓ move through the list's rows, Enter opens the row's Edit, `?`
//! lists them all. Pages opt in through data attributes (`data-shortcut="create"` on their
//! Create button, `data-shortcut="edit"` on each row's Edit), so this module knows no page.
//! Keys typed into a field, or while a dialog is open, are left alone.
use super::icon::{lucide, Icon};
use super::modal::Modal;
use leptos::prelude::*;

const KEYS: [(&str, &str); 5] = [
    ("/", "Search the list"),
    ("n", "Create (users, clients)"),
    ("↑ ↓", "Move through the list's rows"),
    ("Enter", "Edit the row"),
    ("?", "Show these shortcuts"),
];

/// Listens for the shortcuts; renders the button and dialog that list them.
#[component]
pub fn Shortcuts() -> impl IntoView {
    let open = RwSignal::new(false);
    #[cfg(feature = "hydrate")]
    {
        let handle = window_event_listener(leptos::ev::keydown, move |ev| {
            if let Some(done) = keys::handle(&ev) {
                ev.prevent_default();
                if done == keys::Done::ShowHelp {
                    open.set(true);
                }
            }
        });
        on_cleanup(move || handle.remove());
    }
    view! {
        <button type="button" class="icon" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)"
            on:click=move |_| open.set(true)>
            <Icon svg=lucide::KEYBOARD/>
        </button>
        <Show when=move || open.get()>
            <Modal title="Keyboard shortcuts" on_close=Callback::new(move |_| open.set(false))>
                <dl class="facts shortcuts">
                    {KEYS.iter().map(|(key, what)| view! { <dt><kbd>{*key}</kbd></dt><dd>{*what}</dd> }).collect_view()}
                </dl>
                <div class="actions">
                    <button type="button" on:click=move |_| open.set(false)>"Close"</button>
                </div>
            </Modal>
        </Show>
    }
}

#[cfg(feature = "hydrate")]
mod keys {
    use leptos::prelude::document;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{Element, HtmlElement, KeyboardEvent};

    #[derive(PartialEq, Eq)]
    pub enum Done {
        Handled,
        ShowHelp,
    }

    /// What the key did, if it was a shortcut here.
    pub fn handle(ev: &KeyboardEvent) -> Option<Done> {
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || typing() || dialog_open() {
            return None;
        }
        match ev.key().as_str() {
            "/" => focus(&find("input[type=search]")?),
            "n" => click(&find("[data-shortcut=create]")?),
            "?" => Some(Done::ShowHelp),
            "ArrowDown" => move_row(1),
            "ArrowUp" => move_row(-1),
            // Only on the row itself: on a button in it, Enter is that button's.
            "Enter" => click(
                &focused_row()?
                    .query_selector("[data-shortcut=edit]")
                    .ok()??,
            ),
            _ => None,
        }
    }

    fn find(selector: &str) -> Option<Element> {
        document().query_selector(selector).ok()?
    }

    fn focus(el: &Element) -> Option<Done> {
        el.dyn_ref::<HtmlElement>()?.focus().ok()?;
        Some(Done::Handled)
    }

    fn click(el: &Element) -> Option<Done> {
        el.dyn_ref::<HtmlElement>()?.click();
        Some(Done::Handled)
    }

    /// Typing in a field: the key is text, not a shortcut.
    fn typing() -> bool {
        document().active_element().is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.get_attribute("contenteditable").is_some()
        })
    }

    fn dialog_open() -> bool {
        find("dialog[open]").is_some()
    }

    /// The list row that has focus (or holds it).
    fn current_row() -> Option<Element> {
        document()
            .active_element()?
            .closest("table.list tbody tr")
            .ok()?
    }

    fn focused_row() -> Option<Element> {
        let el = document().active_element()?;
        el.matches("table.list tbody tr").ok()?.then_some(el)
    }

    /// Focuses the row `by` rows away from the focused one (the first row when none is).
    fn move_row(by: i32) -> Option<Done> {
        let rows = document()
            .query_selector_all("table.list tbody tr[tabindex]")
            .ok()?;
        let count = rows.length() as i32;
        if count == 0 {
            return None;
        }
        let current = current_row();
        let at = (0..count).find(|&i| {
            current
                .as_ref()
                .is_some_and(|c| rows.item(i as u32).is_some_and(|r| r.is_same_node(Some(c))))
        });
        let next = match at {
            Some(i) => (i + by).clamp(0, count - 1),
            None => 0,
        };
        focus(rows.item(next as u32)?.dyn_ref::<Element>()?)
    }
}
