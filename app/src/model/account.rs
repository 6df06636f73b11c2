//! The client area's account page: what a signed-in user sees of themselves.
use super::client::ClientPermission;
use super::user_list::TwoFactorState;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Account {
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub language: String,
    pub two_factor: TwoFactorState,
    /// Staff made 2FA required: the user cannot turn it off.
    pub two_factor_required: bool,
    pub recovery_codes_left: u32,
    pub clients: Vec<MyClient>,
    /// Set when a staff member is signed in as the user (this page shows a banner).
    pub impersonation: Option<Impersonation>,
}

/// A staff member signed in as the user: who, and when the session ends at the latest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Impersonation {
    pub by: String,
    pub ends_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyClient {
    pub id: Uuid,
    pub name: String,
    pub owner: bool,
    pub permissions: Vec<ClientPermission>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct Profile {
    pub first_name: String,
    pub last_name: String,
    pub language: String,
}

/// One attempt to sign in to an account (its sign-in history).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInAttempt {
    pub at: chrono::DateTime<chrono::Utc>,
    pub outcome: SignInOutcome,
    pub ip: Option<String>,
    /// "Chrome on Linux"; none for attempts recorded before devices were.
    pub device: Option<String>,
}

impl SignInAttempt {
    /// The attempt as the user sees it: staff's reasons for signing in as them stay with staff.
    pub fn for_the_user(mut self) -> Self {
        if let SignInOutcome::ImpersonationStarted { reason, .. } = &mut self.outcome {
            reason.clear();
        }
        self
    }
}

/// How a sign-in attempt ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInOutcome {
    SignedIn,
    Refused(SignInRefusal),
    /// A staff member (named) signed in as the user, and why.
    ImpersonationStarted {
        by: String,
        reason: String,
    },
    /// They returned to the console.
    ImpersonationEnded {
        by: String,
    },
}

/// Why a sign-in of a known account was refused. The key is what the audit trail stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SignInRefusal {
    WrongPassword,
    WrongCode,
    /// A passkey failed a check (signature, counter, user verification).
    WrongPasskey,
    /// Locked after many failures.
    Locked,
    /// Too soon after the last failure.
    TooManyAttempts,
    /// A user account set INACTIVE.
    Inactive,
    EmailNotVerified,
    /// A staff account disabled.
    Disabled,
    /// A reason this version does not know (kept from an older or newer trail).
    Other,
}

impl SignInRefusal {
    const ALL: [Self; 8] = [
        Self::WrongPassword,
        Self::WrongCode,
        Self::WrongPasskey,
        Self::Locked,
        Self::TooManyAttempts,
        Self::Inactive,
        Self::EmailNotVerified,
        Self::Disabled,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Self::WrongPassword => "wrong password",
            Self::WrongCode => "wrong code",
            Self::WrongPasskey => "passkey refused",
            Self::Locked => "locked",
            Self::TooManyAttempts => "too many attempts",
            Self::Inactive => "inactive",
            Self::EmailNotVerified => "email not verified",
            Self::Disabled => "disabled",
            Self::Other => "other",
        }
    }

    pub fn from_key(key: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|r| r.key() == key)
            .unwrap_or(Self::Other)
    }
}

#[cfg(test)]
mod tests {
    use super::SignInRefusal;

    #[test]
    fn every_refusal_reads_back_from_its_key() {
        for r in SignInRefusal::ALL {
            assert_eq!(SignInRefusal::from_key(r.key()), r);
        }
        assert_eq!(SignInRefusal::from_key("?"), SignInRefusal::Other);
    }
}
