//! Add Staff Member / Edit Staff Member: name, email and role; a new member is invited by
//! mail where mail goes out (or gets a one-time password). Save keeps what was typed on any
//! refusal and shows each message by its field; a save over someone else's is refused.
use super::{staff_ui, Dialog};
use crate::api::{create_staff, list_roles, staff_invitations_by_mail, update_staff};
use crate::model::user_form::FieldError;
use crate::model::{StaffForm, StaffRow};
use crate::ui::fields::{CheckField, FieldMessage, TextField};
use crate::ui::form::{place_error, FormError};
use crate::ui::modal::Modal;
use leptos::prelude::*;

const FIELDS: [&str; 4] = ["name", "email", "role", "invite"];

#[component]
pub fn StaffFormDialog(editing: Option<StaffRow>) -> impl IntoView {
    let ui = staff_ui();
    let roles = Resource::new(|| (), |_| list_roles());
    let form = RwSignal::new(
        editing
            .as_ref()
            .map_or_else(StaffForm::default, |r| StaffForm {
                name: r.name.clone(),
                email: r.email.clone(),
                role_id: r.role_id,
            }),
    );
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failure = RwSignal::new(None);
    let target = editing.as_ref().map(|r| (r.id, r.version));
    // Invitations by mail where mail goes out, ticked unless unticked; else a one-time password.
    let by_mail = Resource::new(|| (), |_| staff_invitations_by_mail());
    let invite_chosen = RwSignal::new(true);
    let invite = Signal::derive(move || {
        target.is_none() && invite_chosen.get() && matches!(by_mail.get(), Some(Ok(true)))
    });
    let save = Action::new(move |(sent, invite): &(StaffForm, bool)| {
        let (sent, invite) = (sent.clone(), *invite);
        async move {
            match target {
                None => create_staff(sent.clone(), invite)
                    .await
                    .map(|c| Some((sent, c.one_time_password))),
                Some((id, version)) => update_staff(id, version, sent).await.map(|()| None),
            }
        }
    });
    Effect::new(move |_| match save.value().get() {
        Some(Ok(Some((sent, Some(password))))) => {
            ui.done("Staff member added");
            ui.open(Dialog::Created {
                name: sent.name,
                password,
            });
        }
        Some(Ok(Some((sent, None)))) => ui.done(&format!(
            "Staff member added; invitation sent to {}",
            sent.email
        )),
        Some(Ok(None)) => ui.done("Staff member saved"),
        Some(Err(e)) => {
            let (placed, rest) = place_error(e, |f| FIELDS.contains(&f));
            errors.set(placed);
            failure.set(rest);
        }
        None => {}
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        failure.set(None);
        if form.with_untracked(|f| f.role_id == 0) {
            errors.set(vec![FieldError::new(
                "role",
                crate::model::messages::Message::NoSuchRole,
            )]);
            return;
        }
        errors.set(Vec::new());
        save.dispatch((form.get_untracked(), invite.get_untracked()));
    };
    let text = |get: fn(&StaffForm) -> &String, put: fn(&mut StaffForm, String)| {
        (
            Signal::derive(move || form.with(|f| get(f).clone())),
            Callback::new(move |v: String| form.update(|f| put(f, v))),
        )
    };
    let (name, set_name) = text(|f| &f.name, |f, v| f.name = v);
    let (email, set_email) = text(|f| &f.email, |f, v| f.email = v);
    let leave = Callback::new(|_: &'static str| {});
    let title = match &editing {
        None => "Add Staff Member".to_owned(),
        Some(r) => format!("Edit {}", r.name),
    };
    let close = Callback::new(move |_| ui.close());
    view! {
        <Modal title on_close=close>
            <form class="user-form" on:submit=submit novalidate>
                <TextField label="Name" field="name" value=name set=set_name errors leave required=true scope="staff"/>
                <TextField label="Email" field="email" value=email set=set_email errors leave kind="email" required=true scope="staff"/>
                <div class="field">
                    <label for="staff-role">"Role *"</label>
                    <Suspense fallback=|| view! { <select id="staff-role" disabled=true><option>"Loading roles…"</option></select> }>
                        {move || Suspend::new(async move {
                            let list = roles.await.unwrap_or_default();
                            view! {
                                <select id="staff-role" aria-describedby="staff-role-error"
                                    on:change=move |ev| {
                                        let id = event_target_value(&ev).parse().unwrap_or(0);
                                        form.update(|f| f.role_id = id);
                                    }>
                                    <option value="0" selected=move || form.with(|f| f.role_id == 0)>"Choose a role…"</option>
                                    {list.into_iter().map(|r| {
                                        let id = r.id;
                                        view! { <option value=id.to_string() selected=move || form.with(|f| f.role_id == id)>{r.name}</option> }
                                    }).collect_view()}
                                </select>
                            }
                        })}
                    </Suspense>
                    <FieldMessage field="role" errors scope="staff"/>
                </div>
                // Its own Suspense: under the page's, loading this re-rendered the page around
                // the dialog and took it out of the top layer (Escape stopped closing it).
                {editing.is_none().then(|| view! { <Suspense>
                    <Show when=move || matches!(by_mail.get(), Some(Ok(true)))>
                        <CheckField label="Send an invitation by email" id="staff-invite"
                            checked=invite set=Callback::new(move |v| invite_chosen.set(v))/>
                        <FieldMessage field="invite" errors scope="staff"/>
                    </Show>
                    <p class="hint" id="staff-handover-hint">{move || if invite.get() {
                        "They get a link by email to choose their password (valid 72 hours), and set up two-factor authentication when they first sign in."
                    } else {
                        "They get a one-time password, shown once here, and choose their own password and set up two-factor authentication when they first sign in."
                    }}</p>
                </Suspense> })}
                <FormError error=failure/>
                <div class="actions">
                    <button type="button" on:click=move |_| ui.close()>"Cancel"</button>
                    <button type="submit" class="primary" disabled=move || save.pending().get() aria-busy=move || save.pending().get().then_some("true")>
                        {if target.is_some() { "Save" } else { "Add staff member" }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}
