//! Edit User's "Sign-in history": the user's last 50 attempts, newest first, each signed in
//! or refused (and why), with when, the browser and the address; kept current as they come.
use crate::api::user_sign_in_history;
use crate::model::account::SignInOutcome;
use crate::model::live::ChangeKind;
use crate::model::StaffMe;
use crate::ui::form::FormError;
use crate::ui::live::use_live;
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn SignInHistory(id: Uuid) -> impl IntoView {
    let style = use_context::<StaffMe>()
        .map(|m| m.date_style)
        .unwrap_or_default();
    let attempts = Resource::new(|| (), move |_| user_sign_in_history(id));
    if let Some(live) = use_live() {
        // Every attempt changes the user's row (last sign-in, or the failure count).
        live.refetch_when(
            move |c| c.kind == ChangeKind::User && c.id.is_none_or(|u| u == id),
            move || attempts.refetch(),
        );
    }
    view! {
        <fieldset class="sign-ins">
            <legend>"Sign-in history"</legend>
            <Transition fallback=|| view! { <p class="loading">"Loading sign-ins…"</p> }>
                {move || Suspend::new(async move {
                    match attempts.await {
                        Ok(rows) if rows.is_empty() => view! { <p class="hint">"No sign-ins yet."</p> }.into_any(),
                        Ok(rows) => view! {
                            <ul class="my-sessions">
                                {rows.into_iter().map(|a| {
                                    let refused = matches!(a.outcome, SignInOutcome::Refused(_));
                                    let outcome = match &a.outcome {
                                        SignInOutcome::SignedIn => "Signed in".to_owned(),
                                        SignInOutcome::Refused(why) => format!("Refused: {}", why.key()),
                                        SignInOutcome::ImpersonationStarted { by, reason } => {
                                            format!("{by} signed in as the user: {reason}")
                                        }
                                        SignInOutcome::ImpersonationEnded { by } => {
                                            format!("{by} returned to the console")
                                        }
                                    };
                                    let details = [
                                        Some(style.timestamp(a.at)),
                                        a.device.clone(),
                                        a.ip.clone(),
                                    ];
                                    view! {
                                        <li>
                                            <strong class:refused=refused>{outcome}</strong>
                                            <span class="hint">{details.into_iter().flatten().collect::<Vec<_>>().join(" · ")}</span>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(e) => view! { <FormError error=Signal::stored(Some(e))/> }.into_any(),
                    }
                })}
            </Transition>
        </fieldset>
    }
}
