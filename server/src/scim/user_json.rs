//! A user as a SCIM User, and a User body as the service's input.
use super::body::{Body, Mode};
use super::{meta, ScimProblem};
use app::db::users;
use app::model::user_list::UserStatus;
use app::search::scim::{USER_EXTENSION, USER_SCHEMA};
use app::service::scim::users::UserInput;
use serde_json::{json, Value};

pub fn to_json(u: &users::Model, base: &str) -> Value {
    // Roster's attributes at their defaults (no 2FA requirement, unverified, no notes) are
    // left out, as unassigned attributes are: removing the extension leaves them so.
    let mut extension = serde_json::Map::new();
    if u.two_factor_required || u.email_verified || !u.admin_notes.is_empty() {
        extension.insert("twoFactorRequired".into(), json!(u.two_factor_required));
        extension.insert("emailVerified".into(), json!(u.email_verified));
    }
    if !u.admin_notes.is_empty() {
        extension.insert("adminNotes".into(), json!(u.admin_notes));
    }
    let mut out = json!({
        "schemas": [USER_SCHEMA, USER_EXTENSION],
        "id": u.id,
        "userName": u.scim_user_name.as_deref().unwrap_or(&u.email),
        "name": { "givenName": u.first_name, "familyName": u.last_name },
        "emails": [{ "value": u.email, "type": "work", "primary": u.scim_email_primary.unwrap_or(true) }],
        "active": u.status != UserStatus::Inactive,
        "preferredLanguage": u.language,
        "meta": meta("User", &format!("{base}/scim/v2/Users/{}", u.id), u.created_at, u.updated_at, u.version),
    });
    if !extension.is_empty() {
        out[USER_EXTENSION] = serde_json::Value::Object(extension);
    }
    if let Some(external_id) = &u.external_id {
        out["externalId"] = json!(external_id);
    }
    if let Some(display_name) = &u.scim_display_name {
        out["displayName"] = json!(display_name);
    }
    if let Some(phone) = &u.phone {
        out["phoneNumbers"] = json!([{ "value": phone, "type": "work" }]);
    }
    out
}

/// A User body read for the service. `current`: the user a PUT or PATCH changes (an
/// absent `active` keeps their status).
pub fn from_json(
    body: &Value,
    mode: Mode,
    current: Option<&users::Model>,
) -> Result<UserInput, ScimProblem> {
    let body = Body::of(body, USER_SCHEMA, mode)?;
    let extension = body.extension(USER_EXTENSION)?;
    let name = body.object("name")?;
    let name_part = |part: &str| -> Result<String, ScimProblem> {
        let value = match &name {
            Some(name) => name.string(part)?,
            None => None,
        };
        value.ok_or_else(|| ScimProblem::bad("invalidValue", format!("name.{part} is required.")))
    };
    // Roster keeps one address: the primary one, else the first.
    let (email, email_primary) = match body.list("emails")? {
        Some(emails) => {
            let primary = emails
                .iter()
                .find(|e| e.bool("primary").ok().flatten() == Some(true))
                .or(emails.first());
            match primary {
                Some(email) => (email.string("value")?, email.bool("primary")?),
                None => (None, None),
            }
        }
        None => (None, None),
    };
    let patched = mode == Mode::Patched;
    let keep_or = |value: Option<bool>| value.or(patched.then_some(false));
    Ok(UserInput {
        user_name: body
            .string("userName")?
            .ok_or_else(|| ScimProblem::bad("invalidValue", "userName is required."))?,
        given_name: name_part("givenName")?,
        family_name: name_part("familyName")?,
        display_name: body.string("displayName")?,
        email,
        email_primary,
        email_verified: keep_or(
            extension
                .as_ref()
                .map(|e| e.bool("emailVerified"))
                .transpose()?
                .flatten(),
        ),
        active: match body.bool("active")? {
            Some(active) => active,
            None => current.is_none_or(|u| u.status != UserStatus::Inactive),
        },
        language: body.string("preferredLanguage")?,
        external_id: body.string("externalId")?,
        two_factor_required: keep_or(
            extension
                .as_ref()
                .map(|e| e.bool("twoFactorRequired"))
                .transpose()?
                .flatten(),
        ),
        admin_notes: match extension
            .as_ref()
            .map(|e| e.string("adminNotes"))
            .transpose()?
            .flatten()
        {
            Some(notes) => Some(notes),
            None => patched.then(String::new),
        },
    })
}
