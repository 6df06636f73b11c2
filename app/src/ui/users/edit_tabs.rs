//! Edit User's tabs: the form (Details), where the user is signed in (Sessions) and their
//! last sign-ins (Sign-in history). The form stays in the page while another tab shows, so
//! nothing typed is lost; the other two load when first opened.
use super::sign_in_history::SignInHistory;
use super::user_sessions::UserSessions;
use leptos::prelude::*;
use uuid::Uuid;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EditTab {
    Details,
    Sessions,
    SignIns,
}

impl EditTab {
    const ALL: [Self; 3] = [Self::Details, Self::Sessions, Self::SignIns];

    fn label(self) -> &'static str {
        match self {
            Self::Details => "Details",
            Self::Sessions => "Sessions",
            Self::SignIns => "Sign-in history",
        }
    }

    /// The id of the tab's button, which labels its panel.
    pub fn tab_id(self) -> &'static str {
        match self {
            Self::Details => "user-tab-details",
            Self::Sessions => "user-tab-sessions",
            Self::SignIns => "user-tab-sign-ins",
        }
    }
}

#[component]
pub fn EditTabs(tab: RwSignal<EditTab>) -> impl IntoView {
    view! {
        <div class="tabs" role="tablist" aria-label="Edit User">
            {EditTab::ALL.into_iter().map(|t| view! {
                <button type="button" role="tab" id=t.tab_id()
                    aria-selected=move || (tab.get() == t).to_string()
                    on:click=move |_| tab.set(t)>{t.label()}</button>
            }).collect_view()}
        </div>
    }
}

/// The Sessions and Sign-in history panels, each rendered while its tab is chosen.
#[component]
pub fn AccountPanels(id: Uuid, tab: RwSignal<EditTab>) -> impl IntoView {
    view! {
        <Show when=move || tab.get() == EditTab::Sessions>
            <div role="tabpanel" aria-labelledby=EditTab::Sessions.tab_id()><UserSessions id/></div>
        </Show>
        <Show when=move || tab.get() == EditTab::SignIns>
            <div role="tabpanel" aria-labelledby=EditTab::SignIns.tab_id()><SignInHistory id/></div>
        </Show>
    }
}
