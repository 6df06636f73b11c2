//! Which Roster field each column of the file fills (guessed from the header, changeable),
//! with a few values from the file to go by, and whether to invite users who come without a
//! password hash; "Check" runs the dry run over every row.
use crate::api::check_import;
use crate::model::import::{ImportField, ImportView};
use crate::model::{Keyed, Labelled, VariantArray};
use crate::ui::form::FormError;
use leptos::prelude::*;

#[component]
pub fn MappingForm(view: ImportView, reload: Callback<()>) -> impl IntoView {
    let id = view.id;
    let chosen = RwSignal::new(
        view.mapping
            .iter()
            .map(|m| m.map(|f| f.key().to_owned()).unwrap_or_default())
            .collect::<Vec<String>>(),
    );
    let invite = RwSignal::new(view.invite);
    let check =
        Action::new(move |_: &()| check_import(id, chosen.get_untracked(), invite.get_untracked()));
    Effect::new(move |_| {
        if let Some(Ok(_)) = check.value().get() {
            reload.run(());
        }
    });
    let error = Signal::derive(move || check.value().get().and_then(Result::err));
    let examples = move |column: usize| {
        view.sample
            .iter()
            .filter_map(|r| r.get(column).filter(|v| !v.trim().is_empty()).cloned())
            .take(3)
            .collect::<Vec<_>>()
            .join(" · ")
    };
    let rows = view.rows;
    view! {
        <form class="import-mapping" on:submit=move |ev| { ev.prevent_default(); check.dispatch(()); }>
            <h2>"Columns"</h2>
            <div class="table-scroll" role="region" aria-label="Columns of the file" tabindex="0">
            <table class="list">
                <thead><tr><th scope="col">"Column in the file"</th><th scope="col">"Examples"</th><th scope="col">"Imported as"</th></tr></thead>
                <tbody>
                    {view.header.iter().enumerate().map(|(i, name)| {
                        let select_id = format!("column-{i}");
                        view! {
                            <tr>
                                <td><label for=select_id.clone()>{name.clone()}</label></td>
                                <td class="hint">{examples(i)}</td>
                                <td>
                                    <select id=select_id on:change=move |e| {
                                        let value = event_target_value(&e);
                                        chosen.update(|c| c[i] = value);
                                    }>
                                        <option value="" selected=move || chosen.with(|c| c[i].is_empty())>"Not imported"</option>
                                        {ImportField::VARIANTS.iter().map(|f| {
                                            let key = f.key();
                                            view! { <option value=key selected=move || chosen.with(|c| c[i] == key)>{f.label()}</option> }
                                        }).collect_view()}
                                    </select>
                                </td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            </div>
            <label class="check">
                <input type="checkbox" prop:checked=move || invite.get() on:change=move |e| invite.set(event_target_checked(&e))/>
                "Send an invitation by email to users without a password hash"
            </label>
            <FormError error/>
            <button type="submit" class="primary" disabled=move || check.pending().get()>{format!("Check {rows} rows")}</button>
        </form>
    }
    .into_any()
}
