//! My API tokens: what each may do, when it was last used and from where, and Revoke; a form
//! for a new one. The API itself is documented at /api/docs.
use super::api_token_form::{NewToken, NewTokenForm};
use crate::api::{my_api_tokens, revoke_api_token};
use crate::model::api_token::ApiTokenRow;
use crate::model::{Keyed, StaffMe};
use crate::ui::form::FormError;
use crate::ui::list::TableScroll;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn ApiTokensSection() -> impl IntoView {
    let tokens = Resource::new(|| (), |_| my_api_tokens());
    let revoke = Action::new(|id: &Uuid| revoke_api_token(*id));
    Effect::new(move |_| {
        if revoke.value().get().is_some_and(|r| r.is_ok()) {
            tokens.refetch();
        }
    });
    let error = Signal::derive(move || revoke.value().get().and_then(Result::err));
    // Outside the list, which is rebuilt when it reloads: the new token stays on screen.
    let shown = RwSignal::new(None);
    let created = Callback::new(move |made| {
        shown.set(Some(made));
        tokens.refetch();
    });
    view! {
        <section class="card wide" aria-labelledby="tokens-title">
            <h2 id="tokens-title">"API tokens"</h2>
            <p class="hint">"For scripts and other systems using the "<a href="/api/docs">"Roster API"</a>
                ". A token acts as you, with only the scopes you give it, and stops working when you lose a permission or are disabled."</p>
            <FormError error/>
            {move || shown.get().map(|made| view! { <NewToken made/> })}
            <Transition fallback=|| view! { <p>"Loading tokens…"</p> }>
                {move || Suspend::new(async move {
                    match tokens.await {
                        Ok(list) => view! {
                            <TokensTable rows=list.rows revoke/>
                            <h3>"New token"</h3>
                            <NewTokenForm grantable=list.grantable created/>
                        }.into_any(),
                        Err(e) => view! { <FormError error=Signal::derive(move || Some(e.clone()))/> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
    // Erased: the profile page's view type is otherwise too deep for the compiler.
    .into_any()
}

#[component]
fn TokensTable(
    rows: Vec<ApiTokenRow>,
    revoke: Action<Uuid, Result<(), crate::model::AppError>>,
) -> impl IntoView {
    if rows.is_empty() {
        return view! { <p class="empty">"No tokens yet."</p> }.into_any();
    }
    let style = use_context::<StaffMe>()
        .map(|m| m.date_style)
        .unwrap_or_default();
    view! {
        <TableScroll label="Your tokens">
        <table class="list cards tokens">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Scopes"</th>
                    <th scope="col">"Created"</th>
                    <th scope="col">"Expires"</th>
                    <th scope="col">"Last used"</th>
                    <th scope="col"><span class="visually-hidden">"Actions"</span></th>
                </tr>
            </thead>
            <tbody>
                {rows.into_iter().map(|t| {
                    let (id, name) = (t.id, t.name.clone());
                    let asking = RwSignal::new(false);
                    let state = match (t.revoked_at.is_some(), t.expired) {
                        (true, _) => Some(("REVOKED", "status-inactive")),
                        (false, true) => Some(("EXPIRED", "status-inactive")),
                        _ => None,
                    };
                    let scopes: Vec<&str> = t.scopes.iter().map(|s| s.key()).collect();
                    let used = match (t.last_used_at, t.last_used_ip.clone()) {
                        (Some(at), Some(ip)) => format!("{} from {ip}", style.timestamp(at)),
                        (Some(at), None) => style.timestamp(at),
                        _ => "Never".into(),
                    };
                    view! {
                        <tr>
                            <td>{t.name.clone()}" "<code class="muted">{format!("{}…", t.prefix)}</code>
                                {state.map(|(text, class)| view! { " " <span class=format!("badge {class}")>{text}</span> })}</td>
                            <td data-label="Scopes">{scopes.join(", ")}</td>
                            <td class="nowrap" data-label="Created">{style.timestamp(t.created_at)}</td>
                            <td class="nowrap" data-label="Expires">{t.expires_at.map_or_else(|| "Never".into(), |at| style.timestamp(at))}</td>
                            <td data-label="Last used">{used}</td>
                            <td class="nowrap row-actions">
                                {(state.is_none()).then(|| view! {
                                    // A second click revokes: the token stops working at once.
                                    <button type="button" class="danger" aria-label=move || if asking.get() { format!("Revoke {name} now") } else { format!("Revoke {name}") }
                                        on:click=move |_| if asking.get_untracked() { revoke.dispatch(id); } else { asking.set(true); }>
                                        {move || if asking.get() { "Revoke now?" } else { "Revoke" }}
                                    </button>
                                })}
                            </td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        </TableScroll>
    }.into_any()
}
