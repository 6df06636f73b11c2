//! One CSV record read through the mapping into what the Create User form would hold, with
//! the form's own rules; a refused record says why in words staff can act on.
use crate::auth::legacy_hash::HashKind;
use crate::model::import::{ImportField, Mapping};
use crate::model::language::{is_supported, LANGUAGES};
use crate::model::user_form::{FieldError, FormMode, UserForm};
use crate::model::user_list::UserStatus;
use crate::service::users::rules::{clean, Clean};
use crate::service::ServiceError;

/// A record that passed the form's rules.
pub struct RowInput {
    pub clean: Clean,
    pub language: String,
    /// A hash another system made (or Roster's own), kept as it is.
    pub hash: Option<String>,
    /// ACTIVE or INACTIVE when the file says so; otherwise the user is NEW.
    pub status: Option<UserStatus>,
    pub email_verified: bool,
}

/// WHMCS names its languages in English.
const LANGUAGE_NAMES: &[(&str, &str)] = &[
    ("english", "en"),
    ("german", "de"),
    ("french", "fr"),
    ("polish", "pl"),
    ("ukrainian", "uk"),
    ("spanish", "es"),
    ("italian", "it"),
    ("dutch", "nl"),
    ("portuguese", "pt"),
    ("portuguese-pt", "pt"),
    ("portuguese-br", "pt"),
];

/// The value a record holds for `field` through the mapping, trimmed ("" when unmapped).
fn value<'a>(fields: &'a [String], mapping: &Mapping, field: ImportField) -> &'a str {
    mapping
        .iter()
        .position(|m| *m == Some(field))
        .and_then(|i| fields.get(i))
        .map(|v| v.trim())
        .unwrap_or_default()
}

/// The order a batch's records are read in: one country's phone numbers after another. The
/// phone library keeps only 100 compiled patterns, and numbers of several countries in turn
/// recompiled them for nearly every number (as the seed found: 89 s for 100,000 numbers).
pub fn phone_order(fields: &[String], mapping: &Mapping) -> (String, String) {
    let phone = value(fields, mapping, ImportField::Phone);
    (
        value(fields, mapping, ImportField::Country).to_ascii_uppercase(),
        phone.chars().take(4).collect(),
    )
}

pub fn read(fields: &[String], mapping: &Mapping) -> Result<RowInput, String> {
    let get = |field: ImportField| value(fields, mapping, field);
    let hash = match get(ImportField::PasswordHash) {
        "" => None,
        value if HashKind::of(value).is_some() => Some(value.to_owned()),
        _ => {
            return Err(
                "Plain-text passwords are refused: import password hashes (argon2id, \
                        bcrypt, PBKDF2-SHA256), or leave the column out and invite the user"
                    .into(),
            )
        }
    };
    let status = match get(ImportField::Status).to_ascii_lowercase().as_str() {
        "" | "new" => None,
        "active" => Some(UserStatus::Active),
        "inactive" | "closed" | "disabled" => Some(UserStatus::Inactive),
        other => {
            return Err(format!(
                "Status “{other}” is not Active, Inactive or Closed"
            ))
        }
    };
    let language = language(get(ImportField::Language))?;
    let form = UserForm {
        email: get(ImportField::Email).to_owned(),
        first_name: get(ImportField::FirstName).to_owned(),
        last_name: get(ImportField::LastName).to_owned(),
        phone: get(ImportField::Phone).to_owned(),
        phone_region: get(ImportField::Country).to_ascii_uppercase(),
        language: language.clone(),
        admin_notes: get(ImportField::AdminNotes).to_owned(),
        invite: true,
        ..Default::default()
    };
    let clean = clean(&form, FormMode::Create).map_err(|e| reason(&e))?;
    Ok(RowInput {
        clean,
        language,
        hash,
        status,
        email_verified: verified(get(ImportField::EmailVerified)),
    })
}

fn language(value: &str) -> Result<String, String> {
    let value = value.to_ascii_lowercase();
    if value.is_empty() {
        return Ok("en".into());
    }
    if is_supported(&value) {
        return Ok(value);
    }
    match LANGUAGE_NAMES.iter().find(|(name, _)| *name == value) {
        Some((_, code)) => Ok((*code).into()),
        None => {
            let offered: Vec<&str> = LANGUAGES.iter().map(|(c, _)| *c).collect();
            Err(format!(
                "Language “{value}” is not one Roster offers ({})",
                offered.join(", ")
            ))
        }
    }
}

/// Yes, true, 1 or a date (WHMCS's `email_verified_at`) mean verified.
fn verified(value: &str) -> bool {
    !matches!(
        value.to_ascii_lowercase().as_str(),
        "" | "0" | "no" | "false" | "n" | "null" | "0000-00-00 00:00:00"
    )
}

/// The form's refusal as one sentence: "Email: …; Phone: …".
fn reason(e: &ServiceError) -> String {
    match e {
        ServiceError::Fields(list) => list
            .iter()
            .map(|FieldError { field, message }| format!("{}: {message}", label(field)))
            .collect::<Vec<_>>()
            .join("; "),
        ServiceError::Validation { field, message } => format!("{}: {message}", label(field)),
        other => other.to_string(),
    }
}

fn label(field: &str) -> &str {
    match field {
        "email" => "Email",
        "first_name" => "First name",
        "last_name" => "Last name",
        "phone" => "Phone",
        "language" => "Language",
        "admin_notes" => "Admin notes",
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ImportField::*;

    fn row(values: &[&str]) -> Vec<String> {
        values.iter().map(|v| v.to_string()).collect()
    }

    const MAPPING: [Option<ImportField>; 7] = [
        Some(Email),
        Some(FirstName),
        Some(LastName),
        Some(Phone),
        Some(Country),
        Some(Status),
        Some(PasswordHash),
    ];

    #[test]
    fn a_whmcs_row_reads_into_the_forms_values() {
        let hash = "$2y$04$nRfZaC7dohwmAiC1yxanh.rlIko3w.huy8KErY4tLMKwJWv9kNbF.";
        let input = read(
            &row(&[
                "Ann@Example.com ",
                "Ann",
                "Lee",
                "512 345 678",
                "pl",
                "Active",
                hash,
            ]),
            &MAPPING.to_vec(),
        )
        .unwrap();
        assert_eq!(input.clean.email_norm, "ann@example.com");
        assert_eq!(input.clean.phone.as_deref(), Some("+48512345678"));
        assert_eq!(input.status, Some(UserStatus::Active));
        assert_eq!(input.hash.as_deref(), Some(hash));
        assert_eq!(input.language, "en");
    }

    #[test]
    fn refusals_say_what_to_fix() {
        let mapping = MAPPING.to_vec();
        let plain = read(
            &row(&["a@x.test", "A", "B", "", "", "", "hunter2"]),
            &mapping,
        );
        assert!(plain
            .err()
            .unwrap()
            .starts_with("Plain-text passwords are refused"));
        let email = read(&row(&["not-an-email", "A", "B", "", "", "", ""]), &mapping);
        assert!(email.err().unwrap().starts_with("Email: "));
        let status = read(&row(&["a@x.test", "A", "B", "", "", "Fraud", ""]), &mapping);
        assert_eq!(
            status.err().unwrap(),
            "Status “fraud” is not Active, Inactive or Closed"
        );
        assert_eq!(language("German").unwrap(), "de");
        assert!(language("klingon").unwrap_err().contains("(en, de"));
        assert!(verified("2024-03-01 10:00:00") && !verified("0"));
    }
}
