//! Create Client and Edit Client: the fields, and the rules the browser checks as each field
//! is left. The server runs them again and adds uniqueness of company name and tax ID.
use super::client::ClientStatus;
use super::language;
use super::messages::Message;
use super::user_form::{FieldError, NAME_MAX, NOTES_MAX};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub const COMPANY_MAX: usize = 200;
pub const TAX_ID_MAX: usize = 64;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClientForm {
    pub first_name: String,
    pub last_name: String,
    /// Empty: no company (a private person).
    pub company_name: String,
    pub tax_id: String,
    pub status: ClientStatus,
    pub language: String,
    pub admin_notes: String,
}

impl Default for ClientForm {
    fn default() -> Self {
        Self {
            first_name: String::new(),
            last_name: String::new(),
            company_name: String::new(),
            tax_id: String::new(),
            status: ClientStatus::New,
            language: "en".into(),
            admin_notes: String::new(),
        }
    }
}

/// A client as the Edit Client modal opens it, with the version Save sends back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EditClient {
    pub id: Uuid,
    pub version: i32,
    pub form: ClientForm,
}

pub const FIELDS: [&str; 5] = [
    "first_name",
    "last_name",
    "company_name",
    "tax_id",
    "admin_notes",
];

/// The message for one field, or None when it is fine as far as the browser can tell.
pub fn check_field(form: &ClientForm, field: &str) -> Option<Message> {
    let too_long = |value: &str, max: usize| {
        (value.trim().chars().count() > max).then_some(Message::AtMost(max))
    };
    match field {
        "first_name" if form.first_name.trim().is_empty() => Some(Message::FirstNameMissing),
        "first_name" => too_long(&form.first_name, NAME_MAX),
        "last_name" => too_long(&form.last_name, NAME_MAX),
        "company_name" => too_long(&form.company_name, COMPANY_MAX),
        "tax_id" => tax_id(&form.tax_id),
        "language" => (!language::is_supported(&form.language)).then_some(Message::LanguageUnknown),
        "admin_notes" => too_long(&form.admin_notes, NOTES_MAX),
        _ => None,
    }
}

/// Every field's message, in form order.
pub fn check(form: &ClientForm) -> Vec<FieldError> {
    FIELDS
        .iter()
        .chain(&["language"])
        .filter_map(|f| check_field(form, f).map(|m| FieldError::new(f, m)))
        .collect()
}

/// Tax IDs differ by country (VAT numbers, EINs, NIPs): letters, digits and the usual
/// separators, checked for shape only.
fn tax_id(value: &str) -> Option<Message> {
    let value = value.trim();
    if value.chars().count() > TAX_ID_MAX {
        return Some(Message::AtMost(TAX_ID_MAX));
    }
    let allowed = |c: char| c.is_ascii_alphanumeric() || " -./".contains(c);
    (!value.chars().all(allowed)).then_some(Message::TaxIdCharacters)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid() -> ClientForm {
        ClientForm {
            first_name: "Cleo".into(),
            company_name: "Acme Sp. z o.o.".into(),
            tax_id: "PL 526-000-12-46".into(),
            ..Default::default()
        }
    }

    #[test]
    fn each_rule_names_its_field() {
        assert_eq!(check(&valid()), vec![]);
        type Breaks = fn(&mut ClientForm);
        let cases: Vec<(Breaks, &str)> = vec![
            (|f| f.first_name = " ".into(), "first_name"),
            (|f| f.last_name = "x".repeat(101), "last_name"),
            (|f| f.company_name = "c".repeat(201), "company_name"),
            (|f| f.tax_id = "PL<script>".into(), "tax_id"),
            (|f| f.tax_id = "1".repeat(65), "tax_id"),
            (|f| f.language = "xx".into(), "language"),
            (|f| f.admin_notes = "n".repeat(10_001), "admin_notes"),
        ];
        for (break_it, field) in cases {
            let mut form = valid();
            break_it(&mut form);
            let errors = check(&form);
            assert_eq!(errors.len(), 1, "{field}: {errors:?}");
            assert_eq!(errors[0].field, field);
        }
    }
}
