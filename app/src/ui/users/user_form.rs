//! Create User / Edit User: the rules run as each field is left; Save sends the form, shows
//! the server's messages next to their fields and keeps everything typed; a user changed by
//! someone else meanwhile is shown, never silently overwritten.
use super::dialogs::users_ui;
use super::edit_tabs::{AccountPanels, EditTab, EditTabs};
use super::password_field::PasswordField;
use super::shared_phone::SharedPhoneNotice;
use super::status_field::StatusField;
use super::two_factor_field::TwoFactorField;
use crate::api::{create_user, update_user, user_for_edit};
use crate::model::language::LANGUAGES;
use crate::model::user_form::{check_field, EditUser, FieldError, FormMode, UserForm, FIELDS};
use crate::model::user_list::{TwoFactorState, UserStatus};
use crate::model::{Permission, StaffMe};
use crate::ui::edit_dialog::EditDialog;
use crate::ui::fields::{CheckField, PhoneField, TextField};
use crate::ui::form::{on_leave, FormError};
use crate::ui::versioned_save::{versioned_save, ConflictNotice};
use leptos::prelude::*;
use uuid::Uuid;

#[component]
pub fn UserFormDialog(editing: Option<Uuid>) -> impl IntoView {
    let ui = users_ui();
    let on_close = Callback::new(move |_| ui.close());
    let body = |user: Option<EditUser>| view! { <UserFormBody user/> }.into_any();
    view! { <EditDialog noun="User" editing load=user_for_edit on_close body/> }
}

#[component]
fn UserFormBody(user: Option<EditUser>) -> impl IntoView {
    let ui = users_ui();
    let mode = if user.is_some() {
        FormMode::Edit
    } else {
        FormMode::Create
    };
    let id = user.as_ref().map(|u| u.id);
    let was_new = user
        .as_ref()
        .is_some_and(|u| u.form.status == UserStatus::New);
    let can = |p| use_context::<StaffMe>().is_some_and(|me| me.can(p));
    let (can_audit, can_impersonate) = (
        can(Permission::AuditView),
        can(Permission::UsersImpersonate),
    );
    let form = RwSignal::new(user.as_ref().map(|u| u.form.clone()).unwrap_or_default());
    let two_factor = RwSignal::new(user.as_ref().map_or(TwoFactorState::Off, |u| u.two_factor));
    let saved_required = user.as_ref().is_some_and(|u| u.form.two_factor_required);
    let passkeys = user.as_ref().map_or(0, |u| u.passkeys);
    let version = RwSignal::new(user.as_ref().map_or(0, |u| u.version));
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let phone_checked = RwSignal::new(
        user.as_ref()
            .map(|u| (u.form.phone_region.clone(), u.form.phone.clone()))
            .unwrap_or_default(),
    );
    let leave = on_leave(errors, move |field| {
        if field == "phone" {
            let typed = form.with_untracked(|f| (f.phone_region.clone(), f.phone.clone()));
            if phone_checked.get_untracked() != typed {
                phone_checked.set(typed);
            }
        }
        form.with_untracked(|f| check_field(f, mode, field))
    });
    let flow = versioned_save(
        move |overwrite| {
            let sent = form.get_untracked();
            async move {
                match id {
                    None => create_user(sent).await.map(|_| ()),
                    Some(id) => update_user(id, version.get_untracked(), sent, overwrite).await,
                }
            }
        },
        errors,
        // The selects show their own messages too.
        |f| FIELDS.contains(&f) || f == "status",
        move || {
            ui.done(match id {
                Some(_) => "User saved",
                None if form.with_untracked(|f| f.invite) => "User created, invitation sent",
                None => "User created",
            })
        },
        move |theirs: EditUser| {
            form.set(theirs.form);
            version.set(theirs.version);
            two_factor.set(theirs.two_factor);
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let all = form.with_untracked(|f| crate::model::user_form::check(f, mode));
        errors.set(all.clone());
        if all.is_empty() {
            flow.dispatch();
        }
    };
    let text = |get: fn(&UserForm) -> &String, put: fn(&mut UserForm, String)| {
        (
            Signal::derive(move || form.with(|f| get(f).clone())),
            Callback::new(move |v: String| form.update(|f| put(f, v))),
        )
    };
    let (email, set_email) = text(
        |f| &f.email,
        |f, v| {
            // A new address is not verified until staff say it is.
            if f.email != v {
                f.email_verified = false;
            }
            f.email = v;
        },
    );
    let (first, set_first) = text(|f| &f.first_name, |f, v| f.first_name = v);
    let (last, set_last) = text(|f| &f.last_name, |f, v| f.last_name = v);
    let (region, set_region) = text(|f| &f.phone_region, |f, v| f.phone_region = v);
    let (phone, set_phone) = text(
        |f| &f.phone,
        |f, v| {
            if f.phone != v {
                f.phone_verified = false;
            }
            f.phone = v;
        },
    );
    let flag = |get: fn(&UserForm) -> bool, put: fn(&mut UserForm, bool)| {
        (
            Signal::derive(move || form.with(get)),
            Callback::new(move |v: bool| form.update(|f| put(f, v))),
        )
    };
    // A password typed before stays in the form (unticking brings it back); the server
    // ignores it for an invitation.
    let (invite, set_invite) = flag(|f| f.invite, |f, v| f.invite = v);
    let (email_ok, set_email_ok) = flag(
        |f| f.email_verified,
        |f, v| {
            f.email_verified = v;
            f.email_verified_marked = true;
        },
    );
    let (phone_ok, set_phone_ok) = flag(
        |f| f.phone_verified,
        |f, v| {
            f.phone_verified = v;
            f.phone_verified_marked = true;
        },
    );
    let tab = RwSignal::new(EditTab::Details);
    view! {
        <form class="user-form" on:submit=submit novalidate>
            {id.is_some().then(|| view! { <EditTabs tab/> })}
            <div role=id.map(|_| "tabpanel") aria-labelledby=id.map(|_| EditTab::Details.tab_id())
                hidden=move || tab.get() != EditTab::Details>
            <TextField label="Email" field="email" kind="email" value=email set=set_email errors leave required=true/>
            {(mode == FormMode::Create).then(|| view! {
                <CheckField label="Send an invitation instead of setting a password" id="user-invite"
                    checked=invite set=set_invite/>
            })}
            <Show when=move || !invite.get()>
                <PasswordField form errors leave keep_hint=mode == FormMode::Edit/>
            </Show>
            <Show when=move || invite.get()>
                <p class="hint" id="user-invite-hint">"The user gets a link to choose their own password (valid 72 hours); choosing it confirms their address."</p>
            </Show>
            <div class="pair">
                <TextField label="Firstname" field="first_name" value=first set=set_first errors leave required=true/>
                <TextField label="Lastname" field="last_name" value=last set=set_last errors leave/>
            </div>
            <PhoneField region set_region number=phone set_number=set_phone errors leave/>
            <SharedPhoneNotice checked=phone_checked.into() except=id/>
            <div class="field">
                <label for="user-language">"Language"</label>
                <select id="user-language" prop:value=move || form.with(|f| f.language.clone())
                    on:change=move |ev| form.update(|f| f.language = event_target_value(&ev))>
                    {LANGUAGES.iter().map(|(code, name)| view! { <option value=*code>{*name}</option> }).collect_view()}
                </select>
                <crate::ui::fields::FieldMessage field="language" errors/>
            </div>
            <div class="field">
                <label for="user-admin_notes">"Admin Notes"</label>
                <textarea id="user-admin_notes" rows="3" aria-describedby="user-admin_notes-error"
                    prop:value=move || form.with(|f| f.admin_notes.clone())
                    on:input=move |ev| form.update(|f| f.admin_notes = event_target_value(&ev))
                    on:blur=move |_| leave.run("admin_notes")></textarea>
                <crate::ui::fields::FieldMessage field="admin_notes" errors/>
            </div>
            <TwoFactorField form editing=id state=two_factor saved_required version passkeys/>
            {(mode == FormMode::Edit).then(|| view! {
                <CheckField label="Email Verified" id="user-email-verified" checked=email_ok set=set_email_ok/>
                <CheckField label="Phone Verified" id="user-phone-verified" checked=phone_ok set=set_phone_ok/>
                <StatusField form was_new errors/>
            })}
            {id.filter(|_| can_audit).map(|id| view! {
                <p><a href=format!("/admin/activity?target={id}")>"This user's history"</a></p>
            })}
            {id.filter(|_| can_impersonate).map(|id| {
                let name = form.with_untracked(|f| format!("{} {}", f.first_name, f.last_name).trim().to_owned());
                view! {
                    <p><button type="button" on:click=move |_| ui.open(super::dialogs::Dialog::SignInAs { id, name: name.clone() })>
                        "Sign in as user…"
                    </button></p>
                }
            })}
            {id.map(|id| view! { <super::user_mail::UserMail id email_verified=email_ok new=was_new/> })}
            </div>
            {id.map(|id| view! { <AccountPanels id tab/> })}
            // Superseded by the save's own conflict notice, which shows both versions.
            {id.map(|id| view! {
                <Show when=move || flow.conflict.with(Option::is_none)>
                    <super::changed_elsewhere::ChangedElsewhere id form version two_factor saving=flow.save.pending().into()/>
                </Show>
            })}
            <ConflictNotice flow/>
            <FormError error=flow.failure/>
            <div class="actions">
                <button type="button" on:click=move |_| ui.close()>"Cancel"</button>
                <button type="submit" class="primary" disabled=move || flow.save.pending().get() aria-busy=move || flow.save.pending().get().then_some("true")>
                    {move || if flow.save.pending().get() { "Saving…" } else { "Save" }}
                </button>
            </div>
        </form>
    }
}
