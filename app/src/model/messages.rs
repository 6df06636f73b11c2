//! Every message Roster's rules send to people, as values with their parameters. `Display` is
//! the English text (the staff console and API clients read it); the client area renders each
//! value in the user's language (`ui/client_area/messages.rs`), never by matching text.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum Message {
    // --- Sign-in and the client area (translated) ---
    #[error("Please sign in.")]
    NotSignedIn,
    /// The one message for every failed sign-in step: it must not tell which part was wrong.
    #[error("Sign-in failed: the email, password or code is not correct.")]
    SignInFailed,
    #[error("This account is disabled. Contact support.")]
    AccountDisabled,
    #[error(
        "Your email address is not verified yet. Open the link we sent you, or have it sent again."
    )]
    EmailNotVerified,
    #[error("That is not your current password.")]
    WrongPassword,
    #[error("That code is not correct. Enter the current code from your app.")]
    WrongCode,
    #[error("That code is not correct. Check the time on your device and try the current code.")]
    WrongFirstCode,
    #[error("Enter a first name.")]
    FirstNameMissing,
    #[error("Choose one of the listed languages.")]
    LanguageUnknown,
    #[error("Your provider requires two-factor authentication.")]
    TwoFactorRequired,
    #[error("This is one of the most common passwords. Choose another.")]
    CommonPassword,
    #[error("Do not use the name from the email address in the password.")]
    PasswordHasEmailName,
    #[error("Enter the 6-digit code from your authenticator app.")]
    TotpFormat,
    #[error("The request was malformed.")]
    Malformed,
    #[error("This link does not work: it may have been replaced by a newer one.")]
    LinkInvalid,
    #[error("This link has expired.")]
    LinkExpired,
    #[error("This link has already been used.")]
    LinkUsed,
    #[error("The passkey request expired. Try again.")]
    PasskeyExpired,
    #[error("This passkey was not accepted.")]
    PasskeyNotAccepted,
    #[error("Passkeys are not available on this server.")]
    PasskeysUnavailable,
    #[error("This passkey is already registered.")]
    PasskeyAlreadyRegistered,
    #[error("Two-factor authentication is required: set up an authenticator app before removing your last passkey.")]
    PasskeyLastFactor,
    #[error("Enter a name for the passkey.")]
    PasskeyNameMissing,
    /// A length limit in characters.
    #[error("Use at least {0} characters.")]
    AtLeast(usize),
    #[error("Use at most {0} characters.")]
    AtMost(usize),

    // --- Staff console forms (English) ---
    #[error("Enter an email address.")]
    EmailMissing,
    #[error("An email address has at most {0} characters.")]
    EmailTooLong(usize),
    #[error("Enter an email address like name@example.com.")]
    EmailInvalid,
    #[error("Admin notes have at most {0} characters.")]
    NotesTooLong(usize),
    #[error("Choose the country of this number.")]
    PhoneCountryMissing,
    #[error("Enter a phone number of digits, like 512 345 678.")]
    PhoneNotDigits,
    /// Not valid in the country chosen (its ISO code).
    #[error("This is not a valid phone number in {0}.")]
    PhoneInvalidIn(String),
    #[error("This is not a valid phone number.")]
    PhoneInvalid,
    #[error("Use letters, digits, spaces and - . / only.")]
    TaxIdCharacters,
    #[error("A user with this email already exists.")]
    EmailTaken,
    #[error("Another user already has this user name (or it is another user's email).")]
    UserNameTaken,
    #[error("Choose ACTIVE or INACTIVE.")]
    ActiveOrInactive,
    #[error("Two-factor authentication is not set up for this user.")]
    TwoFactorNotEnrolled,
    #[error("This user has no passkeys.")]
    NoPasskeys,
    #[error("Another client already has this company name.")]
    CompanyTaken,
    #[error("Another client already has this tax ID.")]
    TaxIdTaken,
    #[error("This user is already associated with this client.")]
    AlreadyAssociated,
    #[error("This user was deleted in the meantime.")]
    UserGone,
    #[error("This client was deleted in the meantime.")]
    ClientGone,
    #[error("This user is no longer associated with this client.")]
    NotAMember,
    #[error("Select at least one user.")]
    NothingSelected,
    #[error("Select at most {0} users one by one, or use \"Select all matching\".")]
    TooManyPicked(usize),
    #[error("This job has already finished.")]
    JobFinished,
    #[error(
        "The file cannot be read as CSV at line {0}: save it as CSV (UTF-8) and upload it again."
    )]
    CsvUnreadable(u64),
    #[error("The file has no rows under its header.")]
    CsvEmpty,
    #[error("The file has more than {0} rows: split it into several files.")]
    CsvTooLong(u64),
    #[error("Choose which column holds the email address.")]
    EmailColumnMissing,
    #[error("Check the file before importing it, and import it once.")]
    ImportNotReady,
    #[error("This user owns the client: make another user the owner first.")]
    OwnerStays,
    #[error("Enter a name of 1 to {0} characters.")]
    StaffNameLength(usize),
    #[error("No such role.")]
    NoSuchRole,
    #[error("A staff member with this email already exists.")]
    StaffEmailTaken,
    #[error("You cannot take Manage staff away from yourself: ask another Administrator.")]
    OwnStaffManage,
    #[error("This is the last active Administrator: make someone else Administrator first.")]
    LastAdministrator,
    #[error("Nobody else active could manage staff: give Manage staff to someone else first.")]
    LastStaffManager,
    #[error("Another role already has this name.")]
    RoleNameTaken,
    #[error("Enter a role name of 1 to {0} characters.")]
    RoleNameLength(usize),
    #[error("Built-in roles cannot be changed.")]
    BuiltInRole,
    #[error("{0} staff members have this role: move them to another role first.")]
    RoleInUse(u64),
    #[error("This staff member was changed by someone else meanwhile: close and open it again.")]
    StaffChanged,
    #[error("This role was changed by someone else meanwhile: close and open it again.")]
    RoleChanged,
    #[error("This staff member is disabled.")]
    StaffDisabled,
    #[error("Mail is not sent from this server (ROSTER_SMTP_URL is not set): hand over a one-time password instead.")]
    MailNotSent,
    #[error("This staff member has already chosen a password: there is no invitation to send.")]
    NotInvited,
    #[error("Choose a new password: the one you were given works only once.")]
    NewPasswordNeeded,
    #[error("Say why you sign in as this user: the reason is recorded.")]
    ReasonMissing,
    #[error("A reason has at most {0} characters.")]
    ReasonTooLong(usize),
    #[error("This user is INACTIVE: they cannot sign in, so nobody can sign in as them.")]
    InactiveUser,
    #[error("This email address is already verified.")]
    AlreadyVerified,
    #[error("This user is INACTIVE: activate them before sending them a link.")]
    InactiveNoLink,
    /// PostgreSQL cannot store it, so no text field holds it.
    #[error("Text cannot hold the NUL character (U+0000): remove it.")]
    NulCharacter,
    #[error("Name the token, in 1 to {0} characters.")]
    TokenNameLength(usize),
    #[error("Choose at least one scope.")]
    ScopesMissing,
    /// A scope the staff member's own role does not allow (its key).
    #[error("Your role does not allow the scope {0}.")]
    ScopeNotAllowed(String),
    #[error("A token lasts from 1 to {0} days.")]
    TokenLifetime(i64),
}
