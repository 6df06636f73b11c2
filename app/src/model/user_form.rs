//! Create User and Edit User: the fields staff fill in, and the rules the browser checks as
//! each field is left. The server runs the same rules again and adds what needs data it
//! alone has (uniqueness, numbering plans, the common-password list).
use super::messages::Message;
use super::user_list::{TwoFactorState, UserStatus};
use super::Password;
use super::{language, validate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const NAME_MAX: usize = 100;
pub const NOTES_MAX: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserForm {
    pub email: String,
    /// Required when creating; when editing, empty keeps the current password.
    pub password: Password,
    pub first_name: String,
    pub last_name: String,
    /// ISO 3166-1 alpha-2 region the phone number is dialled in ("PL"); ignored without one.
    pub phone_region: String,
    /// As typed: national ("512 345 678") or international ("+48 512 345 678").
    pub phone: String,
    pub language: String,
    pub admin_notes: String,
    pub two_factor_required: bool,
    /// Editing only (a new user is unverified and NEW).
    pub email_verified: bool,
    pub phone_verified: bool,
    /// Staff ticked or unticked Email Verified in this form. A changed address stays
    /// verified only when the same save marks it so: the server does not take a flag that
    /// was merely loaded with the old address.
    #[serde(default)]
    pub email_verified_marked: bool,
    #[serde(default)]
    pub phone_verified_marked: bool,
    pub status: UserStatus,
    /// Creating only: no password is set; the user chooses one through an invitation link.
    #[serde(default)]
    pub invite: bool,
}

impl Default for UserForm {
    fn default() -> Self {
        Self {
            email: String::new(),
            password: Default::default(),
            first_name: String::new(),
            last_name: String::new(),
            phone_region: String::new(),
            phone: String::new(),
            language: "en".into(),
            admin_notes: String::new(),
            two_factor_required: false,
            email_verified: false,
            phone_verified: false,
            email_verified_marked: false,
            phone_verified_marked: false,
            status: UserStatus::New,
            invite: false,
        }
    }
}

/// One message for one field, e.g. `email`: Message::EmailTaken
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: Message,
}

impl FieldError {
    pub fn new(field: &str, message: Message) -> Self {
        Self {
            field: field.to_owned(),
            message,
        }
    }
}

/// A user as the Edit User modal opens it: the form (password empty) and the version it is
/// based on, which Save sends back so that a change made meanwhile is not overwritten.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditUser {
    pub id: Uuid,
    pub version: i32,
    pub form: UserForm,
    /// The user's 2FA as it is (the form's toggle is only the staff requirement): an
    /// enrolment, whoever made it, is kept by every save and ends only by "Reset 2FA".
    pub two_factor: TwoFactorState,
    /// How many passkeys the user registered (staff can remove them all).
    pub passkeys: u32,
}

/// What Edit User says about a user's 2FA.
pub fn two_factor_summary(state: TwoFactorState, required: bool) -> &'static str {
    match (state, required) {
        (TwoFactorState::Enrolled, true) => "Set up (required by staff).",
        (TwoFactorState::Enrolled, false) => "Set up by the user.",
        (_, true) => "Required, not set up yet: the user sets it up at their next sign-in.",
        (_, false) => "Off.",
    }
}

/// Another user with the same phone number (offices share one): the form warns, never blocks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneUser {
    pub id: Uuid,
    pub name: String,
}

/// Whether the form creates a user or edits one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormMode {
    Create,
    Edit,
}

/// The message for one field, or None when it is fine as far as the browser can tell.
pub fn check_field(form: &UserForm, mode: FormMode, field: &str) -> Option<Message> {
    match field {
        "email" => validate::email(&form.email).err(),
        "password" if mode == FormMode::Edit && form.password.is_empty() => None,
        "password" if mode == FormMode::Create && form.invite => None,
        "password" => validate::password(&form.password, &form.email).err(),
        "first_name" => name(&form.first_name, true),
        "last_name" => name(&form.last_name, false),
        "phone" => phone(&form.phone, &form.phone_region),
        "language" => (!language::is_supported(&form.language)).then_some(Message::LanguageUnknown),
        "admin_notes" => (form.admin_notes.chars().count() > NOTES_MAX)
            .then_some(Message::NotesTooLong(NOTES_MAX)),
        _ => None,
    }
}

pub const FIELDS: [&str; 7] = [
    "email",
    "password",
    "first_name",
    "last_name",
    "phone",
    "language",
    "admin_notes",
];

/// Every field's message, in form order.
pub fn check(form: &UserForm, mode: FormMode) -> Vec<FieldError> {
    FIELDS
        .iter()
        .filter_map(|f| check_field(form, mode, f).map(|m| FieldError::new(f, m)))
        .collect()
}

fn name(value: &str, required: bool) -> Option<Message> {
    let n = value.trim().chars().count();
    if required && n == 0 {
        Some(Message::FirstNameMissing)
    } else if n > NAME_MAX {
        Some(Message::AtMost(NAME_MAX))
    } else {
        None
    }
}

/// The shape of a phone number; the server checks it against the region's numbering plan.
fn phone(value: &str, region: &str) -> Option<Message> {
    let value = value.trim();
    if value.is_empty() {
        return None;
    }
    if !value.starts_with('+') && region.is_empty() {
        return Some(Message::PhoneCountryMissing);
    }
    let allowed = |c: char| c.is_ascii_digit() || " +-().".contains(c);
    let digits = value.chars().filter(char::is_ascii_digit).count();
    if !value.chars().all(allowed) || !(4..=15).contains(&digits) {
        return Some(Message::PhoneNotDigits);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> UserForm {
        UserForm {
            email: "ann.lee@example.com".into(),
            password: "correct horse battery".into(),
            first_name: "Ann".into(),
            phone_region: "PL".into(),
            phone: "512 345 678".into(),
            ..Default::default()
        }
    }

    #[test]
    fn a_complete_form_passes() {
        assert_eq!(check(&valid(), FormMode::Create), vec![]);
    }

    #[test]
    fn an_invitation_needs_no_password_but_a_new_user_without_one_does() {
        let no_password = UserForm {
            password: Default::default(),
            ..valid()
        };
        assert_eq!(
            check(&no_password, FormMode::Create)
                .iter()
                .map(|e| e.field.as_str())
                .collect::<Vec<_>>(),
            ["password"]
        );
        let invited = UserForm {
            invite: true,
            ..no_password
        };
        assert_eq!(check(&invited, FormMode::Create), vec![]);
    }

    #[test]
    fn each_rule_names_its_field() {
        type Breaks = fn(&mut UserForm);
        let cases: Vec<(Breaks, &str)> = vec![
            (|f| f.email = "ann".into(), "email"),
            (|f| f.password = "short".into(), "password"),
            (|f| f.password = "ann.lee-is-my-name".into(), "password"),
            (|f| f.first_name = "  ".into(), "first_name"),
            (|f| f.last_name = "x".repeat(101), "last_name"),
            (|f| f.phone = "12ab".into(), "phone"),
            (|f| f.phone_region = String::new(), "phone"),
            (|f| f.language = "xx".into(), "language"),
            (|f| f.admin_notes = "n".repeat(10_001), "admin_notes"),
        ];
        for (break_it, field) in cases {
            let mut form = valid();
            break_it(&mut form);
            let errors = check(&form, FormMode::Create);
            assert_eq!(errors.len(), 1, "{field}: {errors:?}");
            assert_eq!(errors[0].field, field);
        }
    }

    #[test]
    fn editing_keeps_the_password_when_left_empty() {
        let form = UserForm {
            password: Default::default(),
            ..valid()
        };
        assert_eq!(check(&form, FormMode::Edit), vec![]);
        assert_eq!(check(&form, FormMode::Create)[0].field, "password");
    }

    #[test]
    fn international_numbers_need_no_region() {
        let form = UserForm {
            phone_region: String::new(),
            phone: "+48 512 345 678".into(),
            ..valid()
        };
        assert_eq!(check(&form, FormMode::Create), vec![]);
    }
}
