//! CSV imports of users: which Roster field each column of the file fills (guessed from the
//! header, e.g. WHMCS's client export, and changeable), and what checking each row found.
use serde::{Deserialize, Serialize};
use uuid::Uuid;

/// A Roster field a CSV column can fill.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::IntoStaticStr,
    strum::EnumString,
    strum::VariantArray,
    strum::EnumMessage,
)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
pub enum ImportField {
    #[strum(message = "Email")]
    Email,
    #[strum(message = "First name")]
    FirstName,
    #[strum(message = "Last name")]
    LastName,
    #[strum(message = "Phone")]
    Phone,
    /// Two-letter country code, for reading a phone number written without `+`.
    #[strum(message = "Country (for the phone)")]
    Country,
    #[strum(message = "Status")]
    Status,
    #[strum(message = "Password hash")]
    PasswordHash,
    #[strum(message = "Language")]
    Language,
    #[strum(message = "Email verified")]
    EmailVerified,
    #[strum(message = "Admin notes")]
    AdminNotes,
}

/// For each column of the file, the field it fills (None: not imported).
pub type Mapping = Vec<Option<ImportField>>;

/// The field a header names, by the names Roster, WHMCS (client export and API), Django and
/// common spreadsheets use.
pub fn guess(header: &str) -> Option<ImportField> {
    let name: String = header
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    Some(match name.as_str() {
        "email" | "emailaddress" | "mail" | "username" => ImportField::Email,
        "firstname" | "first" | "givenname" | "fname" | "forename" => ImportField::FirstName,
        "lastname" | "last" | "surname" | "familyname" | "lname" => ImportField::LastName,
        "phone" | "phonenumber" | "telephone" | "tel" | "mobile" => ImportField::Phone,
        "country" | "countrycode" => ImportField::Country,
        "status" => ImportField::Status,
        "password" | "passwordhash" | "hash" => ImportField::PasswordHash,
        "language" | "lang" | "locale" => ImportField::Language,
        "emailverified" | "emailverifiedat" | "verified" => ImportField::EmailVerified,
        "notes" | "adminnotes" => ImportField::AdminNotes,
        _ => return None,
    })
}

/// The guessed mapping of a header: each field once, at its first column.
pub fn guess_all(header: &[String]) -> Mapping {
    let mut seen = Vec::new();
    header
        .iter()
        .map(|h| {
            guess(h).filter(|f| {
                let first = !seen.contains(f);
                seen.push(*f);
                first
            })
        })
        .collect()
}

/// What checking a row found; stored in `import_rows.verdict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, strum::IntoStaticStr)]
#[strum(serialize_all = "snake_case")]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ssr", derive(sea_orm::DeriveActiveEnum, sea_orm::EnumIter))]
#[cfg_attr(
    feature = "ssr",
    sea_orm(rs_type = "String", db_type = "Text", rename_all = "snake_case")
)]
pub enum Verdict {
    Create,
    /// A user with this email exists: their details are updated.
    Update,
    Refuse,
}

/// An import as its page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ImportView {
    pub id: Uuid,
    pub file_name: String,
    pub header: Vec<String>,
    pub mapping: Mapping,
    /// The first records, to choose the mapping by.
    pub sample: Vec<Vec<String>>,
    pub rows: u64,
    pub invite: bool,
    /// Set once checked: how many rows would create, update, be refused.
    pub checked: Option<ImportCounts>,
    /// The check or import job running or last run, for its progress.
    pub job: Option<super::job::JobView>,
    pub imported: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportCounts {
    pub create: u64,
    pub update: u64,
    pub refuse: u64,
}

/// A checked row, for the preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckedRow {
    pub line: u64,
    pub email: String,
    pub verdict: Verdict,
    pub reason: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whmcs_client_export_columns_are_recognised() {
        let header: Vec<String> = [
            "ID",
            "First Name",
            "Last Name",
            "Company Name",
            "Email Address",
            "Address 1",
            "City",
            "Country",
            "Phone Number",
            "Status",
            "Password",
            "Language",
            "Created",
        ]
        .map(String::from)
        .to_vec();
        use ImportField::*;
        assert_eq!(
            guess_all(&header),
            vec![
                None,
                Some(FirstName),
                Some(LastName),
                None,
                Some(Email),
                None,
                None,
                Some(Country),
                Some(Phone),
                Some(Status),
                Some(PasswordHash),
                Some(Language),
                None,
            ]
        );
    }

    #[test]
    fn a_field_is_guessed_for_its_first_column_only() {
        let header = ["email", "E-mail", "firstname"].map(String::from).to_vec();
        assert_eq!(
            guess_all(&header),
            vec![Some(ImportField::Email), None, Some(ImportField::FirstName)]
        );
    }
}
